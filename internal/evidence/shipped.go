package evidence

import (
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"roundtable/data"
	"roundtable/internal/audit"
)

// ShippedFile is one entry of data/indicators/shipped.json: a file of
// observations and the release it is.
type ShippedFile struct {
	File      string            `json:"file"`
	Format    string            `json:"format"`
	Source    string            `json:"source"`
	Vintage   string            `json:"vintage"`
	Licence   string            `json:"licence"`
	SourceURL string            `json:"source_url"`
	Vintages  map[string]string `json:"vintages,omitempty"`
}

// Shipped reads the manifest of the indicator files that ship with
// Roundtable.
func Shipped() ([]ShippedFile, error) { return readManifest(data.Indicators()) }

func readManifest(files fs.FS) ([]ShippedFile, error) {
	b, err := fs.ReadFile(files, "shipped.json")
	if err != nil {
		return nil, err
	}
	var m struct {
		Files []ShippedFile `json:"files"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("shipped.json: %w", err)
	}
	return m.Files, nil
}

// LoadShipped synchronises the catalogue, then imports each shipped file
// with the source, release and licence its manifest gives. A file already
// imported (same bytes) is recognised from its digest before anything is
// read into the database, so a second load is quick and changes nothing.
// progress, if not nil, is told each file's bytes read (uncompressed).
func (s *Service) LoadShipped(ctx context.Context, progress func(file string, done, total int64)) error {
	return s.loadShipped(ctx, data.Indicators(), progress)
}

func (s *Service) loadShipped(ctx context.Context, files fs.FS, progress func(file string, done, total int64)) error {
	if err := s.syncCatalogue(ctx, files); err != nil {
		return fmt.Errorf("indicator catalogue: %w", err)
	}
	manifest, err := readManifest(files)
	if err != nil {
		return err
	}
	for _, f := range manifest {
		if _, err := s.ImportShipped(ctx, files, f, progress); err != nil {
			return fmt.Errorf("%s: %w", f.File, err)
		}
	}
	return nil
}

// ImportShipped imports one file of the manifest from files.
func (s *Service) ImportShipped(ctx context.Context, files fs.FS, f ShippedFile, progress func(file string, done, total int64)) (ImportResult, error) {
	open := func() (io.ReadCloser, error) { return openShipped(files, f.File) }
	// The digest of the uncompressed bytes, so the same data imported from
	// an uncompressed copy is recognised too.
	size, digest, err := digestOf(open)
	if err != nil {
		return ImportResult{}, err
	}
	o := ImportOptions{FileName: f.File, Format: f.Format, Source: f.Source, Vintage: f.Vintage, Licence: f.Licence,
		SourceURL: f.SourceURL, Vintages: f.Vintages, Actor: audit.System("shipped"), Size: size}
	if progress != nil {
		o.Progress = func(done, total int64) { progress(f.File, done, total) }
	}
	rc, err := open()
	if err != nil {
		return ImportResult{}, err
	}
	defer rc.Close()
	var again io.ReadCloser
	defer func() {
		if again != nil {
			again.Close()
		}
	}()
	src := importSource{r: rc, digest: digest, reopen: func() (io.Reader, error) {
		if again != nil {
			again.Close()
		}
		again, err = open()
		return again, err
	}}
	return s.importFrom(ctx, src, o)
}

// openShipped opens a shipped file, decompressing it when its name ends in .gz.
func openShipped(files fs.FS, name string) (io.ReadCloser, error) {
	f, err := files.Open(name)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(name, ".gz") {
		return f, nil
	}
	z, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return gzipFile{z, f}, nil
}

type gzipFile struct {
	*gzip.Reader
	f fs.File
}

func (g gzipFile) Close() error {
	g.Reader.Close()
	return g.f.Close()
}

// digestOf reads a file once for its length and SHA-256.
func digestOf(open func() (io.ReadCloser, error)) (int64, string, error) {
	rc, err := open()
	if err != nil {
		return 0, "", err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return 0, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}
