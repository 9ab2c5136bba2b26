package handlers

import "strings"

// RenderPlain renders a reply as plain text: for the console, for Slack's
// notification fallback, and for readers who forward a digest by email or
// use a screen reader. Blocks are separated by blank lines; buttons that only
// act inside Slack are left out, link buttons are shown with their address.
func RenderPlain(r Reply) string {
	var parts []string
	for _, b := range r.Blocks {
		if s := plainBlock(b); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return r.Text
	}
	return strings.Join(parts, "\n\n")
}

func plainBlock(b Block) string {
	var lines []string
	switch b := b.(type) {
	case Header:
		return b.Text
	case Section:
		for _, l := range b.Lines {
			lines = append(lines, PlainRich(l))
		}
		for _, f := range b.Fields {
			lines = append(lines, f.Label+": "+PlainRich(f.Value))
		}
	case Context:
		for _, it := range b.Items {
			lines = append(lines, PlainRich(it))
		}
	case Divider:
		return "—"
	case Actions:
		for _, btn := range b.Buttons {
			if btn.URL != "" {
				lines = append(lines, btn.Text+": "+btn.URL)
			}
		}
	}
	return strings.Join(lines, "\n")
}

// PlainRich renders one line without styling: links as "text (url)", mentions as "@name".
func PlainRich(r Rich) string {
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
			b.WriteString(s.Text + " (" + s.URL + ")")
		case s.URL != "":
			b.WriteString(s.URL)
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}
