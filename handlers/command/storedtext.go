package command

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"frontdoor/handlers"
	"frontdoor/handlers/view"
)

// checkStoredText checks text an action or note is about to store, exactly as
// it will be stored and as it will read once rendered: not empty, not longer
// than handlers.MaxActionText characters, no control characters but tab and newline,
// no direction overrides, no residents' identifiers. field names it in the
// message ("action text", "note").
func checkStoredText(field, text string) error {
	if strings.TrimSpace(text) == "" {
		e := handlers.Errorf(handlers.EInvalid, "Say what the %s is.", map[string]string{fieldAction: "action", fieldNote: "note"}[field])
		if field == fieldAction {
			e.Hint = "For example: `log DWP to share Restart leaver data with the ICB by Friday`."
		} else {
			e.Hint = "For example: `note 42 chased again`."
		}
		return e
	}
	if n := utf8.RuneCountInString(text); n > handlers.MaxActionText {
		if field == fieldNote {
			return handlers.Errorf(handlers.EInvalid, "That note is %d characters; a note can be at most %d. Put the detail in a document and link to it.", n, handlers.MaxActionText)
		}
		return handlers.Errorf(handlers.EInvalid, "That is %d characters; an action can be at most %d. Put the detail in a document and link to it.", n, handlers.MaxActionText)
	}
	if err := checkCharacters(field, text); err != nil {
		return err
	}
	if err := handlers.RefuseIdentifiers(text, true); err != nil {
		return err
	}
	// What a reader sees: mentions as names, links as text and address,
	// spaces folded.
	return handlers.RefuseIdentifiers(handlers.PlainRich(view.ActionText(text, handlers.MaxActionText)), true)
}

const (
	fieldAction = "action text"
	fieldNote   = "note"
)

// checkCharacters refuses control characters (tab and newline aside, and a
// carriage return before a newline) and the invisible characters that
// reorder text on screen (bidirectional embeddings, overrides and isolates):
// with them, what an officer reads is not what is stored.
func checkCharacters(field, text string) error {
	pos := 0
	for i, r := range text {
		pos++
		switch {
		case r == '\t' || r == '\n':
		case r == '\r' && strings.HasPrefix(text[i+1:], "\n"):
		case r == utf8.RuneError && !strings.HasPrefix(text[i:], "\uFFFD"):
			return handlers.Errorf(handlers.EInvalid, "The %s is not valid UTF-8 text (at character %d). Type it again rather than pasting it.", field, pos)
		case unicode.Is(unicode.Cc, r):
			return handlers.Errorf(handlers.EInvalid, "The %s contains a control character (%U) at character %d, which cannot be shown. Remove it and try again.", field, r, pos)
		case isDirectionControl(r):
			return handlers.Errorf(handlers.EInvalid, "The %s contains an invisible direction control (%U) at character %d, which makes text read differently from what is stored. Remove it and try again.", field, r, pos)
		}
	}
	return nil
}

// isDirectionControl reports the embeddings, overrides and isolates of the
// Unicode bidirectional algorithm (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI).
func isDirectionControl(r rune) bool {
	return r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069'
}
