package web

import "testing"

// Every redirect target a request names goes through safeNext; whatever a
// browser could resolve to another host (or to a non-HTTP scheme) must come
// back as "/".
func TestSafeNextKeepsRedirectsOnThisSite(t *testing.T) {
	hostile := []string{
		"",
		"evil.example",
		"//evil.example/x",
		"/\\evil.example/x",
		"\\\\evil.example",
		"/\t/evil.example/x",  // the finding: next=/%09/evil.example/x, decoded by the form
		"/\n/evil.example",    // LF
		"/\r\n/evil.example",  // CR LF
		"\t//evil.example",    // leading control
		" /x",                 // leading space
		"/%09/evil.example/x", // still encoded: a decoding proxy would see a tab
		"/%5Cevil.example",    // encoded backslash
		"/%5cevil.example",
		"/%2F/evil.example", // encoded slash making "//"
		"/%2f%2fevil.example",
		"/%0d%0a/evil.example",
		"/x\\y",
		"/x y",
		"/\u00a0/evil.example", // no-break space
		"/\u2028/evil.example", // line separator
		"/\u3000/evil.example", // ideographic space
		"/\u200b/evil.example", // zero-width space (a format character)
		"/\ufeff/evil.example",
		"/\x00/evil.example",
		"/\x7f/evil.example",
		"/\xff/evil.example", // not UTF-8
		"https://evil.example/",
		"https:/evil.example",
		"javascript:alert(1)",
		"data:text/html,x",
		"/%zz",
	}
	for _, next := range hostile {
		if got := safeNext(next); got != "/" {
			t.Errorf("safeNext(%q) = %q, want /", next, got)
		}
	}
	local := []string{
		"/",
		"/account",
		"/editions/1/manage",
		"/search?q=%22nivel+de+vida%22&type=udhr",
		"/search?q=a%20b",
		"/statements/5#translations",
		"/concepts/right-to-development",
		"/countries?group=CELAC&offset=50",
	}
	for _, next := range local {
		if got := safeNext(next); got != next {
			t.Errorf("safeNext(%q) = %q, want it unchanged", next, got)
		}
	}
}
