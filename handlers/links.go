package handlers

import (
	"net/url"
	"regexp"
	"strings"
)

// Links people typed. In Slack a link can carry any label
// (<https://evil.example|https://www.gov.uk/…>), and a reply posted under
// Frontdoor's name would lend that label its authority. So a link a person
// typed is shown by its real address:
//
//   - a label that is the address itself (the way Slack writes a pasted
//     address, "gov.uk/x" for http://gov.uk/x, a shortened "www.gov.uk/…",
//     or the site's name "gov.uk" for https://www.gov.uk/…) is kept;
//   - a label that reads as some other address or domain is dropped: the link
//     shows its address;
//   - a label of words is kept as words, the address following in brackets:
//     "the guidance (https://gov.uk/x)".
//
// The renderer applies the same test to every link it draws, register links
// included, and drops a label that reads as an address other than its own.

// domainWord matches a word that reads as a domain name: labels joined by
// dots, ending in a top-level domain of letters (or punycode).
var domainWord = regexp.MustCompile(`(?:^|[^\pL\pN_-])[\pL\pN-]+(?:\.[\pL\pN-]+)*\.(?:\pL{2,63}|xn--[a-z0-9-]+)(?:$|[^\pL\pN_-])`)

// foldAddress lower-cases s and folds the look-alikes readers take for
// ASCII in an address: full-width forms and the ideographic and other dots.
func foldAddress(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～': // full-width ASCII
			r -= '！' - '!'
		case r == '。', r == '｡', r == '․', r == '﹒':
			r = '.'
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}, strings.ToLower(s))
}

// LooksLikeAddress reports whether s reads as a web address or a domain
// name ("https://…", "www.…", "gov.uk", "nhs.uk/jobs").
func LooksLikeAddress(s string) bool {
	f := foldAddress(s)
	return strings.Contains(f, "://") || strings.Contains(f, "www.") || domainWord.MatchString(f)
}

// LabelIsAddress reports whether label, shown on a link to target, is that
// very address: the same host (give or take "www."), and a start of its
// path (a trailing "…" marks a shortened one). A scheme may be left out of
// the label.
func LabelIsAddress(label, target string) bool {
	t, err := url.Parse(target)
	if err != nil || t.Host == "" {
		return false
	}
	l := strings.TrimSpace(foldAddress(label))
	l = strings.TrimSuffix(strings.TrimSuffix(l, "…"), "...")
	if l == "" || strings.ContainsAny(l, " \t\r\n<>|") {
		return false
	}
	if !strings.Contains(l, "://") {
		l = t.Scheme + "://" + l
	}
	u, err := url.Parse(l)
	if err != nil || u.User != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	// "gov.uk" names www.gov.uk too, as the register's source links show it.
	host := func(p *url.URL) string {
		return strings.TrimPrefix(strings.TrimSuffix(strings.ToLower(p.Hostname()), "."), "www.")
	}
	if host(u) == "" || host(u) != host(t) || (u.Port() != "" && u.Port() != t.Port()) {
		return false
	}
	rest := func(p *url.URL) string {
		s := p.EscapedPath()
		if p.RawQuery != "" {
			s += "?" + p.RawQuery
		}
		return strings.ToLower(s)
	}
	return strings.HasPrefix(rest(t), strings.TrimSuffix(rest(u), "/"))
}

// HonestLinkLabel reports whether label may be shown on a link to target:
// it is empty, words that do not read as an address, or the address itself.
func HonestLinkLabel(label, target string) bool {
	label = strings.TrimSpace(label)
	return label == "" || !LooksLikeAddress(label) || LabelIsAddress(label, target)
}
