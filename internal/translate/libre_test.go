package translate_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"roundtable/internal/translate"
)

// libreServer speaks LibreTranslate's protocol: /languages lists en, es
// and Chinese as zh-Hans (as some servers name it); /translate answers
// "<target>:<text>" for each text, and checks the key.
func libreServer(t *testing.T) (*httptest.Server, *[]map[string]any) {
	var got []map[string]any
	mux := http.NewServeMux()
	mux.HandleFunc("GET /languages", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[{"code":"en","name":"English","targets":["es","zh-Hans"]},
			{"code":"es","name":"Spanish","targets":["en","zh-Hans"]},
			{"code":"zh-Hans","name":"Chinese","targets":["en"]},
			{"code":"de","name":"German","targets":["en"]}]`))
	})
	mux.HandleFunc("POST /translate", func(w http.ResponseWriter, r *http.Request) {
		var req map[string]any
		json.NewDecoder(r.Body).Decode(&req)
		got = append(got, req)
		w.Header().Set("Content-Type", "application/json")
		if req["api_key"] != "k3y" {
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"error":"Invalid API key"}`))
			return
		}
		var out []string
		for _, q := range req["q"].([]any) {
			out = append(out, req["target"].(string)+":"+q.(string))
		}
		json.NewEncoder(w).Encode(map[string]any{"translatedText": out})
	})
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s, &got
}

func TestLibreTranslates(t *testing.T) {
	s, got := libreServer(t)
	ctx := context.Background()
	l, err := translate.NewLibre(s.URL+"/", "k3y")
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Discover(ctx); err != nil {
		t.Fatal(err)
	}
	want := []string{"en>es", "en>zh", "es>en", "es>zh", "zh>en"}
	if p := l.Pairs(); !slices.Equal(p, want) {
		t.Errorf("pairs %v, want %v", p, want)
	}
	out, err := l.Translate(ctx, "es", "zh", []string{"Hola", "Adiós"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(out, []string{"zh-Hans:Hola", "zh-Hans:Adiós"}) {
		t.Errorf("translated %q", out)
	}
	req := (*got)[0]
	if req["source"] != "es" || req["target"] != "zh-Hans" || req["format"] != "text" || req["api_key"] != "k3y" {
		t.Errorf("request %v", req)
	}
	// A wrong key: the server's message comes back as the error.
	bad, _ := translate.NewLibre(s.URL, "wrong")
	bad.Discover(ctx)
	if _, err := bad.Translate(ctx, "es", "en", []string{"Hola"}); err == nil || !strings.Contains(err.Error(), "Invalid API key") {
		t.Errorf("wrong key: %v", err)
	}
}

func TestLibreBadService(t *testing.T) {
	ctx := context.Background()
	// Down: nothing listens at the address.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	down, _ := translate.NewLibre("http://"+addr, "")
	if err := down.Discover(ctx); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Errorf("down: %v", err)
	}
	// Down from the start, it still claims the pairs, so jobs fail (and
	// are retried) rather than finish without Chinese.
	if !down.Supports("es", "zh") {
		t.Error("a service that never answered offers no es>zh")
	}
	if _, err := down.Translate(ctx, "es", "zh", []string{"Hola"}); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Errorf("translate while down: %v", err)
	}

	cases := []struct {
		name, contentType, body, wantErr string
	}{
		{"HTML", "text/html", "<html><body>Bad Gateway</body></html>", "text/html, not JSON"},
		{"wrong JSON", "application/json", `{"translation":"x"}`, "not a list of texts"},
		{"too few results", "application/json", `{"translatedText":["a"]}`, "1 translations for 2 texts"},
		{"empty result", "application/json", `{"translatedText":["a",""]}`, "empty translation of text 2"},
		{"truncated", "application/json", `{"translatedText":["a",`, "not the expected JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mux := http.NewServeMux()
			mux.HandleFunc("GET /languages", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(`[{"code":"es","targets":["en"]},{"code":"en","targets":["es"]}]`))
			})
			mux.HandleFunc("POST /translate", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", c.contentType)
				w.Write([]byte(c.body))
			})
			s := httptest.NewServer(mux)
			defer s.Close()
			l, _ := translate.NewLibre(s.URL, "")
			if err := l.Discover(ctx); err != nil {
				t.Fatal(err)
			}
			out, err := l.Translate(ctx, "es", "en", []string{"Hola", "Adiós"})
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("answer %s: %q, %v; want an error with %q", c.body, out, err, c.wantErr)
			}
		})
	}

	// Slow: the caller's deadline ends the request.
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(release)
	l, _ := translate.NewLibre(slow.URL, "")
	tctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if err := l.Discover(tctx); err == nil || !strings.Contains(err.Error(), "deadline") {
		t.Errorf("slow: %v", err)
	}
}

// TestEnginesChooseFirst: Apertium-like first for what it has, the service
// for Chinese; the failing engine's error is kept for the status page.
func TestEnginesChooseFirst(t *testing.T) {
	local := &fakeEngine{name: "local", pairs: []string{"es>pt"}}
	remote := &fakeEngine{name: "remote", pairs: []string{"es>pt", "es>zh"}, failures: 1}
	e := translate.NewEngines(local, nil, remote)
	ctx := context.Background()
	if _, err := e.Translate(ctx, "es", "pt", []string{"a"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Translate(ctx, "es", "zh", []string{"a"}); err == nil {
		t.Fatal("the remote's failure was not returned")
	}
	if len(local.Calls()) != 1 || !slices.Equal(remote.Calls(), []string{"es>zh"}) {
		t.Errorf("local %v, remote %v", local.Calls(), remote.Calls())
	}
	if h := e.Health("remote"); !strings.Contains(h.LastError, "503") || h.LastErrorAt.IsZero() {
		t.Errorf("remote health %+v", h)
	}
	if e.Supports("es", "fr") {
		t.Error("no engine has es>fr")
	}
}
