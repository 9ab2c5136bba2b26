package view

import (
	"errors"
	"fmt"
	"strings"

	"frontdoor/handlers"
)

// unechoed is the reply to an error, checked once more as it will be read:
// a refusal that quotes the text (a clipped query, the first words of an
// unknown command) could make a number read as an identifier the text as a
// whole did not hold. Such a refusal says what went wrong without the quote.
func Unechoed(err error) (handlers.Reply, error) {
	r := ErrorReply(err, "")
	if len(handlers.FindIdentifiers(r.Text+"\n"+handlers.RenderPlain(r))) == 0 {
		return r, err
	}
	code := handlers.ErrorCode(err)
	msg := map[string]string{
		handlers.ENotFound:  "Nothing in the register matches that. Check the spelling, or type `help` to see what I can look up.",
		handlers.EAmbiguous: "That could mean several things in the register. Say a little more: a full name, or the area it is in.",
	}[code]
	if msg == "" {
		msg = "I couldn't read that as written. Type `help` to see what I can do."
	}
	e := handlers.Wrap(&handlers.Error{Code: code, Message: msg}, err)
	return ErrorReply(e, ""), e
}

// ErrorReply turns an error into a private reply. ref is shown for unexpected
// errors so a user can quote it and an admin can find the detail in the log.
func ErrorReply(err error, ref string) handlers.Reply {
	msg := handlers.ErrorMessage(err)
	if handlers.ErrorCode(err) == handlers.EInternal && ref != "" {
		msg = fmt.Sprintf("Something went wrong (ref %s).", ref)
	}
	lines := []handlers.Rich{handlers.Line(msg)}
	var ctxItems []handlers.Rich
	var e *handlers.Error
	if errors.As(err, &e) {
		// Candidates the message does not already name are listed below it.
		if len(e.Candidates) > 0 && !strings.Contains(msg, e.Candidates[0]) {
			for _, c := range e.Candidates {
				lines = append(lines, handlers.R(handlers.T("• "+c)))
			}
		}
		if e.Hint != "" {
			ctxItems = append(ctxItems, hintRich(e.Hint))
		}
	}
	r := handlers.Reply{Text: msg, Blocks: []handlers.Block{handlers.Section{Lines: lines}}}
	if len(ctxItems) > 0 {
		r.Blocks = append(r.Blocks, handlers.Context{Items: ctxItems})
	}
	return r
}

// hintRich turns text with `code` marks into spans.
func hintRich(s string) handlers.Rich {
	var out handlers.Rich
	code := false
	for len(s) > 0 {
		i := indexByte(s, '`')
		if i < 0 {
			out = append(out, handlers.Span{Text: s, Code: code})
			break
		}
		if i > 0 {
			out = append(out, handlers.Span{Text: s[:i], Code: code})
		}
		code = !code
		s = s[i+1:]
	}
	return out
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
