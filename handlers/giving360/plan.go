package giving360

import (
	"fmt"
	"math/big"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"frontdoor/handlers"
	"frontdoor/handlers/civil"
	"frontdoor/handlers/pii"
)

// Skipped is a grant that cannot become a funding: it matches nothing in the
// register, or lacks what a funding needs. Reasons say what did not match.
type Skipped struct {
	At      Source
	GrantID string
	Reasons []string
}

func (s Skipped) String() string {
	id := "with no identifier"
	if s.GrantID != "" {
		id = fmt.Sprintf("%q", s.GrantID)
	}
	return fmt.Sprintf("%s: grant %s: %s", s.At, id, strings.Join(s.Reasons, "; "))
}

// Result is an import of grants worked out against the register.
type Result struct {
	// Diff holds the fundings to add or update (kind "fundings" only); it
	// never deletes. It is empty when re-importing a file already imported.
	Diff *handlers.RegisterDiff
	// Skipped lists the grants that became no funding, in file order.
	Skipped []Skipped
}

// Plan matches each grant to the register and works out the fundings it
// adds or updates (of kind grant):
//
//   - the programme by grantProgramme code (a programme id), then title (a
//     programme's name or alias, letter case and punctuation aside);
//   - funder and recipient by identifier (an agency's org_id, or the
//     prefix and an agency id as Export writes it), then name or alias;
//   - places by GSS code (an area id), or by name when a location has no code;
//   - the funding id: the grant id without "prefix-" when it carries the
//     prefix (so Frontdoor's own export comes back onto the same rows), else
//     the grant id itself (360G-blf-0031234), which Export writes back
//     unchanged; an id with spaces or ";" becomes a slug (lower case, runs
//     of other characters as "-"). The same file always lands on the same rows.
//
// A grant the file updates keeps the stored values of what the grant does
// not say (ring fencing, checked_on; notes, dates, places and source when
// the grant has none). Plan never fails on a grant: those it cannot use are
// in Skipped, and the caller decides whether to apply the rest. The error is
// for a bad prefix only.
func Plan(current *handlers.Register, grants []Grant, prefix string) (*Result, error) {
	p, err := CheckPrefix(prefix)
	if err != nil {
		return nil, err
	}
	if current == nil {
		current = &handlers.Register{}
	}
	ix := newMatchIndex(current, p)
	res := &Result{Diff: &handlers.RegisterDiff{Kinds: []string{handlers.KindFundings}}}
	stored := make(map[string]*handlers.Funding, len(current.Fundings))
	for i := range current.Fundings {
		stored[current.Fundings[i].ID] = &current.Fundings[i]
	}
	byFunding := map[string]*Grant{} // funding id → the grant that set it
	for i := range grants {
		g := &grants[i]
		f, reasons := ix.funding(g, stored)
		if f != nil {
			if first := byFunding[f.ID]; first != nil {
				reasons = append(reasons, fmt.Sprintf("it would be funding %q, as the grant %q at %s is; each grant may appear once in a file", f.ID, first.ID, first.At))
			}
		}
		if len(reasons) > 0 {
			res.Skipped = append(res.Skipped, Skipped{At: g.At, GrantID: g.ID, Reasons: reasons})
			continue
		}
		byFunding[f.ID] = g
		old := stored[f.ID]
		switch {
		case old == nil:
			res.Diff.Fundings.Added = append(res.Diff.Fundings.Added, *f)
		case sameFunding(old, f):
			res.Diff.Fundings.Unchanged++
		default:
			res.Diff.Fundings.Updated = append(res.Diff.Fundings.Updated, *f)
		}
		if w := ix.periodWarning(g, f); w != "" {
			res.Diff.Warnings = append(res.Diff.Warnings, handlers.Problem{File: g.At.File, Line: g.At.Line, Message: w})
		}
	}
	return res, nil
}

// sameFunding reports whether two fundings hold the same values; an empty
// area list is the same whether nil or not.
func sameFunding(a, b *handlers.Funding) bool {
	x, y := *a, *b
	if len(x.AreaIDs) == 0 {
		x.AreaIDs = nil
	}
	if len(y.AreaIDs) == 0 {
		y.AreaIDs = nil
	}
	return reflect.DeepEqual(x, y)
}

// matchIndex finds register rows by the ways a grant names them.
type matchIndex struct {
	prefix      string
	progByID    map[string]*handlers.Programme
	progByName  map[string][]*handlers.Programme
	agencyByID  map[string]*handlers.Agency
	agencyByOrg map[string][]*handlers.Agency
	agencyByNm  map[string][]*handlers.Agency
	areaByID    map[string]*handlers.Area
	areaByName  map[string][]*handlers.Area
}

func newMatchIndex(reg *handlers.Register, prefix string) *matchIndex {
	ix := &matchIndex{
		prefix:      prefix,
		progByID:    map[string]*handlers.Programme{},
		progByName:  map[string][]*handlers.Programme{},
		agencyByID:  map[string]*handlers.Agency{},
		agencyByOrg: map[string][]*handlers.Agency{},
		agencyByNm:  map[string][]*handlers.Agency{},
		areaByID:    map[string]*handlers.Area{},
		areaByName:  map[string][]*handlers.Area{},
	}
	for i := range reg.Programmes {
		p := &reg.Programmes[i]
		ix.progByID[strings.ToLower(p.ID)] = p
		addNames(ix.progByName, p, p.Name, p.Aliases)
	}
	for i := range reg.Agencies {
		a := &reg.Agencies[i]
		ix.agencyByID[strings.ToLower(a.ID)] = a
		if a.OrgID != "" {
			k := strings.ToUpper(strings.TrimSpace(a.OrgID))
			ix.agencyByOrg[k] = append(ix.agencyByOrg[k], a)
		}
		addNames(ix.agencyByNm, a, a.Name, a.Aliases)
	}
	for i := range reg.Areas {
		a := &reg.Areas[i]
		ix.areaByID[strings.ToUpper(a.ID)] = a
		addNames(ix.areaByName, a, a.Name, a.Aliases)
	}
	return ix
}

// addNames files row under its name and aliases, once per distinct key.
func addNames[T any](m map[string][]*T, row *T, name string, aliases []string) {
	for _, n := range append([]string{name}, aliases...) {
		k := foldName(n)
		if k != "" && !slices.Contains(m[k], row) {
			m[k] = append(m[k], row)
		}
	}
}

// foldName compares names the way people write them: letter case,
// apostrophes and other punctuation aside, "&" as "and".
func foldName(s string) string {
	s = strings.NewReplacer("&", " and ", "'", "", "’", "").Replace(strings.ToLower(s))
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// funding works out the funding a grant becomes, or why it cannot.
func (ix *matchIndex) funding(g *Grant, stored map[string]*handlers.Funding) (*handlers.Funding, []string) {
	var reasons []string
	why := func(format string, args ...any) { reasons = append(reasons, fmt.Sprintf(format, args...)) }

	id := ix.fundingID(g.ID)
	switch {
	case strings.TrimSpace(g.ID) == "":
		why("no Identifier; every grant needs one, which says which funding it is")
	case !strings.ContainsFunc(id, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }):
		why("the Identifier %q has no letters or digits to make a funding id from", g.ID)
	}
	amount, msg := parseAmount(string(g.AmountAwarded))
	if msg != "" {
		why("Amount Awarded: %s", msg)
	}
	if c := strings.ToUpper(strings.TrimSpace(g.Currency)); c != "" && c != "GBP" {
		why("Currency %q: Frontdoor records amounts in pounds (GBP) only", g.Currency)
	}
	awarded, msg := parseDay(g.AwardDate)
	switch {
	case strings.TrimSpace(g.AwardDate) == "":
		why("no Award Date; 360Giving requires the date the grant was awarded")
	case msg != "":
		why("Award Date: %s", msg)
	}
	start, end, msg := plannedPeriod(g.PlannedDates)
	if msg != "" {
		why("Planned Dates: %s", msg)
	}

	prog, msg := ix.programme(g.GrantProgramme)
	if msg != "" {
		why("%s", msg)
	}
	var funder, recipient *handlers.Agency
	switch len(g.FundingOrganization) {
	case 0:
		why("no Funding Org; each grant needs the organisation that gave it")
	case 1:
		if funder, msg = ix.agency(g.FundingOrganization[0], "funder"); msg != "" {
			why("%s", msg)
		}
	default:
		why("%d funding organisations; a funding in the register has one funder, so give each funder's share as its own grant", len(g.FundingOrganization))
	}
	switch {
	case len(g.RecipientIndividual) > 0:
		why("it is a grant to an individual; the register records money between organisations, and keeps residents' details out")
	case len(g.RecipientOrganization) == 0:
		why("no Recipient Org; each grant needs the organisation that received it")
	case len(g.RecipientOrganization) > 1:
		why("%d recipient organisations; a funding in the register has one recipient, so give each recipient's share as its own grant", len(g.RecipientOrganization))
	default:
		if recipient, msg = ix.agency(g.RecipientOrganization[0], "recipient"); msg != "" {
			why("%s", msg)
		}
	}
	var areaIDs []string
	for _, l := range g.BeneficiaryLocation {
		a, msg := ix.area(l)
		if msg != "" {
			why("%s", msg)
		} else if a != nil && !slices.Contains(areaIDs, a.ID) {
			areaIDs = append(areaIDs, a.ID)
		}
	}
	notes := strings.TrimSpace(g.Description)
	if notes == strings.TrimSpace(g.Title) {
		notes = "" // the title alone says nothing the programme and recipient do not
	}
	for _, found := range pii.Find(notes) {
		why("the Description holds what looks like a %s; the register keeps residents' identifiers out, so remove it from the file", found.Kind)
	}
	if len(reasons) > 0 {
		return nil, reasons
	}

	f := handlers.Funding{ID: id}
	old := stored[id]
	if old != nil {
		f = *old
		f.AreaIDs = slices.Clone(old.AreaIDs)
	}
	f.ProgrammeID, f.FunderID = prog.ID, funder.ID
	f.RecipientID = recipient.ID
	if recipient.ID == prog.LeadAgencyID && (old == nil || old.RecipientID != prog.LeadAgencyID) {
		f.RecipientID = "" // no recipient means the lead, as the register writes it
	}
	f.AmountPence = &amount
	f.Kind, f.AwardDate = handlers.FundingGrant, awarded
	if len(g.PlannedDates) > 0 {
		f.Start, f.End = start, end
	}
	if len(g.BeneficiaryLocation) > 0 {
		switch {
		case old != nil && sameSet(areaIDs, old.AreaIDs):
			// as stored, in the stored order
		case sameSet(areaIDs, prog.AreaIDs):
			f.AreaIDs = nil // money for the programme's own areas is money for the programme
		default:
			f.AreaIDs = areaIDs
		}
	}
	if src := webAddress(g.DataSource); src != "" {
		f.SourceURL = src
	} else if src := webAddress(g.URL); src != "" {
		f.SourceURL = src
	}
	if strings.TrimSpace(g.Description) != "" {
		f.Notes = notes
	}
	if len(f.AreaIDs) == 0 {
		f.AreaIDs = nil
	}
	return &f, nil
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// fundingID derives the funding id of a grant id.
func (ix *matchIndex) fundingID(grantID string) string {
	grantID = strings.TrimSpace(grantID)
	own := ix.prefix + "-"
	if len(grantID) > len(own) && strings.EqualFold(grantID[:len(own)], own) {
		if rest := grantID[len(own):]; plainID(rest) {
			return rest
		}
	}
	if plainID(grantID) {
		return grantID
	}
	return slug(grantID)
}

// plainID reports whether s can be a register id as it is: no ";" (the list
// separator), no spaces or control characters, and not too long to read.
func plainID(s string) bool {
	if s == "" || len(s) > 200 {
		return false
	}
	for _, r := range s {
		if r == ';' || unicode.IsSpace(r) || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

var notSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug makes an id of any text: lower case, other runs as "-".
func slug(s string) string {
	return strings.Trim(notSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

// programme finds the one programme a grant's programmes name.
func (ix *matchIndex) programme(gps []GrantProgramme) (*handlers.Programme, string) {
	var found []*handlers.Programme
	var tried []string
	for _, gp := range gps {
		code, title := strings.TrimSpace(gp.Code), strings.TrimSpace(gp.Title)
		var hit []*handlers.Programme
		if p := ix.progByID[strings.ToLower(code)]; code != "" && p != nil {
			hit = []*handlers.Programme{p}
		} else if title != "" {
			hit = ix.progByName[foldName(title)]
		}
		if len(hit) > 1 {
			return nil, fmt.Sprintf("the grant programme %q matches several programmes (%s); give its code, a programme id", title, programmeIDs(hit))
		}
		for _, p := range hit {
			if !slices.Contains(found, p) {
				found = append(found, p)
			}
		}
		if code != "" {
			tried = append(tried, fmt.Sprintf("code %q", code))
		}
		if title != "" {
			tried = append(tried, fmt.Sprintf("title %q", title))
		}
	}
	switch {
	case len(found) == 1:
		return found[0], ""
	case len(found) > 1:
		return nil, fmt.Sprintf("its grant programmes match different programmes (%s); a funding belongs to one", programmeIDs(found))
	case len(tried) == 0:
		return nil, "no Grant Programme; give its code (a programme id) or title (a programme's name) so the grant lands under a programme"
	}
	return nil, fmt.Sprintf("no programme with grant programme %s; add the programme to the register, or an alias with its title", strings.Join(tried, " or "))
}

func programmeIDs(ps []*handlers.Programme) string {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return strings.Join(ids, ", ")
}

func agencyIDs(as []*handlers.Agency) string {
	ids := make([]string, len(as))
	for i, a := range as {
		ids[i] = a.ID
	}
	return strings.Join(ids, ", ")
}

// agency finds the agency an organisation is: by org_id, by the prefix and
// an agency id, then by name or alias.
func (ix *matchIndex) agency(o Organization, role string) (*handlers.Agency, string) {
	id, name := strings.TrimSpace(o.ID), strings.TrimSpace(o.Name)
	if id != "" {
		switch hit := ix.agencyByOrg[strings.ToUpper(id)]; len(hit) {
		case 1:
			return hit[0], ""
		case 0:
		default:
			return nil, fmt.Sprintf("the %s's identifier %q is the org_id of several agencies (%s); give each agency its own", role, id, agencyIDs(hit))
		}
		own := ix.prefix + "-"
		if len(id) > len(own) && strings.EqualFold(id[:len(own)], own) {
			if a := ix.agencyByID[strings.ToLower(id[len(own):])]; a != nil {
				return a, ""
			}
		}
	}
	if name != "" {
		switch hit := ix.agencyByNm[foldName(name)]; len(hit) {
		case 1:
			return hit[0], ""
		case 0:
		default:
			return nil, fmt.Sprintf("the %s %q matches several agencies (%s); record its identifier %q as the org_id of one", role, name, agencyIDs(hit), id)
		}
	}
	switch {
	case id == "" && name == "":
		return nil, fmt.Sprintf("the %s has no identifier or name", role)
	case name == "":
		return nil, fmt.Sprintf("no agency with org_id %q (the %s); add it to the register, or its org_id to an agency", id, role)
	case id == "":
		return nil, fmt.Sprintf("no agency named %q (the %s); add it to the register, or the name as an alias", name, role)
	}
	return nil, fmt.Sprintf("no agency with org_id %q or named %q (the %s); add it to the register, or record the org_id on the agency it is", id, name, role)
}

// area finds the area of a beneficiary location: by GSS code, or by name
// when it has no code. A location with neither (a country code alone) is
// no place in particular: nil and no message.
func (ix *matchIndex) area(l Location) (*handlers.Area, string) {
	code, name := strings.TrimSpace(l.GeoCode), strings.TrimSpace(l.Name)
	if code != "" {
		if a := ix.areaByID[strings.ToUpper(code)]; a != nil {
			return a, ""
		}
		if name != "" {
			return nil, fmt.Sprintf("no area with GSS code %q (%s); add the area to the register with that code as its id", code, name)
		}
		return nil, fmt.Sprintf("no area with GSS code %q; add the area to the register with that code as its id", code)
	}
	if name == "" {
		return nil, ""
	}
	switch hit := ix.areaByName[foldName(name)]; len(hit) {
	case 1:
		return hit[0], ""
	case 0:
		return nil, fmt.Sprintf("no area named %q and no GSS code to find it by; add its Geographic Code", name)
	default:
		ids := make([]string, len(hit))
		for i, a := range hit {
			ids[i] = a.ID
		}
		return nil, fmt.Sprintf("the location %q matches several areas (%s); add its Geographic Code", name, strings.Join(ids, ", "))
	}
}

// periodWarning warns of a funding whose period falls outside its programme's dates.
func (ix *matchIndex) periodWarning(g *Grant, f *handlers.Funding) string {
	p := ix.progByID[strings.ToLower(f.ProgrammeID)]
	if p == nil {
		return ""
	}
	period := p.Period()
	if (f.Start.IsZero() || period.Contains(f.Start)) && (f.End.IsZero() || period.Contains(f.End)) {
		return ""
	}
	return fmt.Sprintf("grant %q: funding %q covers %s, outside the dates of programme %q (%s); accepted, but check the dates",
		g.ID, f.ID, orOpen(f.Period().UK()), p.ID, orOpen(period.UK()))
}

func orOpen(s string) string {
	if s == "" {
		return "no dates"
	}
	return s
}

var (
	groupedPounds = regexp.MustCompile(`^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$`)
	// plainNumber is a JSON number (its sign is checked after), with a small exponent
	// at most (big.Rat would also take fractions, hexadecimal and huge exponents).
	plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]{1,3})?$`)
)

// maxPounds keeps amounts in pence well inside int64.
var maxPounds = big.NewRat(1_000_000_000_000, 1)

// parseAmount reads an amount in pounds (a JSON number, or a spreadsheet
// cell, which may carry "£" and thousands separators) into pence.
func parseAmount(s string) (int64, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, "none given; 360Giving requires the amount awarded"
	}
	v := strings.TrimPrefix(s, "£")
	if groupedPounds.MatchString(v) {
		v = strings.ReplaceAll(v, ",", "")
	}
	r, ok := new(big.Rat).SetString(v)
	if !ok || !plainNumber.MatchString(v) {
		return 0, fmt.Sprintf("%q is not an amount; write the pounds as a number, e.g. 25000 or 2500.50", s)
	}
	if r.Sign() < 0 {
		return 0, fmt.Sprintf("%q is negative; an amount awarded cannot be below 0", s)
	}
	if r.Cmp(maxPounds) > 0 {
		return 0, fmt.Sprintf("%q is too large for an amount in pounds; check the figure", s)
	}
	pence := new(big.Rat).Mul(r, big.NewRat(100, 1))
	if !pence.IsInt() {
		return 0, fmt.Sprintf("%q has fractions of a penny; give pounds and pence", s)
	}
	return pence.Num().Int64(), ""
}

// parseDay reads a day as the standard writes it (YYYY-MM-DD or a full
// date-time, taken as the date it was written in) or as a UK spreadsheet
// does (DD/MM/YYYY).
func parseDay(s string) (handlers.Date, string) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return handlers.NoDate, ""
	case len(s) >= 20 && (s[10] == 'T' || s[10] == 't'):
		if _, err := time.Parse(time.RFC3339Nano, strings.ToUpper(s)); err != nil {
			return handlers.NoDate, fmt.Sprintf("%q is not a date-time (YYYY-MM-DDThh:mm:ssZ)", s)
		}
		s = s[:10]
	case strings.Count(s, "/") == 2:
		// A spreadsheet's date, day first; its year in full (civil.FullYear
		// is for dates people type, not for files).
		if day, month, year, digits, ok := civil.SlashDate(s); ok && digits == 4 {
			s = fmt.Sprintf("%04d-%02d-%02d", year, month, day)
		}
	}
	d, err := handlers.ParseISODate(s)
	if err != nil {
		return handlers.NoDate, fmt.Sprintf("%q is not a date; write YYYY-MM-DD", s)
	}
	return d, ""
}

var (
	yearMonth = regexp.MustCompile(`^([0-9]{4})-(0[1-9]|1[0-2])$`)
	yearOnly  = regexp.MustCompile(`^[0-9]{4}$`)
)

// parseBound reads a planned start or end, which may give only the month or
// the year: a start means its first day, an end its last.
func parseBound(s string, end bool) (handlers.Date, string) {
	s = strings.TrimSpace(s)
	var y, m int
	switch {
	case yearMonth.MatchString(s):
		fmt.Sscanf(s, "%d-%d", &y, &m)
	case yearOnly.MatchString(s):
		fmt.Sscanf(s, "%d", &y)
		m = 1
		if end {
			m = 12
		}
	default:
		return parseDay(s)
	}
	if end {
		return handlers.DateOf(y, time.Month(m), handlers.DaysIn(y, time.Month(m))), ""
	}
	return handlers.DateOf(y, time.Month(m), 1), ""
}

// maxMonths bounds a planned duration, so an end date stays a four-digit year.
const maxMonths = 1200

// plannedPeriod reads the first planned dates: start, end, and an end from
// the duration in months when only the start is given.
func plannedPeriod(events []Event) (start, end handlers.Date, msg string) {
	if len(events) == 0 {
		return handlers.NoDate, handlers.NoDate, ""
	}
	e := events[0]
	if start, msg = parseBound(e.StartDate, false); msg != "" {
		return handlers.NoDate, handlers.NoDate, "Start Date " + msg
	}
	if end, msg = parseBound(e.EndDate, true); msg != "" {
		return handlers.NoDate, handlers.NoDate, "End Date " + msg
	}
	if end.IsZero() && !start.IsZero() && e.Duration != "" {
		months, err := e.Duration.Float64()
		switch {
		case err != nil || months < 0:
			return handlers.NoDate, handlers.NoDate, fmt.Sprintf("Duration %q is not a number of months", e.Duration)
		case months > maxMonths:
			return handlers.NoDate, handlers.NoDate, fmt.Sprintf("Duration %q months is more than a century; check the figure, or give the End Date", e.Duration)
		}
		if n := int(months + 0.5); n > 0 {
			y, m, d := start.YMD()
			end = handlers.DateIn(time.Date(y, m+time.Month(n), d, 0, 0, 0, 0, time.UTC), time.UTC).AddDays(-1)
		}
	}
	if !start.IsZero() && !end.IsZero() && end < start {
		return handlers.NoDate, handlers.NoDate, fmt.Sprintf("the end %s is before the start %s", end, start)
	}
	return start, end, ""
}
