package ingest

import (
	"bytes"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// FuzzPublishedFormats: no input makes a reader panic, loop or yield a
// record without a line, a year or a finite value; every error is a
// *LineError with a line.
//
//	go test -run '^$' -fuzz FuzzPublishedFormats -fuzztime 1m ./internal/evidence/ingest
func FuzzPublishedFormats(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.csv")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte(pubWideHead + "\"China\",\"CHN\",\"GDP\",\"X\",\"1\",\"\xff\",\r\n"))
	f.Add([]byte("STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA: Area,SERIES: S,SEX: Sex,TIME_PERIOD: T,OBS_VALUE: V\ndataflow,UNSD:DF_SDG_GLH(1.0),I,CHL: Chile,S: s,F: f,2019: 2019,1: 1\n"))
	f.Add([]byte("geo,time,a,b\nchl,2019,1,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(r Reader, err error) {
			if err != nil {
				var le *LineError
				if errors.As(err, &le) && le.Line < 1 {
					t.Fatalf("open: error without a line: %v", err)
				}
				return
			}
			_ = r.Meta()
			for i := 0; ; i++ {
				if i > len(data)+1 {
					t.Fatalf("more records than bytes")
				}
				rec, err := r.Next()
				if err == io.EOF {
					return
				}
				if err != nil {
					var le *LineError
					if !errors.As(err, &le) || le.Line < 1 {
						t.Fatalf("error that is not a LineError with a line: %v", err)
					}
					if _, err := r.Next(); err != io.EOF {
						t.Fatalf("after an error Next = %v, want io.EOF", err)
					}
					return
				}
				if rec.Line < 1 || rec.Year < 1000 || rec.Year > 9999 || math.IsNaN(rec.Value) || math.IsInf(rec.Value, 0) {
					t.Fatalf("bad record %+v", rec)
				}
			}
		}
		check(Open(bytes.NewReader(data)))
		for _, name := range []string{WorldBankWide, SDMXCSV, DDF} {
			check(OpenAs(name, bytes.NewReader(data)))
		}
	})
}
