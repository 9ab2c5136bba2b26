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

// hierarchy checks a hierarchy after the change: each loop is reported once,
// on the row of the loop that comes first in the file, and each row that
// passes MaxDepth levels (the first row beyond the limit on its chain) is
// reported on its line. It walks each chain once, remembering the depth of
// every row it has passed, so a chain of any length is checked in time
// linear in the number of rows, without recursion.
func (c *checker) hierarchy(v *view) {
	if !v.given {
		return // the stored hierarchy was checked when it was imported, and nothing changes it
	}
	const cyclic = -1 // on a loop, or above one: no depth
	depth := make(map[string]int, len(v.ids))
	onPath := make(map[string]bool)
	var path []string
	for _, start := range v.ids {
		path = path[:0]
		top := 0 // the depth above the highest row of path
		for id := start; ; {
			n := v.nodes[id]
			if n == nil {
				break // an unknown parent, reported by references: path's top is a root
			}
			if d, known := depth[id]; known {
				top = d
				break
			}
			if onPath[id] {
				c.reportCycle(v, path[slices.Index(path, id):])
				top = cyclic
				break
			}
			onPath[id] = true
			path = append(path, id)
			if n.parent == "" {
				break
			}
			id = n.parent
		}
		for i := len(path) - 1; i >= 0; i-- {
			id := path[i]
			delete(onPath, id)
			if top != cyclic {
				top++
			}
			depth[id] = top
			if top == MaxDepth+1 {
				c.reportDepth(v, id)
			}
		}
	}
}

// reportDepth reports a row that is one level deeper than a hierarchy may
// be, with its chain up to the top (MaxDepth+1 rows, so bounded).
func (c *checker) reportDepth(v *view, id string) {
	chain := []string{id}
	for n := v.nodes[id]; n != nil && n.parent != "" && len(chain) <= MaxDepth; n = v.nodes[n.parent] {
		chain = append(chain, n.parent)
	}
	shown := chainText(chain)
	msg := fmt.Sprintf("%s %q is %d levels deep (%s); a hierarchy may be at most %d levels deep (England's is 5: country, authority, county, district, ward), so give it a parent higher up",
		v.noun, id, MaxDepth+1, shown, MaxDepth)
	if line := v.nodes[id].line; line > 0 {
		c.pr.add(v.file, line, "parent_id", msg)
		return
	}
	// A stored row pushed down by a change above it: report the change.
	for _, x := range chain[1:] {
		if line := v.nodes[x].line; line > 0 {
			c.pr.add(v.file, line, "parent_id", fmt.Sprintf("this row puts %s %q, below it, %d levels deep (%s); a hierarchy may be at most %d levels deep, so give this row or one below it a parent higher up",
				v.noun, id, MaxDepth+1, shown, MaxDepth))
			return
		}
	}
	c.pr.add(v.file, 0, "", msg)
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
	c.pr.add(v.file, line, "parent_id", fmt.Sprintf("%s form a loop through parent_id: %s (%s); fix the parent_id of one of them", v.kind, chainText(append(loop, loop[0])), v.inside))
}

// chainText writes ids joined by arrows; a long chain shows its first three
// and last two.
func chainText(ids []string) string {
	shown := make([]string, 0, 6)
	for i, x := range ids {
		if len(ids) > 6 && i == 3 {
			shown = append(shown, "…")
		}
		if len(ids) <= 6 || i < 3 || i >= len(ids)-2 {
			shown = append(shown, fmt.Sprintf("%q", x))
		}
	}
	return strings.Join(shown, " → ")
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
