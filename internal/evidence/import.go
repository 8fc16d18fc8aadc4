package evidence

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash"
	"io"
	"strings"
	"time"

	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/evidence/ingest"
	"roundtable/internal/store"
)

// ImportOptions say what a file is when the file does not say it itself.
type ImportOptions struct {
	FileName string
	Format   string // an ingest format name; "" recognises the file from its first bytes
	// Source, Vintage, Licence and SourceURL are used when the file does
	// not say; Source and Vintage are then required.
	Source, Vintage, Licence, SourceURL string
	// Vintages overrides the vintage of some indicators (the shipped
	// manifest: a file may gather releases of different dates).
	Vintages map[string]string
	// Indicator is the indicator of a layout that names none (the datasets
	// layout Country Name,Country Code,Year,Value).
	Indicator string
	Actor     audit.Actor
	// Size is the file's length in bytes, if known; Progress is called
	// with the bytes read so far at most ten times a second, and once at
	// the end.
	Size     int64
	Progress func(done, total int64)
}

// ImportResult says what an import did. Rows is the observations the file
// holds; Changed those it added or changed. Repeated is true when the same
// file (same bytes) was imported before: nothing changed, and ID is that
// earlier import.
type ImportResult struct {
	ID       int64    `json:"id"`
	Format   string   `json:"format"`
	Rows     int      `json:"rows"`
	Changed  int      `json:"changed"`
	Series   []Series `json:"series"`
	Repeated bool     `json:"repeated,omitempty"`
}

// ImportRecord is one row of the import log.
type ImportRecord struct {
	ID       int64     `json:"id"`
	FileName string    `json:"file_name"`
	Format   string    `json:"format"`
	SHA256   string    `json:"sha256"`
	Rows     int       `json:"rows"`
	Changed  int       `json:"changed"`
	Series   []int64   `json:"series"`
	Actor    string    `json:"actor"`
	At       time.Time `json:"imported_at"`
}

// Import reads one indicator file into its series, all or nothing: any
// fault in the file (reported with its line) leaves the database as it was.
// A series is (indicator, source, vintage); a file never adds to a series of
// another vintage. Importing the same bytes again changes nothing
// (Repeated). When r can seek (a file, an upload) the digest is taken
// before reading it, and a duplicate row names the line it repeats.
func (s *Service) Import(ctx context.Context, r io.Reader, o ImportOptions) (ImportResult, error) {
	src := importSource{r: r}
	if rs, ok := r.(io.ReadSeeker); ok {
		start, err := rs.Seek(0, io.SeekCurrent)
		if err != nil {
			return ImportResult{}, err
		}
		h := sha256.New()
		if _, err := io.Copy(h, rs); err != nil {
			return ImportResult{}, err
		}
		src.digest = hex.EncodeToString(h.Sum(nil))
		src.reopen = func() (io.Reader, error) {
			_, err := rs.Seek(start, io.SeekStart)
			return rs, err
		}
		if _, err := src.reopen(); err != nil {
			return ImportResult{}, err
		}
	}
	return s.importFrom(ctx, src, o)
}

// importSource is a file to import: its bytes, their digest when known
// beforehand, and a way to read it again from the start (to name the first
// of two duplicate lines), when there is one.
type importSource struct {
	r      io.Reader
	digest string
	reopen func() (io.Reader, error)
}

func (s *Service) importFrom(ctx context.Context, src importSource, o ImportOptions) (ImportResult, error) {
	if err := s.ensureCatalogue(ctx); err != nil {
		return ImportResult{}, err
	}
	if src.digest != "" {
		if res, found, err := s.repeated(ctx, s.db.Reader(), src.digest); err != nil || found {
			if found && o.Progress != nil {
				o.Progress(o.Size, o.Size)
			}
			return res, err
		}
	}
	var res ImportResult
	if s.db.Dialect() == store.SQLite {
		// A file's rows land all over the observations' B-tree (a wide
		// file gives each row of years to another series): with SQLite's
		// default 2 MB page cache the transaction spills dirty pages and
		// reads them back. 64 MB for the import, on the one writer
		// connection, then the default again.
		if _, err := s.db.Reader().Exec(ctx, "PRAGMA cache_size = -65536"); err != nil {
			return res, err
		}
		defer s.db.Reader().Exec(context.WithoutCancel(ctx), "PRAGMA cache_size = -2000")
	}
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		im, err := newImporter(ctx, tx, o)
		if err != nil {
			return err
		}
		im.reopen = src.reopen
		counted := &progressReader{r: src.r, total: o.Size, report: o.Progress}
		var h hash.Hash
		var in io.Reader = counted
		if src.digest == "" {
			h = sha256.New()
			in = io.TeeReader(counted, h)
		}
		if err := im.run(in); err != nil {
			return err
		}
		// The reader may stop before the last bytes (a blank last line):
		// the digest and the progress cover the whole file.
		if _, err := io.Copy(io.Discard, in); err != nil {
			return err
		}
		counted.finish()
		digest := src.digest
		if h != nil {
			digest = hex.EncodeToString(h.Sum(nil))
			if prev, found, err := s.repeated(ctx, tx, digest); err != nil {
				return err
			} else if found {
				res = prev
				return errRepeated
			}
		}
		res, err = im.finish(digest)
		return err
	})
	if errors.Is(err, errRepeated) {
		return res, nil
	}
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// ensureCatalogue loads the shipped catalogue into a database that has no
// areas yet (a server that never loaded the demo or ran the command line),
// so a first import through the web knows the area codes.
func (s *Service) ensureCatalogue(ctx context.Context) error {
	var n int
	if err := s.db.Reader().QueryRow(ctx, "SELECT count(*) FROM evidence_areas").Scan(&n); err != nil || n > 0 {
		return err
	}
	return s.SyncCatalogue(ctx)
}

// errRepeated rolls back an import whose digest turned out, at the end of
// a file that could not be read twice, to be one imported before.
var errRepeated = errors.New("file imported before")

// repeated finds an earlier import of the same bytes.
func (s *Service) repeated(ctx context.Context, q store.Querier, digest string) (ImportResult, bool, error) {
	rec, err := scanImport(q.QueryRow(ctx, "SELECT "+importColumns+" FROM evidence_imports WHERE sha256 = ? ORDER BY id LIMIT 1", digest))
	if errors.Is(err, sql.ErrNoRows) {
		return ImportResult{}, false, nil
	}
	if err != nil {
		return ImportResult{}, false, err
	}
	res := ImportResult{ID: rec.ID, Format: rec.Format, Rows: rec.Rows, Repeated: true, Series: []Series{}}
	for _, id := range rec.Series {
		se, err := scanSeries(q.QueryRow(ctx, "SELECT "+seriesColumns+" FROM indicator_series WHERE id = ?", id))
		if err != nil {
			return res, false, err
		}
		res.Series = append(res.Series, se)
	}
	return res, true, nil
}

// Imports lists the import log, newest first.
func (s *Service) Imports(ctx context.Context, limit int) ([]ImportRecord, error) {
	if limit <= 0 {
		limit = 50
	}
	return store.QueryAll(ctx, s.db.Reader(), scanImport, "SELECT "+importColumns+" FROM evidence_imports ORDER BY id DESC LIMIT ?", limit)
}

const importColumns = "id, file_name, format, sha256, rows_read, rows_changed, series, actor, imported_at"

func scanImport(r store.Scanner) (ImportRecord, error) {
	var rec ImportRecord
	var series string
	if err := r.Scan(&rec.ID, &rec.FileName, &rec.Format, &rec.SHA256, &rec.Rows, &rec.Changed, &series, &rec.Actor, &rec.At); err != nil {
		return rec, err
	}
	rec.At = rec.At.UTC()
	return rec, json.Unmarshal([]byte(series), &rec.Series)
}

// progressReader counts the bytes read and reports them at most ten times
// a second.
type progressReader struct {
	r      io.Reader
	done   int64
	total  int64
	report func(done, total int64)
	last   time.Time
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.done += int64(n)
	if p.report != nil && n > 0 {
		if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond {
			p.last = now
			p.report(p.done, p.total)
		}
	}
	return n, err
}

func (p *progressReader) finish() {
	if p.report != nil {
		p.report(p.done, max(p.total, p.done))
	}
}

// lineError is a fault at a line of the file, for people (Key, Args) and
// programs (Code, and errors.As to *ingest.LineError).
func lineError(le *ingest.LineError, more ...any) *errs.Error {
	args := append([]any{"line", le.Line, "value", le.Value}, more...)
	return &errs.Error{Kind: errs.Invalid, Code: "import_" + le.Code, Key: "evidence_import.error." + le.Code, Args: args, Err: le}
}

// asImportError makes a reader's error one a person can be told.
func asImportError(err error) error {
	var le *ingest.LineError
	if errors.As(err, &le) {
		return lineError(le)
	}
	return err
}

// Line error codes the importer adds to the readers'.
const (
	errArea      = "area"
	errDuplicate = "duplicate"
)

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // maps and slices of strings and numbers always encode
	}
	return string(b)
}

// upperASCII folds a code to upper case without allocating when it is
// already upper case (the usual case).
func upperASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'a' <= c && c <= 'z' {
			return strings.ToUpper(s)
		}
	}
	return s
}
