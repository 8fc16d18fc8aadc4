package exchange

import (
	"encoding/csv"
	"io"
)

// A demonstration site's record files carry its notice on every line, so
// that a row copied out of the file still says its words are invented.
// The CSV file leads with a "notice" column: the first cell a spreadsheet
// shows, and beside every row however the sheet is sorted or filtered. A
// JSON item leads with a "notice" field. The importer knows neither, so
// such a file is not taken for a real record by mistake: importing it
// asks for the column to be removed first.

// NoticeColumn is the name of the notice's column and JSON field.
const NoticeColumn = "notice"

// NoticedCSV returns the opener of a CSV record file whose rows begin with
// notice (the file is otherwise NewCSVWriter's).
func NoticedCSV(notice string) func(io.Writer) (ItemWriter, error) {
	return func(w io.Writer) (ItemWriter, error) {
		if _, err := io.WriteString(w, bom); err != nil {
			return nil, err
		}
		cw := csv.NewWriter(w)
		cw.UseCRLF = true
		if err := cw.Write(append([]string{NoticeColumn}, Columns()...)); err != nil {
			return nil, err
		}
		return &noticedCSV{cw: cw, notice: defuse(notice)}, nil
	}
}

type noticedCSV struct {
	cw     *csv.Writer
	notice string
}

func (c *noticedCSV) Write(it Item) error {
	return c.cw.Write(append([]string{c.notice}, csvRecord(it)...))
}

func (c *noticedCSV) Close() error {
	c.cw.Flush()
	return c.cw.Error()
}

// noticedItem is an item led by the notice, as the JSON file writes it.
type noticedItem struct {
	Notice string `json:"notice"`
	Item
}

// NoticedJSON returns the opener of a JSON record file whose items begin
// with a "notice" field (the file is otherwise NewJSONWriter's).
func NoticedJSON(notice string) func(io.Writer) (ItemWriter, error) {
	return func(w io.Writer) (ItemWriter, error) {
		j, err := NewJSONWriter(w)
		if err != nil {
			return nil, err
		}
		return &noticedJSON{j: j.(*jsonWriter), notice: notice}, nil
	}
}

type noticedJSON struct {
	j      *jsonWriter
	notice string
}

func (n *noticedJSON) Write(it Item) error { return n.j.write(noticedItem{Notice: n.notice, Item: it}) }

func (n *noticedJSON) Close() error { return n.j.Close() }
