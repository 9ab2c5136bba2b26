package index

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"

	"frontdoor/handlers"
)

// Name matching. Each slot of a command matches one kind of thing (the
// cohort slot cohorts, `in` areas, agency slots agencies), and a name is
// tried at four ranks, best first; the first rank with any match decides:
//
//  1. the id, ignoring case ("E08000012", "dwp");
//  2. the name, an alias or the id as words, after normalising case,
//     punctuation, "&" and spaces ("Liverpool", "gmca", "health & work");
//  3. a prefix of a name or alias, then a name or alias holding the query as
//     whole words ("Connect to" → Connect to Work, "Manchester" in
//     "Greater Manchester" when nothing is called Manchester);
//  4. a small typo or a plural ("neets", "conect to work", "Manchestr"): an
//     edit distance that grows with the length of the query, after folding
//     plurals to singulars.
//
// Exact names beat partial ones, so "Liverpool" is the council, not the
// Liverpool City Region. Two different things at the best rank are reported
// as ambiguous with the candidates, never guessed.

// matcher matches names of one kind of register row.
type matcher struct {
	kind, kinds string // "cohort", "cohorts"
	names       []string
	byID        map[string]int32 // lower-case id
	exact       map[string][]int32
	keys        []matchKey
}

type matchKey struct {
	norm   string // normalised name or alias
	padded string // " " + norm + " ", for whole-word search
	folded string // norm with plurals folded
	runes  int
	ent    int32
}

func newMatcher(kind, kinds string, n int, row func(int) (id, name string, aliases []string)) *matcher {
	m := &matcher{
		kind: kind, kinds: kinds,
		names: make([]string, n),
		byID:  make(map[string]int32, n),
		exact: make(map[string][]int32, 2*n),
		keys:  make([]matchKey, 0, n), // a name each, more with aliases
	}
	for i := 0; i < n; i++ {
		id, nm, aliases := row(i)
		m.names[i] = nm
		if _, dup := m.byID[strings.ToLower(id)]; !dup {
			m.byID[strings.ToLower(id)] = int32(i)
		}
		seen := map[string]bool{}
		add := func(s string, asKey bool) {
			norm := normaliseName(s)
			if norm == "" || seen[norm] {
				return
			}
			seen[norm] = true
			m.exact[norm] = append(m.exact[norm], int32(i))
			if asKey {
				m.keys = append(m.keys, matchKey{
					norm: norm, padded: " " + norm + " ", folded: foldPlurals(norm),
					runes: utf8.RuneCountInString(norm), ent: int32(i),
				})
			}
		}
		add(nm, true)
		for _, a := range aliases {
			add(a, true)
		}
		// An id written as words ("mental_health" → "mental health") is as
		// good as a name, but is not worth fuzzy matching or suggesting.
		add(id, false)
	}
	return m
}

// normaliseName lower-cases s, reads "&" as "and", drops apostrophes, turns
// other punctuation into spaces and collapses spaces.
func normaliseName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // suppresses leading spaces
	for _, r := range s {
		switch {
		case r == '\'' || r == '’' || r == '‘':
			continue
		case r == '&':
			if !space {
				b.WriteByte(' ')
			}
			b.WriteString("and ")
			space = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}

// foldPlurals makes each word of a normalised name singular by the simple
// English rules that cover register names ("neets", "over 50s", "carers",
// "authorities"). It is only used to compare, never shown.
func foldPlurals(norm string) string {
	words := strings.Fields(norm)
	for i, w := range words {
		words[i] = singular(w)
	}
	return strings.Join(words, " ")
}

func singular(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 2 && strings.HasSuffix(w, "s") &&
		!strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:len(w)-1]
	}
	return w
}

// typoAllowance is how many edits a query of n characters may be from a name.
func typoAllowance(n int) int {
	switch {
	case n < 4:
		return 0
	case n < 7:
		return 1
	case n < 12:
		return 2
	default:
		return 3
	}
}

// minPartial is the shortest query matched by prefix, by words or by typo:
// shorter ones ("a", "NE") match only exactly.
const minPartial = 3

// match finds the one row q names, or returns an *Error (EInvalid for an
// empty query, EAmbiguous, ENotFound).
func (m *matcher) match(q string) (int32, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return -1, handlers.Errorf(handlers.EInvalid, "Say which %s.", m.kind)
	}
	if i, ok := m.byID[strings.ToLower(q)]; ok {
		return i, nil
	}
	n := normaliseName(q)
	if n == "" {
		return -1, m.notFound(q, n)
	}
	if ents := m.exact[n]; len(ents) > 0 {
		return m.decide(q, ents)
	}
	runes := utf8.RuneCountInString(n)
	if runes < minPartial {
		return -1, m.notFound(q, n)
	}
	// Rank 3: prefix (better) or whole words (worse).
	padded := " " + n + " "
	best, ents := 2, []int32(nil)
	for i := range m.keys {
		k := &m.keys[i]
		sub := 2
		switch {
		case strings.HasPrefix(k.norm, n):
			sub = 0
		case strings.Contains(k.padded, padded):
			sub = 1
		default:
			continue
		}
		if sub < best {
			best, ents = sub, ents[:0]
		}
		if sub == best {
			ents = append(ents, k.ent)
		}
	}
	if len(ents) > 0 {
		return m.decide(q, ents)
	}
	// Rank 4: plurals and typos, the fewest edits winning.
	folded := foldPlurals(n)
	allow := typoAllowance(runes)
	bestD := allow + 1
	for i := range m.keys {
		k := &m.keys[i]
		d := allow + 1
		if k.folded == folded {
			d = 0
		} else if allow > 0 && absInt(k.runes-runes) <= allow {
			d = min(levenshtein.ComputeDistance(n, k.norm), levenshtein.ComputeDistance(folded, k.folded))
		}
		if d > allow || d > bestD {
			continue
		}
		if d < bestD {
			bestD, ents = d, ents[:0]
		}
		ents = append(ents, k.ent)
	}
	if len(ents) > 0 {
		return m.decide(q, ents)
	}
	return -1, m.notFound(q, n)
}

func absInt(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// decide returns the single row among ents, or an ambiguity error.
func (m *matcher) decide(q string, ents []int32) (int32, error) {
	uniq := make([]int32, 0, len(ents))
	for _, e := range ents {
		if !slices.Contains(uniq, e) {
			uniq = append(uniq, e)
		}
	}
	if len(uniq) == 1 {
		return uniq[0], nil
	}
	return -1, m.ambiguous(q, uniq)
}

// Most candidates an ambiguity names in its message, and carries in all.
const (
	maxCandidatesShown = 5
	maxCandidates      = 25
)

func (m *matcher) ambiguous(q string, ents []int32) *handlers.Error {
	names := make([]string, len(ents))
	for i, e := range ents {
		names[i] = handlers.ClipName(m.names[e])
	}
	slices.SortStableFunc(names, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	names = slices.Compact(names)
	example := m.kind + " " + names[0]
	e := &handlers.Error{
		Code: handlers.EAmbiguous,
		Message: `"` + handlers.ClipText(q, 60) + `" could be several ` + m.kinds + ": " + handlers.JoinNames(names, maxCandidatesShown) +
			`. Say which one, e.g. "` + example + `".`,
		Hint:       "Try `" + example + "`",
		Candidates: names[:min(len(names), maxCandidates)],
	}
	return e
}

// Most names a "not found" suggests.
const maxSuggestions = 3

func (m *matcher) notFound(q, n string) *handlers.Error {
	sugg := m.closest(n, maxSuggestions)
	msg := "No " + m.kind + ` matches "` + handlers.ClipText(q, 60) + `".`
	e := &handlers.Error{Code: handlers.ENotFound, Candidates: sugg}
	if len(sugg) > 0 {
		msg += " Did you mean " + joinNamesOr(sugg) + "?"
		e.Hint = "Try `" + m.kind + " " + sugg[0] + "`"
	} else {
		e.Hint = "Try `help` for examples."
	}
	e.Message = msg
	return e
}

// joinNamesOr joins names as "A", "A or B", "A, B or C".
func joinNamesOr(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// closest returns up to max display names nearest to the normalised query:
// by edit distance to a name or alias, or to its beginning (people type
// the start of long names), keeping only those plausibly meant.
func (m *matcher) closest(n string, max int) []string {
	if n == "" {
		return nil
	}
	qr := []rune(n)
	limit := len(qr)/2 + 1
	type cand struct {
		ent  int32
		dist int
	}
	best := map[int32]int{}
	for i := range m.keys {
		k := &m.keys[i]
		if absInt(k.runes-len(qr)) > limit && k.runes < len(qr) {
			continue
		}
		d := limit + 1
		if absInt(k.runes-len(qr)) <= limit {
			d = levenshtein.ComputeDistance(n, k.norm)
		}
		if k.runes > len(qr) {
			kr := []rune(k.norm)
			if p := levenshtein.ComputeDistance(n, string(kr[:len(qr)])) + 1; p < d {
				d = p
			}
		}
		if d > limit {
			continue
		}
		if old, ok := best[k.ent]; !ok || d < old {
			best[k.ent] = d
		}
	}
	cands := make([]cand, 0, len(best))
	for e, d := range best {
		cands = append(cands, cand{e, d})
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		return strings.Compare(m.names[a.ent], m.names[b.ent])
	})
	var out []string
	for _, c := range cands {
		if len(out) == max {
			break
		}
		out = append(out, handlers.ClipName(m.names[c.ent]))
	}
	return out
}

// MatchCohort returns the cohort a user means by q (see the ranks above).
// Errors are *Error with code EInvalid, EAmbiguous or ENotFound.
func (ix *Index) MatchCohort(q string) (*handlers.Cohort, error) {
	i, err := ix.cohortNames.match(q)
	if err != nil {
		return nil, err
	}
	return &ix.reg.Cohorts[i], nil
}

// MatchArea returns the area a user means by q.
func (ix *Index) MatchArea(q string) (*handlers.Area, error) {
	i, err := ix.areaNames.match(q)
	if err != nil {
		return nil, err
	}
	return &ix.reg.Areas[i], nil
}

// MatchAgency returns the agency a user means by q.
func (ix *Index) MatchAgency(q string) (*handlers.Agency, error) {
	i, err := ix.agencyNames.match(q)
	if err != nil {
		return nil, err
	}
	return &ix.reg.Agencies[i], nil
}

// MatchProgramme returns the programme a user means by q.
func (ix *Index) MatchProgramme(q string) (*handlers.Programme, error) {
	i, err := ix.progNames.match(q)
	if err != nil {
		return nil, err
	}
	return &ix.reg.Programmes[i], nil
}

// Mention is a register name found in free text.
type Mention struct {
	Kind string // "agency", "programme" or "cohort"
	ID   string
	Name string // the display name
	// Start and End are the byte offsets of the words in the text.
	Start, End int
}

// mentionIndex finds names and aliases of agencies, programmes and cohorts
// as whole words in text.
type mentionIndex struct {
	byFirst map[string][]mentionPhrase
}

type mentionPhrase struct {
	words     []string
	ambiguous bool   // the words name more than one thing
	exactCase string // for very short acronyms ("UC", "MH"): the text must match case
	kind      string
	ent       int32
}

// A name of at most this many letters, written in capitals in the register,
// is found only in capitals: "uc" or "ld" in prose are not acronyms.
const maxCaseSensitive = 2

func newMentionIndex(ix *Index) *mentionIndex {
	type target struct {
		kind string
		ent  int32
	}
	phrases := map[string][]target{}
	cased := map[string]string{}
	var order []string
	add := func(kind string, ent int32, s string) {
		norm := foldPlurals(normaliseName(s))
		if utf8.RuneCountInString(norm) < 2 {
			return
		}
		t := target{kind, ent}
		if _, ok := phrases[norm]; !ok {
			order = append(order, norm)
		}
		// A row's name and aliases are added one after another, so a repeat
		// can only be the last target: checking it alone keeps this linear
		// when thousands of rows share a name.
		if ts := phrases[norm]; len(ts) == 0 || ts[len(ts)-1] != t {
			phrases[norm] = append(ts, t)
		}
		if trimmed := strings.TrimSpace(s); utf8.RuneCountInString(trimmed) <= maxCaseSensitive && strings.ToUpper(trimmed) == trimmed {
			cased[norm] = trimmed
		}
	}
	r := &ix.reg
	for i := range r.Agencies {
		add("agency", int32(i), r.Agencies[i].Name)
		for _, a := range r.Agencies[i].Aliases {
			add("agency", int32(i), a)
		}
	}
	for i := range r.Programmes {
		add("programme", int32(i), r.Programmes[i].Name)
		for _, a := range r.Programmes[i].Aliases {
			add("programme", int32(i), a)
		}
	}
	for i := range r.Cohorts {
		add("cohort", int32(i), r.Cohorts[i].Name)
		for _, a := range r.Cohorts[i].Aliases {
			add("cohort", int32(i), a)
		}
	}
	mi := &mentionIndex{byFirst: map[string][]mentionPhrase{}}
	for _, norm := range order {
		ts := phrases[norm]
		words := strings.Fields(norm)
		p := mentionPhrase{words: words, ambiguous: len(ts) > 1, exactCase: cased[norm], kind: ts[0].kind, ent: ts[0].ent}
		mi.byFirst[words[0]] = append(mi.byFirst[words[0]], p)
	}
	// Longest phrases first, so the first that fits at a position is the best.
	for w, ps := range mi.byFirst {
		slices.SortStableFunc(ps, func(a, b mentionPhrase) int { return len(b.words) - len(a.words) })
		mi.byFirst[w] = ps
	}
	return mi
}

type textWord struct {
	norm       string
	start, end int
}

// textWords splits text into normalised, singular words with their byte
// offsets, the same way names are split for mentions.
func textWords(text string) []textWord {
	var out []textWord
	var b strings.Builder
	start := -1
	flush := func(end int) {
		if start >= 0 {
			out = append(out, textWord{singular(b.String()), start, end})
			b.Reset()
			start = -1
		}
	}
	for i, r := range text {
		switch {
		case r == '\'' || r == '’' || r == '‘':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
			b.WriteRune(unicode.ToLower(r))
		case r == '&':
			flush(i)
			out = append(out, textWord{"and", i, i + 1})
		default:
			flush(i)
		}
	}
	flush(len(text))
	return out
}

// FindMentions returns the agencies, programmes and cohorts named in text by
// name or alias, as whole words (plurals folded: "NEETs" names NEET), each
// once, in order of first mention. At
// each place the longest name wins; a name shared by several things ("LTHC",
// or "the ICB" when there are seventeen) is left untagged, not guessed.
func (ix *Index) FindMentions(text string) []Mention {
	words := textWords(text)
	var out []Mention
	seen := map[[2]int32]bool{}
	kindCode := map[string]int32{"agency": 0, "programme": 1, "cohort": 2}
	for i := 0; i < len(words); {
		matched := 0
		for _, p := range ix.mentions.byFirst[words[i].norm] {
			if i+len(p.words) > len(words) || !wordsEqual(words[i:i+len(p.words)], p.words) {
				continue
			}
			last := words[i+len(p.words)-1]
			if p.exactCase != "" && text[words[i].start:last.end] != p.exactCase {
				continue
			}
			matched = len(p.words)
			if p.ambiguous {
				break
			}
			key := [2]int32{kindCode[p.kind], p.ent}
			if !seen[key] {
				seen[key] = true
				out = append(out, mentionOf(&ix.reg, p.kind, p.ent, words[i].start, last.end))
			}
			break
		}
		if matched == 0 {
			matched = 1
		}
		i += matched
	}
	return out
}

func wordsEqual(ws []textWord, want []string) bool {
	for i, w := range want {
		if ws[i].norm != w {
			return false
		}
	}
	return true
}

// mentionOf is the mention of row ent of kind in reg, at start to end.
func mentionOf(reg *handlers.Register, kind string, ent int32, start, end int) Mention {
	m := Mention{Kind: kind, Start: start, End: end}
	switch kind {
	case "agency":
		m.ID, m.Name = reg.Agencies[ent].ID, reg.Agencies[ent].Name
	case "programme":
		m.ID, m.Name = reg.Programmes[ent].ID, reg.Programmes[ent].Name
	case "cohort":
		m.ID, m.Name = reg.Cohorts[ent].ID, reg.Cohorts[ent].Name
	}
	return m
}
