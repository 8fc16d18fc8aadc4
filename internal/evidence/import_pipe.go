package evidence

import (
	"errors"
	"io"
	"sync"
)

// The file is read and checked on one goroutine while the rows read so far
// are stored on the importing one: parsing (CSV, numbers, area codes) and
// storing then share the time of the import instead of adding up. Batches
// travel over a short channel, so memory stays bounded whatever the file's
// size, and the transaction is only ever used by the importing goroutine.

// parsedRow is a record with its area and indicator resolved.
type parsedRow struct {
	area, code string
	name       string // the file's name for the indicator, on its first row
	year       int
	value      float64
	line       int
}

type parsedBatch struct {
	rows []parsedRow
	err  error // the last batch of a file with a fault: the fault
}

const pipeDepth = 4

// run reads every record into the database.
func (im *importer) run(r io.Reader) error {
	if err := im.open(r); err != nil {
		return err
	}
	defer im.direct.close()
	defer im.staged.close()
	batches := make(chan *parsedBatch, pipeDepth)
	free := make(chan *parsedBatch, pipeDepth+2)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(batches)
		im.parse(batches, free, stop)
	}()
	// halt stops the reading goroutine and waits for it, so nothing reads
	// the file once run returns (firstLine reads it again).
	halt := func() {
		close(stop)
		for range batches {
		}
		wg.Wait()
	}
	for b := range batches {
		for _, row := range b.rows {
			if err := im.store(row); err != nil {
				halt()
				return err
			}
		}
		if b.err != nil {
			halt()
			return b.err
		}
		clear(b.rows)
		b.rows = b.rows[:0]
		select {
		case free <- b:
		default:
		}
	}
	wg.Wait()
	if err := im.flush(im.direct); err != nil {
		return err
	}
	return im.flush(im.staged)
}

// parse reads records into batches until the end of the file, a fault, or
// stop.
func (im *importer) parse(out chan<- *parsedBatch, free <-chan *parsedBatch, stop <-chan struct{}) {
	seen := map[string]bool{}
	next := func() *parsedBatch {
		select {
		case b := <-free:
			return b
		default:
			return &parsedBatch{rows: make([]parsedRow, 0, batchRows)}
		}
	}
	send := func(b *parsedBatch) bool {
		select {
		case out <- b:
			return true
		case <-stop:
			return false
		}
	}
	b := next()
	for {
		rec, err := im.reader.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			b.err = asImportError(err)
			send(b)
			return
		}
		area, code, err := im.key(rec)
		if err != nil {
			b.err = err
			send(b)
			return
		}
		row := parsedRow{area: area, code: code, year: rec.Year, value: rec.Value, line: rec.Line}
		if !seen[code] {
			seen[code] = true
			row.name = im.reader.Meta().Indicators[code].Name
		}
		b.rows = append(b.rows, row)
		if len(b.rows) == batchRows {
			if !send(b) {
				return
			}
			b = next()
		}
	}
	if len(b.rows) > 0 {
		send(b)
	}
}

// store adds one row to its series' batch.
func (im *importer) store(row parsedRow) error {
	se, err := im.seriesOf(row.code, row.name)
	if err != nil {
		return err
	}
	im.rows++
	b := im.direct
	if !se.created {
		b = im.staged
	}
	if b.add(se.ID, row.area, row.year, row.value, row.line) {
		return im.flush(b)
	}
	return nil
}
