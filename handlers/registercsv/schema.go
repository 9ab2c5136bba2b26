package registercsv

import (
	"fmt"
	"strings"

	"frontdoor/handlers"
)

// column is one column of a kind's file: how to read a cell into a row and
// write it back in canonical form.
type column[T any] struct {
	name     string
	required bool
	need     string // what a row lacks when a required cell is empty: "a name"
	// multiline says the column is free text, where tabs and line breaks may stand.
	multiline bool
	ref       string // the kind of register row this column names by id, or ""
	get       func(*T) string
	set       func(*T, string) string // stores a trimmed, non-empty-if-required cell; returns a problem or ""
	ids       func(*T) []string       // the ids a ref column names
	items     func(*T) int            // how many values a list column holds
}

// listBroader says what stands for many values of a list.
func listBroader(kind string) string {
	switch kind {
	case handlers.KindAreas:
		return "area"
	case handlers.KindCohorts:
		return "cohort"
	}
	return "name"
}

func (c column[T]) requires(need string) column[T] {
	c.required, c.need = true, need
	return c
}

// freeText marks a column whose cells may hold tabs and line breaks.
func (c column[T]) freeText() column[T] {
	c.multiline = true
	return c
}

// schema describes one kind: its columns in the format's order (id first),
// and what the cross-row checks need.
type schema[T any] struct {
	kind, noun string
	cols       []column[T]
	id         func(*T) *string
	names      func(*T) []string // name and aliases, for suggestions
	parent     string            // column holding the parent in a hierarchy, or ""
	inside     string            // "an area cannot be inside itself"
	span       func(*T) (start, end handlers.Date)
}

func (s *schema[T]) columnNames() []string {
	names := make([]string, len(s.cols))
	for i, c := range s.cols {
		names[i] = c.name
	}
	return names
}

func (s *schema[T]) column(name string) *column[T] {
	for i := range s.cols {
		if s.cols[i].name == name {
			return &s.cols[i]
		}
	}
	return nil
}

// nouns names one row of each kind in messages.
var nouns = map[string]string{
	handlers.KindAreas:      "area",
	handlers.KindAgencies:   "agency",
	handlers.KindCohorts:    "cohort",
	handlers.KindProgrammes: "programme",
	handlers.KindFundings:   "funding",
}

func textCol[T any](name string, field func(*T) *string) column[T] {
	return column[T]{
		name: name,
		get:  func(r *T) string { return *field(r) },
		set:  func(r *T, s string) string { *field(r) = s; return "" },
	}
}

// refCol holds the id of one row of another kind.
func refCol[T any](name, kind string, field func(*T) *string) column[T] {
	c := textCol(name, field)
	c.ref = kind
	c.set = func(r *T, s string) string {
		if strings.Contains(s, ";") {
			return fmt.Sprintf("%q looks like a list, but this column takes a single %s id", s, nouns[kind])
		}
		*field(r) = s
		return ""
	}
	c.ids = func(r *T) []string {
		if v := *field(r); v != "" {
			return []string{v}
		}
		return nil
	}
	return c
}

// listCol holds ";"-separated values; with kind set, ids of rows of that kind.
func listCol[T any](name, kind string, field func(*T) *[]string) column[T] {
	c := column[T]{
		name: name,
		ref:  kind,
		get:  func(r *T) string { return strings.Join(*field(r), ";") },
		set: func(r *T, s string) string {
			items := parseList(s)
			if len(items) > MaxListItems {
				what := "values"
				if kind != "" {
					what = nouns[kind] + " ids"
				}
				return fmt.Sprintf("lists %s %s; a list cell may hold at most %s, so name a broader %s that takes them in instead of each one",
					thousands(len(items)), what, thousands(MaxListItems), listBroader(kind))
			}
			*field(r) = items
			return ""
		},
	}
	if kind != "" {
		c.ids = func(r *T) []string { return *field(r) }
	}
	c.items = func(r *T) int { return len(*field(r)) }
	return c
}

// enumCol holds one of a fixed set of values; emptyMeans explains an empty
// cell where the column is optional.
func enumCol[T any](name string, values []string, emptyMeans string, field func(*T) *string) column[T] {
	return column[T]{
		name: name,
		get:  func(r *T) string { return *field(r) },
		set: func(r *T, s string) string {
			if s == "" {
				*field(r) = ""
				return ""
			}
			v, ok := parseEnum(s, values)
			if !ok {
				msg := fmt.Sprintf("unknown %s %q; use one of: %s", name, s, strings.Join(values, ", "))
				if emptyMeans != "" {
					msg += " (or leave it empty for " + emptyMeans + ")"
				}
				return msg
			}
			*field(r) = v
			return ""
		},
	}
}

// dateCol holds a date; end says how a whole month (YYYY-MM) is read.
func dateCol[T any](name string, end bool, field func(*T) *handlers.Date) column[T] {
	return column[T]{
		name: name,
		get:  func(r *T) string { return formatDate(*field(r)) },
		set: func(r *T, s string) string {
			if s == "" {
				*field(r) = handlers.NoDate
				return ""
			}
			d, msg := parseDate(s, end)
			if msg == "" {
				*field(r) = d
			}
			return msg
		},
	}
}

func amountCol[T any](name string, field func(*T) **int64) column[T] {
	return column[T]{
		name: name,
		get: func(r *T) string {
			if p := *field(r); p != nil {
				return formatAmount(*p)
			}
			return ""
		},
		set: func(r *T, s string) string {
			if s == "" {
				*field(r) = nil
				return ""
			}
			v, msg := parseAmount(s)
			if msg == "" {
				*field(r) = &v
			}
			return msg
		},
	}
}

func wholeCol[T any](name string, field func(*T) **int64) column[T] {
	return column[T]{
		name: name,
		get: func(r *T) string {
			if p := *field(r); p != nil {
				return fmt.Sprint(*p)
			}
			return ""
		},
		set: func(r *T, s string) string {
			if s == "" {
				*field(r) = nil
				return ""
			}
			v, msg := parseWhole(s)
			if msg == "" {
				*field(r) = &v
			}
			return msg
		},
	}
}

func boolCol[T any](name string, field func(*T) **bool) column[T] {
	return column[T]{
		name: name,
		get: func(r *T) string {
			if p := *field(r); p != nil {
				return fmt.Sprint(*p)
			}
			return ""
		},
		set: func(r *T, s string) string {
			if s == "" {
				*field(r) = nil
				return ""
			}
			v, msg := parseBool(s)
			if msg == "" {
				*field(r) = &v
			}
			return msg
		},
	}
}

// The five kinds, columns in the order of register format v2 (v1's
// columns, then those v2 added).

type (
	area      = handlers.Area
	agency    = handlers.Agency
	cohort    = handlers.Cohort
	programme = handlers.Programme
	funding   = handlers.Funding
)

var areaSchema = &schema[area]{
	kind: handlers.KindAreas, noun: "area",
	cols: []column[area]{
		textCol("id", func(r *area) *string { return &r.ID }).requires("an id"),
		textCol("name", func(r *area) *string { return &r.Name }).requires("a name"),
		enumCol("kind", handlers.AreaKinds, "", func(r *area) *string { return &r.Kind }).requires("a kind (" + strings.Join(handlers.AreaKinds, ", ") + ")"),
		refCol("parent_id", handlers.KindAreas, func(r *area) *string { return &r.ParentID }),
		listCol("aliases", "", func(r *area) *[]string { return &r.Aliases }),
	},
	id:     func(r *area) *string { return &r.ID },
	names:  func(r *area) []string { return append([]string{r.Name}, r.Aliases...) },
	parent: "parent_id",
	inside: "an area cannot be inside itself",
}

var agencySchema = &schema[agency]{
	kind: handlers.KindAgencies, noun: "agency",
	cols: []column[agency]{
		textCol("id", func(r *agency) *string { return &r.ID }).requires("an id"),
		textCol("name", func(r *agency) *string { return &r.Name }).requires("a name"),
		enumCol("kind", handlers.AgencyKinds, "", func(r *agency) *string { return &r.Kind }).requires("a kind (" + strings.Join(handlers.AgencyKinds, ", ") + ")"),
		refCol("area_id", handlers.KindAreas, func(r *agency) *string { return &r.AreaID }),
		listCol("aliases", "", func(r *agency) *[]string { return &r.Aliases }),
		textCol("org_id", func(r *agency) *string { return &r.OrgID }),
	},
	id:    func(r *agency) *string { return &r.ID },
	names: func(r *agency) []string { return append([]string{r.Name}, r.Aliases...) },
}

var cohortSchema = &schema[cohort]{
	kind: handlers.KindCohorts, noun: "cohort",
	cols: []column[cohort]{
		textCol("id", func(r *cohort) *string { return &r.ID }).requires("an id"),
		textCol("name", func(r *cohort) *string { return &r.Name }).requires("a name"),
		refCol("parent_id", handlers.KindCohorts, func(r *cohort) *string { return &r.ParentID }),
		listCol("aliases", "", func(r *cohort) *[]string { return &r.Aliases }),
		textCol("description", func(r *cohort) *string { return &r.Description }).freeText(),
		enumCol("kind", handlers.CohortKinds, handlers.CohortResidents, func(r *cohort) *string { return &r.Kind }),
	},
	id:     func(r *cohort) *string { return &r.ID },
	names:  func(r *cohort) []string { return append([]string{r.Name}, r.Aliases...) },
	parent: "parent_id",
	inside: "a cohort cannot belong to itself",
}

var programmeSchema = &schema[programme]{
	kind: handlers.KindProgrammes, noun: "programme",
	cols: []column[programme]{
		textCol("id", func(r *programme) *string { return &r.ID }).requires("an id"),
		textCol("name", func(r *programme) *string { return &r.Name }).requires("a name"),
		refCol("lead_agency_id", handlers.KindAgencies, func(r *programme) *string { return &r.LeadAgencyID }).requires("a lead agency id"),
		dateCol("start_date", false, func(r *programme) *handlers.Date { return &r.Start }),
		dateCol("end_date", true, func(r *programme) *handlers.Date { return &r.End }),
		listCol("area_ids", handlers.KindAreas, func(r *programme) *[]string { return &r.AreaIDs }).requires(`at least one area id (separate several with ";")`),
		listCol("cohort_ids", handlers.KindCohorts, func(r *programme) *[]string { return &r.CohortIDs }).requires(`at least one cohort id (separate several with ";")`),
		wholeCol("capacity", func(r *programme) **int64 { return &r.Capacity }),
		enumCol("status", handlers.ProgrammeStatuses, handlers.StatusLive, func(r *programme) *string { return &r.Status }),
		textCol("contact", func(r *programme) *string { return &r.Contact }),
		textCol("url", func(r *programme) *string { return &r.URL }),
		textCol("description", func(r *programme) *string { return &r.Description }).freeText(),
		listCol("aliases", "", func(r *programme) *[]string { return &r.Aliases }),
		dateCol("checked_on", false, func(r *programme) *handlers.Date { return &r.CheckedOn }),
	},
	id:    func(r *programme) *string { return &r.ID },
	names: func(r *programme) []string { return append([]string{r.Name}, r.Aliases...) },
	span:  func(r *programme) (handlers.Date, handlers.Date) { return r.Start, r.End },
}

var fundingSchema = &schema[funding]{
	kind: handlers.KindFundings, noun: "funding",
	cols: []column[funding]{
		textCol("id", func(r *funding) *string { return &r.ID }).requires("an id"),
		refCol("programme_id", handlers.KindProgrammes, func(r *funding) *string { return &r.ProgrammeID }).requires("a programme id"),
		refCol("funder_id", handlers.KindAgencies, func(r *funding) *string { return &r.FunderID }).requires("a funder (an agency id)"),
		refCol("recipient_id", handlers.KindAgencies, func(r *funding) *string { return &r.RecipientID }),
		amountCol("amount_gbp", func(r *funding) **int64 { return &r.AmountPence }),
		dateCol("start_date", false, func(r *funding) *handlers.Date { return &r.Start }),
		dateCol("end_date", true, func(r *funding) *handlers.Date { return &r.End }),
		listCol("area_ids", handlers.KindAreas, func(r *funding) *[]string { return &r.AreaIDs }),
		boolCol("ring_fenced", func(r *funding) **bool { return &r.RingFenced }),
		textCol("source_url", func(r *funding) *string { return &r.SourceURL }),
		textCol("notes", func(r *funding) *string { return &r.Notes }).freeText(),
		enumCol("kind", handlers.FundingKinds, "unknown", func(r *funding) *string { return &r.Kind }),
		dateCol("award_date", false, func(r *funding) *handlers.Date { return &r.AwardDate }),
		dateCol("checked_on", false, func(r *funding) *handlers.Date { return &r.CheckedOn }),
	},
	id:    func(r *funding) *string { return &r.ID },
	names: func(r *funding) []string { return nil },
	span:  func(r *funding) (handlers.Date, handlers.Date) { return r.Start, r.End },
}

// same reports whether two rows hold the same values, by their canonical cells.
func (s *schema[T]) same(a, b *T) bool {
	for _, c := range s.cols {
		if c.get(a) != c.get(b) {
			return false
		}
	}
	return true
}
