package handlers

// IsSlackUserID reports whether id is a Slack user id: U or W, then 2 to 20
// capital letters and digits, at least one of them a digit (U0123ABCD,
// W123ABC). It is the one test of a user id: of an owner named in a
// mention, of a person to remind (an owner named at a console, "sam", has
// none and cannot be sent a direct message), of a register contact shown as
// a mention. The digit keeps words in capitals ("UKG", "WORK") text.
func IsSlackUserID(id string) bool {
	if len(id) < 3 || len(id) > 21 || (id[0] != 'U' && id[0] != 'W') {
		return false
	}
	digit := false
	for _, r := range id[1:] {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case r >= 'A' && r <= 'Z':
		default:
			return false
		}
	}
	return digit
}

// Person is who is asking.
type Person struct {
	// ID is the Slack user id, or the console name.
	ID string
	// Name is a display name, when known.
	Name string
	// TeamID is the Slack workspace of the user's home team ("" in the console).
	TeamID string
	// Console is true for `frontdoor try` and `frontdoor ask`.
	Console bool
}
