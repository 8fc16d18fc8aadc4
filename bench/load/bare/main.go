// Command bare serves the pages saved by `load -mode sqlite -save DIR` with
// nothing but net/http: the floor Roundtable's figures are compared with.
package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
)

type page struct {
	File, Type string
	Status     int
}

func main() {
	addr := flag.String("addr", "127.0.0.1:18110", "address (loopback)")
	dir := flag.String("dir", "", "folder of the saved pages")
	flag.Parse()
	b, err := os.ReadFile(filepath.Join(*dir, "index.json"))
	if err != nil {
		log.Fatal(err)
	}
	var idx struct{ Pages map[string]page }
	if err := json.Unmarshal(b, &idx); err != nil {
		log.Fatal(err)
	}
	type body struct {
		typ    string
		status int
		b      []byte
	}
	pages := map[string]body{}
	for k, p := range idx.Pages {
		b, err := os.ReadFile(filepath.Join(*dir, p.File))
		if err != nil {
			log.Fatal(err)
		}
		pages[k] = body{p.Type, p.Status, b}
	}
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.URL.RequestURI()
		if r.Method == http.MethodPost {
			key = "POST " + r.URL.Path
		}
		p, ok := pages[key]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", p.typ)
		w.Header().Set("Content-Length", strconv.Itoa(len(p.b)))
		w.WriteHeader(p.status)
		_, _ = w.Write(p.b)
	})))
}
