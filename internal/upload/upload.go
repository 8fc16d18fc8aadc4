// Package upload keeps the files attached to progress reports and
// practices: in the database (so every instance of a PostgreSQL
// deployment serves the same bytes), with their SHA-256, under a size
// limit, and with the media type recognised from their content — PDF,
// images, UTF-8 text and CSV, and office documents; HTML, SVG, programs
// and anything unrecognised are refused. Who may download a file is
// decided by the texts that hold it (Holder): the package only stores
// and describes files.
package upload

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strconv"
	"time"

	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// MaxBytes is the largest file kept: a scanned report or a slide deck,
// not a data set (indicator files have their own import).
const MaxBytes = 20 << 20

// Upload is a stored file. Content is filled by Get only.
type Upload struct {
	ID        int64     `json:"id"`
	SHA256    string    `json:"sha256"`
	Size      int64     `json:"size"`
	MediaType string    `json:"media_type"`
	FileName  string    `json:"file_name"`
	CreatedBy int64     `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	Content   []byte    `json:"-"`
}

// File is a file as a form or a client sent it, before it is stored.
type File struct {
	Name    string
	Content []byte
}

// Check reports whether f would be stored, and as what type, without
// storing it: a form handler checks every file before it writes anything.
func (f File) Check() (string, error) { return Detect(f.Name, f.Content) }

// Save stores a file inside tx, audited as actor's, and returns it without
// its content. A refused file is an errs error: upload_type (Invalid),
// upload_empty (Invalid) or upload_too_large (TooLarge), on field "file".
func Save(ctx context.Context, tx *store.Tx, actor audit.Actor, fileName string, content []byte) (Upload, error) {
	mt, err := Detect(fileName, content)
	if err != nil {
		return Upload{}, err
	}
	sum := sha256.Sum256(content)
	u := Upload{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(content)), MediaType: mt,
		FileName: SafeName(fileName, mt), CreatedBy: actor.UserID, CreatedAt: store.Now()}
	var by any
	if actor.UserID != 0 {
		by = actor.UserID
	}
	if err := tx.QueryRow(ctx, `INSERT INTO uploads (sha256, size, media_type, file_name, content, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, u.SHA256, u.Size, u.MediaType, u.FileName, content, by, u.CreatedAt).Scan(&u.ID); err != nil {
		return Upload{}, err
	}
	err = audit.Record(ctx, tx, audit.Event{Actor: actor, Action: "upload.create", EntityType: "upload",
		EntityID: strconv.FormatInt(u.ID, 10), Change: u})
	return u, err
}

// Store saves one file in a transaction of its own (see Save).
func Store(ctx context.Context, db *store.DB, actor audit.Actor, fileName string, content []byte) (Upload, error) {
	var u Upload
	err := db.Write(ctx, func(tx *store.Tx) error {
		var err error
		u, err = Save(ctx, tx, actor, fileName, content)
		return err
	})
	return u, err
}

const columns = "id, sha256, size, media_type, file_name, COALESCE(created_by, 0), created_at"

// Meta returns an upload without its content; errs.ErrNotFound if there
// is none.
func Meta(ctx context.Context, q store.Querier, id int64) (Upload, error) {
	var u Upload
	err := q.QueryRow(ctx, "SELECT "+columns+" FROM uploads WHERE id = ?", id).
		Scan(&u.ID, &u.SHA256, &u.Size, &u.MediaType, &u.FileName, &u.CreatedBy, &u.CreatedAt)
	return u, found(err)
}

// Get returns an upload with its content.
func Get(ctx context.Context, q store.Querier, id int64) (Upload, error) {
	var u Upload
	err := q.QueryRow(ctx, "SELECT "+columns+", content FROM uploads WHERE id = ?", id).
		Scan(&u.ID, &u.SHA256, &u.Size, &u.MediaType, &u.FileName, &u.CreatedBy, &u.CreatedAt, &u.Content)
	return u, found(err)
}

func found(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.ErrNotFound
	}
	return err
}
