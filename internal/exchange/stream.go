package exchange

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
)

// ItemWriter writes a record file one item at a time, so an export of any
// size streams with flat memory. Close finishes the file.
type ItemWriter interface {
	Write(Item) error
	Close() error
}

// csvWriter writes the CSV format of WriteCSV.
type csvWriter struct{ cw *csv.Writer }

// NewCSVWriter starts a CSV record file on w: byte order mark and header.
func NewCSVWriter(w io.Writer) (ItemWriter, error) {
	if _, err := io.WriteString(w, bom); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(Columns()); err != nil {
		return nil, err
	}
	return &csvWriter{cw}, nil
}

func (c *csvWriter) Write(it Item) error { return c.cw.Write(csvRecord(it)) }

func (c *csvWriter) Close() error {
	c.cw.Flush()
	return c.cw.Error()
}

// jsonWriter writes the JSON array of WriteJSON, an item at a time, byte
// for byte as encoding/json indents the whole array.
type jsonWriter struct {
	w   io.Writer
	n   int
	buf bytes.Buffer
	enc *json.Encoder
}

// NewJSONWriter starts a JSON record file on w.
func NewJSONWriter(w io.Writer) (ItemWriter, error) {
	j := &jsonWriter{w: w}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetIndent("  ", "  ")
	j.enc.SetEscapeHTML(false) // a file to read, not to embed in a page
	return j, nil
}

func (j *jsonWriter) Write(it Item) error { return j.write(it) }

// write adds one value to the array (an item, or an item with more fields).
func (j *jsonWriter) write(it any) error {
	j.buf.Reset()
	if j.n == 0 {
		j.buf.WriteString("[\n  ")
	} else {
		j.buf.WriteString(",\n  ")
	}
	if err := j.enc.Encode(it); err != nil {
		return err
	}
	j.buf.Truncate(j.buf.Len() - 1) // the encoder's newline
	j.n++
	_, err := j.w.Write(j.buf.Bytes())
	return err
}

func (j *jsonWriter) Close() error {
	end := "\n]\n"
	if j.n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(j.w, end)
	return err
}
