package handlers

import (
	"errors"
	"regexp"
	"strings"

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
func FindIdentifiers(text string) []string {
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
func RefuseIdentifiers(text string, write bool) error {
	kinds := FindIdentifiers(text)
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
