package bot

import (
	"encoding/json"
	"errors"
	"sync"

	"frontdoor/handlers"
	"frontdoor/handlers/command"
)

// lookupCache keeps the acknowledgements of register lookups already
// answered, for the snapshot (register and day) they were answered from. In
// a meeting several people ask the same question; an answer of a command
// that says it is cacheable (grammar.Command.Cacheable) depends only on the
// text asked, the register and the date, never on who asks, so it is
// rendered once. A new register (an import by any process, seen through
// Service.Snapshot) or a new day empties it.
type lookupCache struct {
	mu   sync.Mutex
	snap command.Snapshot
	m    map[string]cachedAnswer
}

// cachedAnswer is an acknowledgement small enough to carry the answer, or
// (ack nil) an answer too large for one, which is sent through response_url.
type cachedAnswer struct {
	ack json.RawMessage
	msg Message
}

// maxCachedLookups bounds the cache: a unit asks far fewer distinct questions in a day.
const maxCachedLookups = 1024

func (c *lookupCache) get(snap command.Snapshot, text string) (cachedAnswer, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap != snap {
		return cachedAnswer{}, false
	}
	a, ok := c.m[text]
	return a, ok
}

func (c *lookupCache) put(snap command.Snapshot, text string, a cachedAnswer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap != snap || len(c.m) >= maxCachedLookups {
		c.snap, c.m = snap, make(map[string]cachedAnswer)
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
