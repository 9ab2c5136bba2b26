package handlers

import "context"

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
}

// People is how the way a command came in names and checks people: the
// console's names (ConsolePeople) or Slack's users (bot.People). The core
// declares it and asks it, and keeps neither's rules.
type People interface {
	// Typed says who a name typed as "@name" in an action's text is (not a
	// mention the chat linked: those carry their id): ok false when this way
	// in cannot tell from the name alone.
	Typed(name string) (id string, ok bool)
	// Lookup returns the display name of the person with this id ("" when
	// this way in has none to give), or an error matching ErrNotFound when
	// it knows no such person.
	Lookup(ctx context.Context, id string) (string, error)
	// MayWrite reports whether p may change the record; writes are denied
	// unless it says yes.
	MayWrite(p Person) bool
}

// ConsolePeople are the people of `frontdoor try` and `frontdoor ask`: a
// person is the name given (--as), an @name names that person, and anyone
// named may write.
type ConsolePeople struct{}

// Typed takes the name as the person.
func (ConsolePeople) Typed(name string) (string, bool) { return name, true }

// Lookup has no directory to ask: the name is as given.
func (ConsolePeople) Lookup(context.Context, string) (string, error) { return "", nil }

// MayWrite lets anyone named write.
func (ConsolePeople) MayWrite(p Person) bool { return p.ID != "" }
