package handlers

import (
	"strconv"
	"strings"
)

// RenderPlain renders a reply as plain text: for the console, for Slack's
// notification fallback, and for readers who forward a digest by email or
// use a screen reader. Blocks are separated by blank lines; buttons that only
// act inside Slack are left out. Links become numbered notes ("£42.8m [1]")
// listed at the end, so long addresses do not break up the sentences.
func RenderPlain(r Reply) string {
	notes := &footnotes{index: map[string]int{}}
	var parts []string
	for _, b := range r.Blocks {
		if s := plainBlock(b, notes); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return r.Text
	}
	if len(notes.urls) > 0 {
		lines := make([]string, len(notes.urls))
		for i, u := range notes.urls {
			lines[i] = "[" + strconv.Itoa(i+1) + "] " + u
		}
		parts = append(parts, "Links:\n"+strings.Join(lines, "\n"))
	}
	return strings.Join(parts, "\n\n")
}

// footnotes numbers each distinct address once.
type footnotes struct {
	urls  []string
	index map[string]int
}

func (f *footnotes) ref(url string) string {
	n, ok := f.index[url]
	if !ok {
		f.urls = append(f.urls, url)
		n = len(f.urls)
		f.index[url] = n
	}
	return "[" + strconv.Itoa(n) + "]"
}

func plainBlock(b Block, notes *footnotes) string {
	var lines []string
	switch b := b.(type) {
	case Header:
		return b.Text
	case Section:
		for _, l := range b.Lines {
			lines = append(lines, plainRich(l, notes))
		}
		for _, f := range b.Fields {
			lines = append(lines, f.Label+": "+plainRich(f.Value, notes))
		}
	case Context:
		for _, it := range b.Items {
			lines = append(lines, plainRich(it, notes))
		}
	case Divider:
		return "—"
	case Chart:
		return ChartText(b)
	case Table:
		return tableText(b, notes)
	case Actions:
		for _, btn := range b.Buttons {
			if btn.URL != "" {
				lines = append(lines, btn.Text+" "+notes.ref(btn.URL))
			}
		}
	}
	return strings.Join(lines, "\n")
}

// PlainRich renders one line without styling: links as "text (url)", mentions as "@name".
func PlainRich(r Rich) string { return plainRich(r, nil) }

func plainRich(r Rich, notes *footnotes) string {
	var b strings.Builder
	for _, s := range r {
		switch {
		case s.UserID != "" && s.Text == "":
			b.WriteString("@" + s.UserID)
		case s.UserID != "":
			if !strings.HasPrefix(s.Text, "@") {
				b.WriteByte('@')
			}
			b.WriteString(s.Text)
		case s.URL != "" && s.Text != "" && s.Text != s.URL:
			b.WriteString(s.Text)
			if notes != nil {
				b.WriteString(" " + notes.ref(s.URL))
			} else {
				b.WriteString(" (" + s.URL + ")")
			}
		case s.URL != "":
			b.WriteString(s.URL)
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}
