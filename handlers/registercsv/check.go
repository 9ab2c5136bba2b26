package registercsv

import (
	"fmt"
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"

	"frontdoor/handlers"
)

// view is one kind of the register after the change, as the checks across
// kinds see it: ids, what each row refers to and where it is in its file.
type view struct {
	kind, noun, file, inside string
	given                    bool
	// complete says every id of this kind is known; when a file could not be
	// read in full, references to the kind are not checked (they would be
	// reported as unknown only because a row was skipped).
	complete bool
	nodes    map[string]*node
	ids      []string
	deleted  map[string]string // ids --replace deletes → their names
	delOrder []string
	folded   map[string][]string // built on first use: lower-case id, name or alias → ids
}

type node struct {
	line   int // line of the row in its file; 0 for a stored row the files leave alone
	parent string
	refs   []ref
	names  []string
}

type ref struct{ col, kind, id string }

type checker struct {
	pr    *problemList
	views map[string]*view
	// suggestions counts fuzzy look-ups, which are capped so that a file
	// full of unknown ids is still checked quickly.
	suggestions int
}

const maxSuggestions = 50

// references reports every id in a file row that names no row of its kind
// in the register after the change.
func (c *checker) references() {
	for _, kind := range handlers.RegisterKinds {
		v := c.views[kind]
		for _, id := range v.ids {
			n := v.nodes[id]
			if n.line == 0 {
				continue
			}
			for _, r := range n.refs {
				target := c.views[r.kind]
				if !target.complete || target.nodes[r.id] != nil {
					continue
				}
				var msg string
				if name, gone := target.deleted[r.id]; gone {
					msg = fmt.Sprintf("%s %q%s is not in %s, so --replace would delete it; add it back to %s, or remove it here", target.noun, r.id, inParens(name), target.file, target.file)
				} else {
					msg = c.unknown(target, r.id)
				}
				c.pr.add(v.file, n.line, r.col, msg)
			}
		}
	}
}

// unknown explains an id that names nothing, suggesting what was meant.
func (c *checker) unknown(target *view, id string) string {
	msg := fmt.Sprintf("unknown %s %q (not in %s or the register; ", target.noun, id, target.file)
	s := c.suggest(target, id)
	switch {
	case s.id == "":
		return msg + fmt.Sprintf("check the spelling or add it to %s)", target.file)
	case s.name != "" && s.exact:
		return msg + fmt.Sprintf("this column takes ids, and the id of %s is %q)", s.name, s.id)
	case s.name != "":
		return msg + fmt.Sprintf("did you mean %q (%s)? This column takes ids. If not, add it to %s)", s.id, s.name, target.file)
	}
	return msg + fmt.Sprintf("did you mean %q? If not, add it to %s)", s.id, target.file)
}

// suggestion is what an unknown id may have meant: an id, and the name or
// alias that matched when it was not the id itself.
type suggestion struct {
	id, name string
	exact    bool // the name matched exactly, apart from letter case
}

// suggest finds the row whose id, name or alias is s apart from letter case
// (people often type "Manchester" where the column wants "E08000003"), or
// else one spelt nearly like s. Two equally good candidates suggest nothing.
func (c *checker) suggest(v *view, s string) suggestion {
	if v.folded == nil {
		v.folded = map[string][]string{}
		for _, id := range v.ids {
			for _, key := range v.keys(id) {
				if !slices.Contains(v.folded[key], id) {
					v.folded[key] = append(v.folded[key], id)
				}
			}
		}
	}
	key := strings.ToLower(strings.TrimSpace(s))
	if ids := v.folded[key]; len(ids) == 1 {
		return v.describe(ids[0], key, true)
	} else if len(ids) > 1 {
		return suggestion{}
	}
	if c.suggestions >= maxSuggestions || len(key) < 3 {
		return suggestion{}
	}
	c.suggestions++
	var best suggestion
	bestD, tie := 0, false
	limit := max(1, len(key)/3)
	for _, id := range v.ids {
		for _, k := range v.keys(id) {
			if abs(len(k)-len(key)) > limit {
				continue
			}
			d := levenshtein.ComputeDistance(key, k)
			switch {
			case d > limit:
			case best.id == "" || d < bestD:
				best, bestD, tie = v.describe(id, k, false), d, false
			case d == bestD && id != best.id:
				tie = true
			}
		}
	}
	if tie {
		return suggestion{}
	}
	return best
}

// keys returns the lower-case id, names and aliases of a row.
func (v *view) keys(id string) []string {
	keys := []string{strings.ToLower(id)}
	for _, name := range v.nodes[id].names {
		if k := strings.ToLower(strings.TrimSpace(name)); k != "" {
			keys = append(keys, k)
		}
	}
	return keys
}

// describe makes a suggestion of id, found through key.
func (v *view) describe(id, key string, exact bool) suggestion {
	if key == strings.ToLower(id) {
		return suggestion{id: id}
	}
	name := ""
	for _, n := range v.nodes[id].names {
		if strings.ToLower(strings.TrimSpace(n)) == key {
			name = strings.TrimSpace(n)
			break
		}
	}
	return suggestion{id: id, name: name, exact: exact}
}

// deletions reports rows --replace would delete that rows the files leave
// alone still refer to, naming both. (File rows that refer to them are
// reported by references, on their own line.)
func (c *checker) deletions() {
	type referrer struct{ noun, id, col string }
	by := map[string]map[string][]referrer{} // kind → deleted id → referrers
	for _, kind := range handlers.RegisterKinds {
		v := c.views[kind]
		for _, id := range v.ids {
			n := v.nodes[id]
			if n.line != 0 {
				continue
			}
			for _, r := range n.refs {
				if _, gone := c.views[r.kind].deleted[r.id]; gone {
					if by[r.kind] == nil {
						by[r.kind] = map[string][]referrer{}
					}
					by[r.kind][r.id] = append(by[r.kind][r.id], referrer{v.noun, id, r.col})
				}
			}
		}
	}
	for _, kind := range handlers.RegisterKinds {
		target := c.views[kind]
		for _, id := range target.delOrder {
			refs := by[kind][id]
			if len(refs) == 0 {
				continue
			}
			names := make([]string, len(refs))
			for i, r := range refs {
				names[i] = fmt.Sprintf("%s %q (%s)", r.noun, r.id, r.col)
			}
			verb := "refers"
			if len(refs) > 1 {
				verb = "refer"
			}
			c.pr.add(target.file, 0, "", fmt.Sprintf("%s %q%s is not in this file, so --replace would delete it, but %s still %s to it; keep it in %s, or remove those references first",
				target.noun, id, inParens(target.deleted[id]), listSome(names, 5), verb, target.file))
		}
	}
}

// cycles reports each loop in a hierarchy once, on the row of the loop that
// comes first in the file.
func (c *checker) cycles(v *view) {
	if !v.given {
		return // the stored hierarchy has no loops, and nothing changes it
	}
	const (
		unseen = iota
		onPath
		done
	)
	state := make(map[string]uint8, len(v.ids))
	for _, start := range v.ids {
		var path []string
		for id := start; ; {
			n := v.nodes[id]
			if n == nil || state[id] == done {
				break
			}
			if state[id] == onPath {
				c.reportCycle(v, path[slices.Index(path, id):])
				break
			}
			state[id] = onPath
			path = append(path, id)
			if n.parent == "" {
				break
			}
			id = n.parent
		}
		for _, id := range path {
			state[id] = done
		}
	}
}

// reportCycle reports a loop (each id's parent is the next, the last's the first).
func (c *checker) reportCycle(v *view, loop []string) {
	first := -1
	for i, id := range loop {
		if l := v.nodes[id].line; l > 0 && (first < 0 || l < v.nodes[loop[first]].line) {
			first = i
		}
	}
	if first < 0 {
		return // a loop the files do not touch
	}
	loop = append(slices.Clone(loop[first:]), loop[:first]...)
	line := v.nodes[loop[0]].line
	if len(loop) == 1 {
		c.pr.add(v.file, line, "parent_id", fmt.Sprintf("%s %q is its own parent (%s); leave parent_id empty, or give the %s it belongs to", v.noun, loop[0], v.inside, v.noun))
		return
	}
	chain := make([]string, 0, len(loop)+1)
	for _, id := range append(loop, loop[0]) {
		chain = append(chain, fmt.Sprintf("%q", id))
	}
	c.pr.add(v.file, line, "parent_id", fmt.Sprintf("%s form a loop through parent_id: %s (%s); fix the parent_id of one of them", v.kind, strings.Join(chain, " → "), v.inside))
}

func inParens(name string) string {
	if name == "" {
		return ""
	}
	return " (" + name + ")"
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
