package cli

import (
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"roundtable/data"
	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/evidence"
	"roundtable/internal/evidence/ingest"
	"roundtable/internal/i18n"
)

const importUsage = "usage: roundtable import indicators [--source S --vintage V --licence L --source-url U --indicator CODE --format F] FILE… | roundtable import indicators --shipped"

func importFlags(fs *flag.FlagSet) func(e *env) error {
	source := fs.String("source", "", "the publisher's dataset, when the file does not say (e.g. \"World Bank WDI\")")
	vintage := fs.String("vintage", "", "the release, when the file does not say (e.g. 2026-07-01)")
	licence := fs.String("licence", "", "the data's licence (e.g. CC-BY-4.0)")
	sourceURL := fs.String("source-url", "", "where the file was published")
	indicator := fs.String("indicator", "", "the indicator code, for a layout that names none (Country Name,Country Code,Year,Value)")
	format := fs.String("format", "", "worldbank-wide, long, sdmx-csv or ddf (default: recognised from the file)")
	shipped := fs.Bool("shipped", false, "load the indicator files that ship with Roundtable")
	return func(e *env) error {
		if len(e.args) > 0 && e.args[0] == "recommendations" {
			return importRecommendations(e)
		}
		if len(e.args) == 0 || e.args[0] != "indicators" {
			return usageError{importUsage}
		}
		files := e.args[1:]
		if *shipped == (len(files) > 0) {
			return usageError{importUsage}
		}
		db, err := e.open()
		if err != nil {
			return err
		}
		defer db.Close()
		svc := evidence.New(db)
		if err := svc.SyncCatalogue(e.ctx); err != nil {
			return fmt.Errorf("indicator catalogue: %w", err)
		}
		if *shipped {
			return importShipped(e, svc)
		}
		o := evidence.ImportOptions{Format: *format, Source: *source, Vintage: *vintage, Licence: *licence,
			SourceURL: *sourceURL, Indicator: *indicator, Actor: audit.System("cli")}
		failed := 0
		for _, name := range files {
			if err := importFile(e, svc, name, o); err != nil {
				failed++
				fmt.Fprintln(e.stderr, describeImportError(name, err))
			}
		}
		if failed > 0 {
			return fmt.Errorf("%d of %d files not imported; nothing was stored from them", failed, len(files))
		}
		return nil
	}
}

// importFile imports one file; a .gz file is read decompressed.
func importFile(e *env, svc *evidence.Service, name string, o evidence.ImportOptions) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	bar := newProgressBar(e.stderr, filepath.Base(name))
	o.FileName = filepath.Base(name)
	var r io.Reader = f
	if strings.HasSuffix(name, ".gz") {
		// The bar follows the compressed bytes read; the importer sees
		// the file decompressed.
		counted := &countingReader{r: f, total: st.Size(), bar: bar}
		z, err := gzip.NewReader(counted)
		if err != nil {
			return err
		}
		defer z.Close()
		o.FileName = strings.TrimSuffix(o.FileName, ".gz")
		r = z
		defer func() { bar.update(counted.done, counted.total); bar.end() }()
	} else {
		o.Size = st.Size()
		o.Progress = bar.update
		defer bar.end()
	}
	res, err := svc.Import(e.ctx, r, o)
	if err != nil {
		bar.abandon()
		return err
	}
	printImport(e, filepath.Base(name), res)
	return nil
}

func importShipped(e *env, svc *evidence.Service) error {
	manifest, err := evidence.Shipped()
	if err != nil {
		return err
	}
	for _, f := range manifest {
		bar := newProgressBar(e.stderr, f.File)
		res, err := svc.ImportShipped(e.ctx, data.Indicators(), f, func(_ string, done, total int64) { bar.update(done, total) })
		bar.end()
		if err != nil {
			fmt.Fprintln(e.stderr, describeImportError(f.File, err))
			return fmt.Errorf("the shipped indicators were not all loaded")
		}
		printImport(e, f.File, res)
	}
	return nil
}

// printImport writes the summary line of one file.
func printImport(e *env, name string, res evidence.ImportResult) {
	if res.Repeated {
		fmt.Fprintf(e.stdout, "%s: imported before (import %d); nothing changed\n", name, res.ID)
		return
	}
	fmt.Fprintf(e.stdout, "%s: %d rows, %d changed, %d series (%s)\n", name, res.Rows, res.Changed, len(res.Series), seriesSummary(res.Series))
}

// seriesSummary names the sources and releases of the series, each once.
func seriesSummary(series []evidence.Series) string {
	var out []string
	seen := map[string]bool{}
	for _, se := range series {
		k := se.Source + " " + se.Vintage
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return strings.Join(out, ", ")
}

// describeImportError is FILE:LINE: message for a fault in the file, and
// FILE: message otherwise.
func describeImportError(name string, err error) string {
	var le *ingest.LineError
	if errors.As(err, &le) {
		msg := fmt.Sprintf("%s:%d: %s", name, le.Line, le.Code)
		if le.Value != "" {
			msg += fmt.Sprintf(" %q", le.Value)
		}
		return msg + ": " + le.Detail
	}
	var ue *errs.Error
	if errors.As(err, &ue) && ue.Kind != errs.Internal {
		if cat, cerr := i18n.Load(); cerr == nil && cat.Has(i18n.En, ue.Key) {
			return name + ": " + cat.T(i18n.En, ue.Key, ue.Args...)
		}
	}
	return name + ": " + oneLine(err)
}

// countingReader counts the bytes read for the progress bar.
type countingReader struct {
	r           io.Reader
	done, total int64
	bar         *progressBar
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.done += int64(n)
	c.bar.update(c.done, c.total)
	return n, err
}
