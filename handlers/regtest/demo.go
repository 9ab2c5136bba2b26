package regtest

import (
	"encoding/csv"
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"time"

	h "frontdoor/handlers"
	"frontdoor/handlers/demo"
)

// Demo returns the demo register (handlers/demo), read with a plain CSV
// reader that trusts the files: it is the repository's own copy, and the
// import with its checks and messages is tested elsewhere.
func Demo() (*h.Register, error) {
	return ReadRegister(demo.Register())
}

// ReadRegister reads the five files of register format v2 (or v1, which
// lacks the v2 columns) from a folder.
func ReadRegister(dir fs.FS) (*h.Register, error) {
	reg := &h.Register{}
	err := eachRow(dir, "areas.csv", func(r row) error {
		reg.Areas = append(reg.Areas, h.Area{ID: r.s("id"), Name: r.s("name"), Kind: r.s("kind"),
			ParentID: r.s("parent_id"), Aliases: r.list("aliases")})
		return nil
	})
	if err == nil {
		err = eachRow(dir, "agencies.csv", func(r row) error {
			reg.Agencies = append(reg.Agencies, h.Agency{ID: r.s("id"), Name: r.s("name"), Kind: r.s("kind"),
				AreaID: r.s("area_id"), Aliases: r.list("aliases"), OrgID: r.s("org_id")})
			return nil
		})
	}
	if err == nil {
		err = eachRow(dir, "cohorts.csv", func(r row) error {
			reg.Cohorts = append(reg.Cohorts, h.Cohort{ID: r.s("id"), Name: r.s("name"), ParentID: r.s("parent_id"),
				Aliases: r.list("aliases"), Description: r.s("description"), Kind: r.s("kind")})
			return nil
		})
	}
	if err == nil {
		err = eachRow(dir, "programmes.csv", func(r row) error {
			start, err := r.date("start_date", false)
			if err != nil {
				return err
			}
			end, err := r.date("end_date", true)
			if err != nil {
				return err
			}
			p := h.Programme{ID: r.s("id"), Name: r.s("name"), LeadAgencyID: r.s("lead_agency_id"),
				Start: start, End: end, AreaIDs: r.list("area_ids"), CohortIDs: r.list("cohort_ids"),
				Status: r.s("status"), Contact: r.s("contact"), URL: r.s("url"),
				Description: r.s("description"), Aliases: r.list("aliases")}
			if p.CheckedOn, err = r.date("checked_on", false); err != nil {
				return err
			}
			if c := r.s("capacity"); c != "" {
				n, err := strconv.ParseInt(c, 10, 64)
				if err != nil {
					return fmt.Errorf("capacity %q: %w", c, err)
				}
				p.Capacity = &n
			}
			reg.Programmes = append(reg.Programmes, p)
			return nil
		})
	}
	if err == nil {
		err = eachRow(dir, "fundings.csv", func(r row) error {
			start, err := r.date("start_date", false)
			if err != nil {
				return err
			}
			end, err := r.date("end_date", true)
			if err != nil {
				return err
			}
			f := h.Funding{ID: r.s("id"), ProgrammeID: r.s("programme_id"), FunderID: r.s("funder_id"),
				RecipientID: r.s("recipient_id"), Start: start, End: end, AreaIDs: r.list("area_ids"),
				SourceURL: r.s("source_url"), Notes: r.s("notes"), Kind: r.s("kind")}
			if f.AwardDate, err = r.date("award_date", false); err != nil {
				return err
			}
			if f.CheckedOn, err = r.date("checked_on", false); err != nil {
				return err
			}
			if a := r.s("amount_gbp"); a != "" {
				v, err := strconv.ParseFloat(a, 64)
				if err != nil {
					return fmt.Errorf("amount_gbp %q: %w", a, err)
				}
				p := int64(math.Round(v * 100))
				f.AmountPence = &p
			}
			if b := strings.ToLower(r.s("ring_fenced")); b != "" {
				v := b == "true"
				f.RingFenced = &v
			}
			reg.Fundings = append(reg.Fundings, f)
			return nil
		})
	}
	if err != nil {
		return nil, fmt.Errorf("regtest: %w", err)
	}
	return reg, nil
}

type row struct {
	col    map[string]int
	fields []string
}

func (r row) s(name string) string {
	if i, ok := r.col[name]; ok && i < len(r.fields) {
		return strings.TrimSpace(r.fields[i])
	}
	return ""
}

func (r row) list(name string) []string {
	var out []string
	for _, v := range strings.Split(r.s(name), ";") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// date reads YYYY-MM-DD, YYYY-MM (the first or, for an end, the last day of
// the month) or DD/MM/YYYY.
func (r row) date(name string, end bool) (h.Date, error) {
	s := r.s(name)
	switch {
	case s == "":
		return h.NoDate, nil
	case len(s) == 7 && s[4] == '-':
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return h.NoDate, fmt.Errorf("%s %q: %w", name, s, err)
		}
		day := 1
		if end {
			day = h.DaysIn(t.Year(), t.Month())
		}
		return h.DateOf(t.Year(), t.Month(), day), nil
	case strings.Contains(s, "/"):
		t, err := time.Parse("02/01/2006", s)
		if err != nil {
			return h.NoDate, fmt.Errorf("%s %q: %w", name, s, err)
		}
		return h.DateOf(t.Year(), t.Month(), t.Day()), nil
	}
	dt, err := h.ParseISODate(s)
	if err != nil {
		return h.NoDate, fmt.Errorf("%s: %w", name, err)
	}
	return dt, nil
}

func eachRow(dir fs.FS, file string, fn func(row) error) error {
	data, err := fs.ReadFile(dir, file)
	if err != nil {
		return err
	}
	rd := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff")))
	recs, err := rd.ReadAll()
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if len(recs) == 0 {
		return fmt.Errorf("%s: empty", file)
	}
	col := map[string]int{}
	for i, name := range recs[0] {
		col[strings.TrimSpace(name)] = i
	}
	for i, rec := range recs[1:] {
		if err := fn(row{col, rec}); err != nil {
			return fmt.Errorf("%s:%d: %w", file, i+2, err)
		}
	}
	return nil
}
