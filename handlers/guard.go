package handlers

import (
	"errors"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"frontdoor/handlers/pii"
)

// The guard on text coming in. Every request's text is checked for residents'
// identifiers before it is parsed, so no reply (a refusal, "No cohort
// matches …", a card) can echo one; the text an action or note stores is
// checked again in the form it is stored, and clipped views of it are cut so
// that a cut never makes one.

// ErrResidentData marks a refusal of text that looks like it holds a
// resident's identifier. Such an answer is never kept (the transport's cache
// of lookups) and the text is never logged.
var ErrResidentData = errors.New("residents' identifier in text")

// slackID matches the ids inside Slack's escaped forms (<@U123…>, <#C123…>,
// <!subteam^S123…>): Slack writes them, nobody can type them (Slack escapes a
// typed "<"), and an id of digits could read as a number.
var slackID = regexp.MustCompile(`<(?:@[UW]|#C|!subteam\^S)[A-Z0-9]+`)

// FindIdentifiers returns the kinds of residents' identifiers in text (see
// package pii), never the text.
func FindIdentifiers(text string) []string { return identifiers(text) }

// identifiers returns the kinds of residents' identifiers in text.
func identifiers(text string) []string {
	masked := slackID.ReplaceAllStringFunc(text, func(tok string) string {
		return tok[:strings.IndexAny(tok, "UWCS")+1] // keep "<@U", drop the id
	})
	var kinds []string
	for _, f := range pii.Find(masked) {
		kinds = append(kinds, f.Kind)
	}
	return kinds
}

// refuseIdentifiers refuses text holding residents' identifiers, naming the
// kinds and never the text. write chooses the wording: an action or note is
// "not recorded", a question "not answered".
func refuseIdentifiers(text string, write bool) error {
	kinds := identifiers(text)
	if len(kinds) == 0 {
		return nil
	}
	what := KindsPhrase(kinds)
	var e *Error
	if write {
		e = Errorf(EInvalid, "Not recorded: the text looks like it contains %s. Actions are about the system, not individual residents, so they must not hold residents' identifiers. Remove it and try again.", what)
	} else {
		e = Errorf(EInvalid, "Not answered: that looks like it contains %s. Frontdoor takes no residents' identifiers, in questions or in actions: ask about cohorts, places, agencies and programmes.", what)
	}
	return &wrappedError{user: e, cause: ErrResidentData}
}

// KindsPhrase names kinds as a reader says them: "an NHS number", "a
// postcode and a phone number".
func KindsPhrase(kinds []string) string { return joinAnd(aOrAn(kinds)) }

// checkStoredText checks text an action or note is about to store, exactly as
// it will be stored and as it will read once rendered: not empty, not longer
// than MaxActionText characters, no control characters but tab and newline,
// no direction overrides, no residents' identifiers. field names it in the
// message ("action text", "note").
func checkStoredText(field, text string) error {
	if strings.TrimSpace(text) == "" {
		e := Errorf(EInvalid, "Say what the %s is.", map[string]string{fieldAction: "action", fieldNote: "note"}[field])
		if field == fieldAction {
			e.Hint = "For example: `log DWP to share Restart leaver data with the ICB by Friday`."
		} else {
			e.Hint = "For example: `note 42 chased again`."
		}
		return e
	}
	if n := utf8.RuneCountInString(text); n > MaxActionText {
		if field == fieldNote {
			return Errorf(EInvalid, "That note is %d characters; a note can be at most %d. Put the detail in a document and link to it.", n, MaxActionText)
		}
		return Errorf(EInvalid, "That is %d characters; an action can be at most %d. Put the detail in a document and link to it.", n, MaxActionText)
	}
	if err := checkCharacters(field, text); err != nil {
		return err
	}
	if err := refuseIdentifiers(text, true); err != nil {
		return err
	}
	// What a reader sees: mentions as names, links as text and address,
	// spaces folded.
	return refuseIdentifiers(PlainRich(actionText(text, MaxActionText)), true)
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
			return Errorf(EInvalid, "The %s is not valid UTF-8 text (at character %d). Type it again rather than pasting it.", field, pos)
		case unicode.Is(unicode.Cc, r):
			return Errorf(EInvalid, "The %s contains a control character (%U) at character %d, which cannot be shown. Remove it and try again.", field, r, pos)
		case isDirectionControl(r):
			return Errorf(EInvalid, "The %s contains an invisible direction control (%U) at character %d, which makes text read differently from what is stored. Remove it and try again.", field, r, pos)
		}
	}
	return nil
}

// isDirectionControl reports the embeddings, overrides and isolates of the
// Unicode bidirectional algorithm (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI).
func isDirectionControl(r rune) bool {
	return r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069'
}

// clipUserText clips typed text to n characters like clipText, then cuts
// back a word at a time while the cut made something that reads as a
// resident's identifier (a long number cut short can read as another).
func clipUserText(s string, n int) string {
	out := clipText(s, n)
	for out != s && len(identifiers(out)) > 0 {
		body := strings.TrimSuffix(out, "…")
		i := strings.LastIndexFunc(body, unicode.IsSpace)
		if i <= 0 {
			return "…"
		}
		out = strings.TrimRightFunc(body[:i], unicode.IsSpace) + "…"
	}
	return out
}
