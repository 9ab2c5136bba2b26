package bot

import (
	"encoding/json"
	"errors"
	"sync"

	"frontdoor/handlers"
	"frontdoor/handlers/grammar"
	"frontdoor/handlers/index"
)

// lookupCache keeps the acknowledgements of register lookups already
// answered, for the register and the day they were answered on. In a
// meeting several people ask the same question; an answer depends only on
// the text asked, the register and the date, never on who asks, so it is
// rendered once. A new register (an import by any process, seen through
// Service.Index) or a new day empties it. Action commands are never cached.
type lookupCache struct {
	mu  sync.Mutex
	ix  *index.Index
	day handlers.Date
	m   map[string]cachedAnswer
}

// cachedAnswer is an acknowledgement small enough to carry the answer, or
// (ack nil) an answer too large for one, which is sent through response_url.
type cachedAnswer struct {
	ack json.RawMessage
	msg Message
}

// maxCachedLookups bounds the cache: a unit asks far fewer distinct questions in a day.
const maxCachedLookups = 1024

// cacheable reports whether a command's answer depends only on its text, the
// register and the date.
func cacheable(name string) bool {
	switch name {
	case grammar.CmdWhoFunds, grammar.CmdAgencyFunds, grammar.CmdProgramme, grammar.CmdCohort,
		grammar.CmdArea, grammar.CmdAgency, grammar.CmdHelp,
		grammar.CmdOverlaps, grammar.CmdGaps, grammar.CmdEnding:
		return true
	}
	return false
}

func (c *lookupCache) get(ix *index.Index, day handlers.Date, text string) (cachedAnswer, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ix != ix || c.day != day {
		return cachedAnswer{}, false
	}
	a, ok := c.m[text]
	return a, ok
}

func (c *lookupCache) put(ix *index.Index, day handlers.Date, text string, a cachedAnswer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ix != ix || c.day != day || len(c.m) >= maxCachedLookups {
		c.ix, c.day, c.m = ix, day, make(map[string]cachedAnswer)
	}
	c.m[text] = a
}

// settledAnswer reports whether an answer may be kept: a reply, or a refusal
// that only the register decides ("no cohort matches…", "could be several…").
// Unexpected errors, panics and a busy database are never kept.
// A refusal of text holding a resident's identifier is not kept either: the
// cache's key is the text.
func settledAnswer(a answer) bool {
	if a.ref != "" || errors.Is(a.err, handlers.ErrResidentData) {
		return false
	}
	switch handlers.ErrorCode(a.err) {
	case "", handlers.ENotFound, handlers.EAmbiguous, handlers.EInvalid:
		return true
	}
	return false
}
