package exchange

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// TableWriter writes a CSV export of other columns than the record's
// (common ground's map, positions, groups, priorities) in the record
// file's form: byte order mark, header row, CRLF line ends, and every
// text cell defused against spreadsheet formulas as the record's cells
// are. A cell that is a number is written as it is: -0.75 is a value, not
// a formula, and a defused one would reach the spreadsheet as text.
// These files are read, never imported, so no restore is needed.
type TableWriter struct{ cw *csv.Writer }

// NewTableWriter starts a CSV export on w with the given header.
func NewTableWriter(w io.Writer, header []string) (*TableWriter, error) {
	if _, err := io.WriteString(w, bom); err != nil {
		return nil, err
	}
	t := &TableWriter{csv.NewWriter(w)}
	t.cw.UseCRLF = true
	return t, t.Write(header)
}

// Write writes one row.
func (t *TableWriter) Write(row []string) error {
	out := make([]string, len(row))
	for i, cell := range row {
		out[i] = cell
		if !isNumber(cell) {
			out[i] = defuse(cell)
		}
	}
	return t.cw.Write(out)
}

// isNumber reports whether s is a decimal number as strconv formats one
// (no Inf, NaN or hexadecimal, which a spreadsheet would not read as one).
func isNumber(s string) bool {
	if strings.Trim(s, "0123456789.eE+-") != "" {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// Close finishes the file.
func (t *TableWriter) Close() error {
	t.cw.Flush()
	return t.cw.Error()
}
