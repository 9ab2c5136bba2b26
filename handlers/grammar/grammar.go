package grammar

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"

	"frontdoor/handlers"
	"frontdoor/handlers/civil"
)

// The command grammar: the text a user types after the slash command, the
// same in the console, `frontdoor ask` and Slack. Parsing is syntactic only;
// names are resolved against the register by the command that uses them.

// Command names.
const (
	CmdHelp        = "help"
	CmdWhoFunds    = "who funds"
	CmdAgencyFunds = "funds"
	CmdProgramme   = "programme"
	CmdCohort      = "cohort"
	CmdArea        = "area"
	CmdAgency      = "agency"
	CmdLog         = "log"
	CmdActions     = "actions"
	CmdAction      = "action"
	CmdDone        = "done"
	CmdReopen      = "reopen"
	CmdAssign      = "assign"
	CmdDue         = "due"
	CmdNote        = "note"
	CmdDelete      = "delete"
	CmdOverlaps    = "overlaps"
	CmdGaps        = "gaps"
	CmdEnding      = "ending"
	CmdDigest      = "digest"
)

// Command is one parsed request.
type Command struct {
	Name string
	// Subject is the main name slot: the cohort of "who funds", the agency of
	// "funds", the thing a card is about, the help topic, or an actions filter.
	Subject string
	// Area is the "in <area>" slot, when given.
	Area string
	// For is the "for <cohort>" slot of overlaps and gaps.
	For string
	// Within is the "within <N> days" of ending (0: not given).
	Within int
	// Number is the action number of done/reopen/assign/due/note/action/delete.
	Number int64
	// Text is free text: what to log, a note, an owner, a due phrase.
	Text string
	// AsOf is the date a lookup is asked for (NoDate: today).
	AsOf handlers.Date
}

// IsWrite reports whether the command changes the record (and so needs an idempotency key and permission).
func (c Command) IsWrite() bool {
	switch c.Name {
	case CmdLog, CmdDone, CmdReopen, CmdAssign, CmdDue, CmdNote, CmdDelete:
		return true
	}
	return false
}

// IsLookup reports whether the command asks the register a question: who
// funds, what an agency funds, a card, overlaps, gaps, ending.
func (c Command) IsLookup() bool {
	switch c.Name {
	case CmdWhoFunds, CmdAgencyFunds, CmdProgramme, CmdCohort, CmdArea, CmdAgency,
		CmdOverlaps, CmdGaps, CmdEnding:
		return true
	}
	return false
}

// Cacheable reports whether the command's answer depends only on its text,
// the register and the date, never on who asks or on the action log: a
// lookup, or help. A transport may answer it again from memory for the same
// register and day.
func (c Command) Cacheable() bool { return c.IsLookup() || c.Name == CmdHelp }

// verbs maps each accepted first word (or words) to its command; the first
// entry of each command is its canonical spelling.
var verbs = []struct {
	words []string
	name  string
}{
	{[]string{"who", "funds"}, CmdWhoFunds},
	{[]string{"who", "fund"}, CmdWhoFunds},
	{[]string{"who", "serves"}, CmdWhoFunds},
	{[]string{"what", "does"}, CmdAgencyFunds},
	{[]string{"funds"}, CmdAgencyFunds},
	{[]string{"programme"}, CmdProgramme},
	{[]string{"program"}, CmdProgramme},
	{[]string{"cohort"}, CmdCohort},
	{[]string{"area"}, CmdArea},
	{[]string{"place"}, CmdArea},
	{[]string{"agency"}, CmdAgency},
	{[]string{"help"}, CmdHelp},
	{[]string{"log"}, CmdLog},
	{[]string{"actions"}, CmdActions},
	{[]string{"action"}, CmdAction},
	{[]string{"done"}, CmdDone},
	{[]string{"close"}, CmdDone},
	{[]string{"reopen"}, CmdReopen},
	{[]string{"assign"}, CmdAssign},
	{[]string{"due"}, CmdDue},
	{[]string{"note"}, CmdNote},
	{[]string{"delete"}, CmdDelete},
	{[]string{"overlaps"}, CmdOverlaps},
	{[]string{"gaps"}, CmdGaps},
	{[]string{"ending"}, CmdEnding},
	{[]string{"digest"}, CmdDigest},
}

var (
	slashPrefix = regexp.MustCompile(`(?i)^/(fd|frontdoor)\b\s*`)
	asOfSuffix  = regexp.MustCompile(`(?i)\s+as\s+(?:of|at)\s+(.+?)\s*$`)
	withinDays  = regexp.MustCompile(`(?i)\s+within\s+(\d{1,4})\s+days?\s*$`)
	spaces      = regexp.MustCompile(`\s+`)
)

// MaxCommandLength bounds what is parsed (Slack's own limit on a command is smaller).
const MaxCommandLength = 4000

// ParseCommand parses the text a user typed. It returns an *Error (EInvalid)
// that says what was not understood and how to ask instead.
func Parse(text string) (Command, error) {
	text = strings.TrimSpace(slashPrefix.ReplaceAllString(strings.TrimSpace(text), ""))
	if n := utf8.RuneCountInString(text); n > MaxCommandLength {
		return Command{}, handlers.Errorf(handlers.EInvalid, "That is too long to be a command (%d characters; the most is %d).", n, MaxCommandLength)
	}
	if text == "" {
		return Command{Name: CmdHelp}, nil
	}
	fields := strings.Fields(text)
	name, n := MatchVerb(fields)
	if name == "" {
		e := handlers.Errorf(handlers.EInvalid, "I don't know the command %q.", firstWords(fields, 2))
		e.Hint = "Type `help` to see what I can do, for example `who funds care leavers in Liverpool`."
		return Command{}, e
	}
	// rest keeps the user's original spacing and case after the verb words.
	rest := strings.TrimSpace(afterFields(text, n))
	cmd := Command{Name: name}
	switch name {
	case CmdLog, CmdNote:
		// Free text is kept as typed: "as of" inside an action is part of the text.
	default:
		if m := asOfSuffix.FindStringSubmatchIndex(" " + rest); m != nil {
			rest = " " + rest
			d, err := ParseExplicitDate(rest[m[2]:m[3]])
			if err != nil {
				return Command{}, handlers.Errorf(handlers.EInvalid, "I couldn't read the date after \"as of\": %s. Write it like 31/03/2026, 31 Mar 2026 or 2026-03-31.", handlers.ErrorMessage(err))
			}
			cmd.AsOf = d
			rest = strings.TrimSpace(rest[:m[0]])
		}
	}
	switch name {
	case CmdHelp:
		cmd.Subject = strings.ToLower(spaces.ReplaceAllString(rest, " "))
	case CmdWhoFunds:
		if rest == "" {
			return Command{}, Usage(name, "Say which cohort, for example `who funds care leavers in Liverpool`.")
		}
		cmd.Subject = rest
	case CmdAgencyFunds:
		if n == 2 { // "what does X fund"
			low := asciiLower(rest)
			for _, tail := range []string{" fund?", " fund", " funds", " pay for"} {
				if strings.HasSuffix(low, tail) {
					rest = strings.TrimSpace(rest[:len(rest)-len(tail)])
					break
				}
			}
		}
		rest = strings.TrimSuffix(rest, "?")
		if rest == "" {
			return Command{}, Usage(name, "Say which agency, for example `what does DWP fund`.")
		}
		cmd.Subject = rest
	case CmdProgramme, CmdCohort, CmdArea, CmdAgency:
		if rest == "" {
			return Command{}, Usage(name, "Say which one, for example `"+name+" "+cardExample[name]+"`.")
		}
		cmd.Subject = rest
	case CmdOverlaps, CmdGaps:
		cmd.Subject, cmd.Area, cmd.For = "", "", ""
		if err := parseInFor(rest, &cmd); err != nil {
			return Command{}, err
		}
	case CmdEnding:
		if m := withinDays.FindStringSubmatch(" " + rest); m != nil {
			cmd.Within, _ = strconv.Atoi(m[1])
			rest = strings.TrimSpace(withinDays.ReplaceAllString(" "+rest, ""))
			if cmd.Within == 0 {
				return Command{}, Usage(name, "Give a number of days of at least 1, for example `ending within 90 days`.")
			}
		}
		if err := parseInFor(rest, &cmd); err != nil {
			return Command{}, err
		}
		if cmd.For != "" {
			return Command{}, Usage(name, "`ending` takes `in <area>` and `within <N> days`, for example `ending in South Yorkshire within 90 days`.")
		}
	case CmdDigest:
		if rest != "" {
			return Command{}, Usage(name, "`digest` takes no words (add `as of <date>` for another week).")
		}
	case CmdLog:
		cmd.Text = rest
	case CmdActions:
		cmd.Subject = rest
	case CmdAction, CmdDone, CmdReopen, CmdDelete, CmdAssign, CmdDue, CmdNote:
		num, tail, ok := actionNumber(rest)
		if !ok {
			return Command{}, Usage(name, "Give the action's number, for example `"+name+" 42"+actionTail[name]+"`.")
		}
		cmd.Number, cmd.Text = num, tail
		switch name {
		case CmdAction, CmdDone, CmdReopen, CmdDelete:
			if tail != "" {
				return Command{}, Usage(name, "`"+name+"` takes only the action's number, for example `"+name+" 42`.")
			}
		default:
			if tail == "" {
				return Command{}, Usage(name, "Say "+actionWhat[name]+", for example `"+name+" 42"+actionTail[name]+"`.")
			}
		}
	}
	return cmd, nil
}

var cardExample = map[string]string{
	CmdProgramme: "Connect to Work", CmdCohort: "care leavers", CmdArea: "Liverpool", CmdAgency: "DWP",
}

var actionTail = map[string]string{
	CmdAssign: " @sam", CmdDue: " by Friday", CmdNote: " data shared, waiting on ICB sign-off",
}

var actionWhat = map[string]string{
	CmdAssign: "who to assign it to", CmdDue: "the new due date", CmdNote: "what to add",
}

func Usage(name, msg string) *handlers.Error {
	e := handlers.Errorf(handlers.EInvalid, "%s", msg)
	e.Hint = "Type `help " + name + "` for examples."
	return e
}

// parseInFor reads "[in <area>] [for <cohort>]" in either order.
func parseInFor(rest string, cmd *Command) error {
	if rest == "" {
		return nil
	}
	low := asciiLower(rest)
	padded := " " + low
	inAt := strings.Index(padded, " in ")
	forAt := strings.Index(padded, " for ")
	if inAt < 0 && forAt < 0 {
		return Usage(cmd.Name, "I expected `in <area>` or `for <cohort>`, for example `"+cmd.Name+" in Greater Manchester for over 50s`.")
	}
	// Offsets into rest (padded has one extra leading space).
	take := func(from, to int) string {
		from--
		if from < 0 {
			from = 0
		}
		if to < 0 || to-1 > len(rest) {
			return strings.TrimSpace(rest[from:])
		}
		return strings.TrimSpace(rest[from : to-1])
	}
	switch {
	case inAt >= 0 && (forAt < 0 || inAt < forAt):
		if strings.TrimSpace(padded[:inAt]) != "" {
			return Usage(cmd.Name, "I expected `in <area>` or `for <cohort>` straight after `"+cmd.Name+"`.")
		}
		if forAt >= 0 {
			cmd.Area = take(inAt+4, forAt+1)
			cmd.For = take(forAt+5, -1)
		} else {
			cmd.Area = take(inAt+4, -1)
		}
	default:
		if strings.TrimSpace(padded[:forAt]) != "" {
			return Usage(cmd.Name, "I expected `in <area>` or `for <cohort>` straight after `"+cmd.Name+"`.")
		}
		if inAt > forAt {
			cmd.For = take(forAt+5, inAt+1)
			cmd.Area = take(inAt+4, -1)
		} else {
			cmd.For = take(forAt+5, -1)
		}
	}
	if (inAt >= 0 && cmd.Area == "") || (forAt >= 0 && cmd.For == "") {
		return Usage(cmd.Name, "Something is missing after `in` or `for`.")
	}
	return nil
}

// actionNumber reads "42", "#42" or "#42:" at the start of s.
func actionNumber(s string) (int64, string, bool) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return 0, "", false
	}
	numText := strings.TrimSuffix(strings.TrimPrefix(f[0], "#"), ":")
	n, err := strconv.ParseInt(numText, 10, 64)
	if err != nil || n <= 0 {
		return 0, "", false
	}
	return n, strings.TrimSpace(afterFields(s, 1)), true
}

// matchVerb finds the command that the first words name, forgiving a small typo
// in a word of four letters or more ("who fudns", "overlapps").
func MatchVerb(fields []string) (string, int) {
	best, bestN, bestDist := "", 0, 1<<30
	for _, v := range verbs {
		if len(fields) < len(v.words) {
			continue
		}
		dist := 0
		for i, w := range v.words {
			f := strings.ToLower(strings.Trim(fields[i], "?:,."))
			if f == w {
				continue
			}
			d := wordDistance(f, w)
			if len(w) < 4 || len(f) < 4 || d > 1 {
				dist = -1
				break
			}
			dist += d
		}
		if dist == 0 {
			return v.name, len(v.words)
		}
		if dist > 0 && dist < bestDist {
			best, bestN, bestDist = v.name, len(v.words), dist
		}
	}
	return best, bestN
}

// wordDistance is the edit distance between two command words, counting a
// swap of two neighbouring letters ("fudns" for "funds") as one edit.
func wordDistance(a, b string) int {
	if len(a) == len(b) {
		diff := -1
		for i := 0; i < len(a); i++ {
			if a[i] != b[i] {
				diff = i
				break
			}
		}
		if diff >= 0 && diff+1 < len(a) && a[diff] == b[diff+1] && a[diff+1] == b[diff] && a[diff+2:] == b[diff+2:] {
			return 1
		}
	}
	return levenshtein.ComputeDistance(a, b)
}

// afterFields returns s after its first n whitespace-separated fields.
func afterFields(s string, n int) string {
	s = strings.TrimLeft(s, " \t\r\n")
	for i := 0; i < n; i++ {
		j := strings.IndexAny(s, " \t\r\n")
		if j < 0 {
			return ""
		}
		s = strings.TrimLeft(s[j:], " \t\r\n")
	}
	return s
}

func firstWords(fields []string, n int) string {
	if len(fields) < n {
		n = len(fields)
	}
	return strings.Join(fields[:n], " ")
}

// SplitIn returns the ways "<cohort> in <area>" can be read, the last " in "
// first: "in work at risk in Bolton" → ("in work at risk", "Bolton"), then the
// whole text as a cohort with no area. Names can contain "in", so the caller
// tries each reading against the register.
func SplitIn(s string) [][2]string {
	var out [][2]string
	low := asciiLower(s)
	for i := len(low); ; {
		j := strings.LastIndex(low[:i], " in ")
		if j < 0 {
			break
		}
		left, right := strings.TrimSpace(s[:j]), strings.TrimSpace(s[j+4:])
		if left != "" && right != "" {
			out = append(out, [2]string{left, right})
		}
		i = j
	}
	return append(out, [2]string{strings.TrimSpace(s), ""})
}

var monthNames = map[string]time.Month{}

func init() {
	for m := time.January; m <= time.December; m++ {
		full := strings.ToLower(m.String())
		monthNames[full] = m
		monthNames[full[:3]] = m
	}
	monthNames["sept"] = time.September
}

// ParseExplicitDate reads a date written out in full, UK style: 2026-03-31,
// 31/03/2026, 31/3/26, 31 Mar 2026, 31 March 2026, 31st March 2026. Impossible
// days (31/02/2026) are refused.
func ParseExplicitDate(s string) (handlers.Date, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "."))
	if s == "" {
		return handlers.NoDate, handlers.Errorf(handlers.EInvalid, "no date given")
	}
	if len(s) == 10 && s[4] == '-' {
		d, err := handlers.ParseISODate(s)
		if err != nil {
			return handlers.NoDate, handlers.Errorf(handlers.EInvalid, "%s", err.Error())
		}
		return d, nil
	}
	var y, d int
	var m time.Month
	if strings.Count(s, "/") == 2 {
		dd, mm, yy, digits, ok := civil.SlashDate(s)
		if !ok {
			return handlers.NoDate, handlers.Errorf(handlers.EInvalid, "%q is not a date (day/month/year)", s)
		}
		if digits == 2 {
			yy = civil.FullYear(yy)
		}
		d, m, y = dd, time.Month(mm), yy
	} else {
		f := strings.Fields(strings.ToLower(strings.ReplaceAll(s, ",", " ")))
		if len(f) != 3 {
			return handlers.NoDate, handlers.Errorf(handlers.EInvalid, "%q is not a date", s)
		}
		dd, err := strconv.Atoi(strings.TrimRight(f[0], "stndrh"))
		mm, ok := monthNames[f[1]]
		yy, err2 := strconv.Atoi(f[2])
		if err != nil || !ok || err2 != nil || len(f[2]) != 4 {
			return handlers.NoDate, handlers.Errorf(handlers.EInvalid, "%q is not a date", s)
		}
		d, m, y = dd, mm, yy
	}
	if !handlers.ValidYMD(y, m, d) {
		return handlers.NoDate, handlers.Errorf(handlers.EInvalid, "%q is not a real date", s)
	}
	return handlers.DateOf(y, m, d), nil
}

// asciiLower lower-cases ASCII letters only, keeping every byte where it was,
// so offsets found in the result index the original text (strings.ToLower
// may change the length of text that is not valid UTF-8).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
