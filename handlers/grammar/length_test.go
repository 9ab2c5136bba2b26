package grammar

import (
	"errors"
	"strings"
	"testing"

	"frontdoor/handlers"
)

// The command length is counted in characters, as its message says: a
// command of MaxCommandLength two-byte characters is parsed, one more is
// refused with the count of characters.
func TestCommandLengthCountsCharacters(t *testing.T) {
	prefix := "who funds "
	at := prefix + strings.Repeat("é", MaxCommandLength-len(prefix))
	if _, err := Parse(at); err != nil && strings.Contains(err.Error(), "too long") {
		t.Errorf("%d characters (%d bytes) refused as too long: %v", MaxCommandLength, len(at), err)
	}
	_, err := Parse(at + "é")
	var e *handlers.Error
	if !errors.As(err, &e) || !strings.Contains(err.Error(), "(4001 characters; the most is 4000)") {
		t.Errorf("one character over: %v", err)
	}
}
