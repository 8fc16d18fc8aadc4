package translate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Libre translates through a LibreTranslate-compatible service: POST
// {base}/translate with {q, source, target, format, api_key} answers
// {translatedText}; GET {base}/languages lists what it knows. Chinese is
// "zh" on most servers and "zh-Hans" or "zt" on some; the code the server
// lists is the one sent.
type Libre struct {
	base   string
	key    string
	client *http.Client

	mu    sync.Mutex
	codes map[string]string // working language → the server's code
	pairs map[string]bool   // "en>zh"; nil until the service answered
	// discoverErr is why the service's languages are not known.
	discoverErr string
}

// libreCodes are the server codes taken for each working language, in
// order of preference.
var libreCodes = map[string][]string{
	"en": {"en"}, "es": {"es"}, "pt": {"pt", "pt-BR", "pb", "pt-PT"}, "fr": {"fr"},
	"zh": {"zh", "zh-Hans", "zh-CN", "zt", "zh-Hant"},
}

// NewLibre returns the engine for the service at base (http(s)://host[/path]),
// with key sent as api_key when not empty. It does not call the service:
// Discover does.
func NewLibre(base, key string) (*Libre, error) {
	u, err := url.Parse(strings.TrimSuffix(base, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("libretranslate: the URL must be http(s)://host[/path], not %q", base)
	}
	return &Libre{base: u.String(), key: key, client: &http.Client{Timeout: 2 * time.Minute}}, nil
}

// Name is "libretranslate".
func (l *Libre) Name() string { return "libretranslate" }

// URL is the service's address.
func (l *Libre) URL() string { return l.base }

// Discover asks the service which languages it translates between and
// keeps the working languages' pairs. Its error stays for the status page
// until a later call succeeds.
func (l *Libre) Discover(ctx context.Context) error {
	err := l.discover(ctx)
	l.mu.Lock()
	l.discoverErr = ""
	if err != nil {
		l.discoverErr = err.Error()
	}
	l.mu.Unlock()
	return err
}

// DiscoverError is the last failed Discover's error, empty after a
// success.
func (l *Libre) DiscoverError() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.discoverErr
}

func (l *Libre) discover(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.base+"/languages", nil)
	if err != nil {
		return err
	}
	var langs []struct {
		Code    string   `json:"code"`
		Targets []string `json:"targets"`
	}
	if err := l.do(req, &langs); err != nil {
		return fmt.Errorf("libretranslate languages: %w", err)
	}
	server := map[string][]string{} // server code → targets
	for _, lg := range langs {
		server[lg.Code] = lg.Targets
	}
	codes := map[string]string{}
	for _, w := range workingLangs {
		for _, c := range libreCodes[w] {
			if _, ok := server[c]; ok {
				codes[w] = c
				break
			}
		}
	}
	pairs := map[string]bool{}
	for wf, cf := range codes {
		targets := server[cf]
		for wt, ct := range codes {
			// Older servers list no targets: every language to every other.
			if wf != wt && (targets == nil || slices.Contains(targets, ct)) {
				pairs[wf+">"+wt] = true
			}
		}
	}
	if len(pairs) == 0 {
		return fmt.Errorf("libretranslate languages: no two working languages among %d listed", len(langs))
	}
	l.mu.Lock()
	l.codes, l.pairs = codes, pairs
	l.mu.Unlock()
	return nil
}

// Supports reports whether the service listed from → to. Until the
// service has answered /languages it is taken to offer every pair of
// working languages: a service that is down then fails its jobs, which are
// retried and shown on the status page, instead of leaving languages out
// for good.
func (l *Libre) Supports(from, to string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pairs == nil {
		return from != to && slices.Contains(workingLangs, from) && slices.Contains(workingLangs, to)
	}
	return l.pairs[from+">"+to]
}

// Discovered reports whether the service has listed its languages.
func (l *Libre) Discovered() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pairs != nil
}

// Pairs lists the directions the service translates, as "from>to".
func (l *Libre) Pairs() []string {
	var out []string
	for _, f := range workingLangs {
		for _, t := range workingLangs {
			if l.Supports(f, t) {
				out = append(out, f+">"+t)
			}
		}
	}
	return out
}

// Translate sends every text in one request. An answer that is not the
// protocol's JSON, has a different number of results, or an empty
// translation for a text that is not empty is an error.
func (l *Libre) Translate(ctx context.Context, from, to string, texts []string) ([]string, error) {
	if !l.Discovered() {
		if err := l.Discover(ctx); err != nil {
			return nil, err
		}
	}
	l.mu.Lock()
	src, dst := l.codes[from], l.codes[to]
	l.mu.Unlock()
	if src == "" || dst == "" {
		return nil, fmt.Errorf("libretranslate: no %s→%s at %s", from, to, l.base)
	}
	body := map[string]any{"q": texts, "source": src, "target": dst, "format": "text"}
	if l.key != "" {
		body["api_key"] = l.key
	}
	b, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.base+"/translate", bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	var res struct {
		TranslatedText json.RawMessage `json:"translatedText"`
	}
	if err := l.do(req, &res); err != nil {
		return nil, fmt.Errorf("libretranslate %s→%s: %w", from, to, err)
	}
	var out []string
	if err := json.Unmarshal(res.TranslatedText, &out); err != nil {
		// A server that joined a one-text list answers a string.
		var one string
		if len(texts) != 1 || json.Unmarshal(res.TranslatedText, &one) != nil {
			return nil, fmt.Errorf("libretranslate %s→%s: translatedText is not a list of texts", from, to)
		}
		out = []string{one}
	}
	if len(out) != len(texts) {
		return nil, fmt.Errorf("libretranslate %s→%s: %d translations for %d texts", from, to, len(out), len(texts))
	}
	for i := range out {
		if strings.TrimSpace(out[i]) == "" && strings.TrimSpace(texts[i]) != "" {
			return nil, fmt.Errorf("libretranslate %s→%s: empty translation of text %d", from, to, i+1)
		}
	}
	return out, nil
}

// do sends req and decodes a 200 JSON answer into v; anything else is an
// error that names what came back.
func (l *Libre) do(req *http.Request, v any) error {
	resp, err := l.client.Do(req)
	if err != nil {
		if ctxErr := req.Context().Err(); ctxErr != nil {
			return ctxErr
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			return ue.Err
		}
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(b, &e) == nil && e.Error != "" {
			return fmt.Errorf("%s: %s", resp.Status, e.Error)
		}
		return fmt.Errorf("%s", resp.Status)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "application/json" {
		return fmt.Errorf("the answer is %s, not JSON", orUnknown(mt))
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("the answer is not the expected JSON: %v", err)
	}
	return nil
}

func orUnknown(s string) string {
	if s == "" {
		return "of no declared type"
	}
	return s
}
