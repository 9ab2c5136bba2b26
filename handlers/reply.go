package handlers

// The reply model: every command returns one Reply, a small structure of the
// core's own that bot.RenderBlocks turns into Slack Block Kit and
// RenderPlain turns into plain text. User text is carried as data (Span.Text),
// never as markup, so a renderer can escape it and a typed "<!channel>" can
// never ping anyone.

// Visibility says who sees a reply.
type Visibility int

const (
	// Private replies are seen only by the person who asked (Slack: ephemeral).
	Private Visibility = iota
	// Channel replies are shared with the channel (a record, such as a logged action).
	Channel
)

// Reply is the answer to one command.
type Reply struct {
	// Text is the notification and screen-reader fallback: one plain sentence.
	Text       string
	Blocks     []Block
	Visibility Visibility
	// Shareable adds a "Share in channel" button to private lookups.
	Shareable bool
	// ShareCommand is the command that produced the reply, carried by the
	// share button so that sharing re-runs it (set by Service.Handle).
	ShareCommand string
}

// Block is one of Header, Section, Context, Divider, Actions, Chart or Table
// (chart.go).
type Block interface{ block() }

// Header is a large title line (plain text only).
type Header struct{ Text string }

// Section is a block of lines and optional label/value fields.
type Section struct {
	Lines  []Rich
	Fields []Field
}

// Field is a label with a value, shown side by side in Slack.
type Field struct {
	Label string
	Value Rich
}

// Context is small, grey supporting text: sources, dates, hints.
type Context struct{ Items []Rich }

// Divider is a horizontal rule.
type Divider struct{}

// Actions is a row of buttons.
type Actions struct{ Buttons []Button }

// Button is an interactive button or a link button.
type Button struct {
	Text     string
	ActionID string
	Value    string
	URL      string
	Style    string // "", "primary" or "danger"
}

func (Header) block()  {}
func (Section) block() {}
func (Context) block() {}
func (Divider) block() {}
func (Actions) block() {}

// Rich is a line of styled spans.
type Rich []Span

// Span is a run of text with one style. Text is always literal: renderers escape it.
type Span struct {
	Text   string
	Bold   bool
	Italic bool
	Code   bool
	// URL makes the span a link to URL (only for links the register or a user typed as links).
	URL string
	// UserID makes the span a mention of a Slack user; Text is the fallback name.
	UserID string
}

// T is a plain span.
func T(s string) Span { return Span{Text: s} }

// B is a bold span.
func B(s string) Span { return Span{Text: s, Bold: true} }

// I is an italic span.
func I(s string) Span { return Span{Text: s, Italic: true} }

// C is a code span (a command to type).
func C(s string) Span { return Span{Text: s, Code: true} }

// L is a link span.
func L(text, url string) Span { return Span{Text: text, URL: url} }

// M is a mention of a Slack user, with a fallback name for plain text.
func M(userID, name string) Span { return Span{Text: name, UserID: userID} }

// R builds a Rich line from spans.
func R(spans ...Span) Rich { return Rich(spans) }

// Line builds a Rich line of one plain span.
func Line(s string) Rich { return Rich{T(s)} }

// PlainText returns the line's text without styling.
func (r Rich) PlainText() string {
	n := 0
	for _, s := range r {
		n += len(s.Text)
	}
	b := make([]byte, 0, n)
	for _, s := range r {
		b = append(b, s.Text...)
	}
	return string(b)
}
