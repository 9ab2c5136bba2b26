package giving360

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// The spreadsheet columns Frontdoor reads, by their titles in 360Giving's
// template folded by columnKey ("Funding Org:Identifier" → "fundingorg:identifier").
// Columns not listed are ignored: funders' sheets carry many more.
var csvFields = map[string]func(g *csvGrant, slot int, v string){
	"identifier":                             func(g *csvGrant, _ int, v string) { g.ID = v },
	"title":                                  func(g *csvGrant, _ int, v string) { g.Title = v },
	"description":                            func(g *csvGrant, _ int, v string) { g.Description = v },
	"currency":                               func(g *csvGrant, _ int, v string) { g.Currency = v },
	"amountawarded":                          func(g *csvGrant, _ int, v string) { g.AmountAwarded = json.Number(v) },
	"awarddate":                              func(g *csvGrant, _ int, v string) { g.AwardDate = v },
	"datasource":                             func(g *csvGrant, _ int, v string) { g.DataSource = v },
	"webaddress":                             func(g *csvGrant, _ int, v string) { g.URL = v },
	"url":                                    func(g *csvGrant, _ int, v string) { g.URL = v },
	"recipientorg:identifier":                func(g *csvGrant, s int, v string) { g.recipient(s).ID = v },
	"recipientorg:name":                      func(g *csvGrant, s int, v string) { g.recipient(s).Name = v },
	"fundingorg:identifier":                  func(g *csvGrant, s int, v string) { g.funder(s).ID = v },
	"fundingorg:name":                        func(g *csvGrant, s int, v string) { g.funder(s).Name = v },
	"recipientind:identifier":                func(g *csvGrant, _ int, _ string) { g.individual = true },
	"recipientind:name":                      func(g *csvGrant, _ int, _ string) { g.individual = true },
	"planneddates:startdate":                 func(g *csvGrant, s int, v string) { g.planned(s).StartDate = v },
	"planneddates:enddate":                   func(g *csvGrant, s int, v string) { g.planned(s).EndDate = v },
	"planneddates:duration(months)":          func(g *csvGrant, s int, v string) { g.planned(s).Duration = json.Number(v) },
	"beneficiarylocation:name":               func(g *csvGrant, s int, v string) { g.location(s).Name = v },
	"beneficiarylocation:countrycode":        func(g *csvGrant, s int, v string) { g.location(s).CountryCode = v },
	"beneficiarylocation:geographiccode":     func(g *csvGrant, s int, v string) { g.location(s).GeoCode = v },
	"beneficiarylocation:geographiccodetype": func(g *csvGrant, s int, v string) { g.location(s).GeoCodeType = v },
	"grantprogramme:code":                    func(g *csvGrant, s int, v string) { g.programme(s).Code = v },
	"grantprogramme:title":                   func(g *csvGrant, s int, v string) { g.programme(s).Title = v },
	"grantprogramme:webaddress":              func(g *csvGrant, s int, v string) { g.programme(s).URL = v },
	"grantprogramme:url":                     func(g *csvGrant, s int, v string) { g.programme(s).URL = v },
}

// csvGrant collects one row's repeated groups by slot before they become a Grant.
type csvGrant struct {
	Grant
	individual bool
	recipients map[int]*Organization
	funders    map[int]*Organization
	plannedBy  map[int]*Event
	locations  map[int]*Location
	programmes map[int]*GrantProgramme
}

func slotOf[T any](m *map[int]*T, s int) *T {
	if *m == nil {
		*m = map[int]*T{}
	}
	if (*m)[s] == nil {
		(*m)[s] = new(T)
	}
	return (*m)[s]
}

func (g *csvGrant) recipient(s int) *Organization   { return slotOf(&g.recipients, s) }
func (g *csvGrant) funder(s int) *Organization      { return slotOf(&g.funders, s) }
func (g *csvGrant) planned(s int) *Event            { return slotOf(&g.plannedBy, s) }
func (g *csvGrant) location(s int) *Location        { return slotOf(&g.locations, s) }
func (g *csvGrant) programme(s int) *GrantProgramme { return slotOf(&g.programmes, s) }

// inSlotOrder lists a group's items by slot, leaving out empty ones.
func inSlotOrder[T comparable](m map[int]*T) []T {
	slots := make([]int, 0, len(m))
	for s := range m {
		slots = append(slots, s)
	}
	sort.Ints(slots)
	var zero T
	var out []T
	for _, s := range slots {
		if *m[s] != zero {
			out = append(out, *m[s])
		}
	}
	return out
}

func (g *csvGrant) grant() Grant {
	out := g.Grant
	out.RecipientOrganization = inSlotOrder(g.recipients)
	out.FundingOrganization = inSlotOrder(g.funders)
	out.PlannedDates = inSlotOrder(g.plannedBy)
	out.BeneficiaryLocation = inSlotOrder(g.locations)
	out.GrantProgramme = inSlotOrder(g.programmes)
	if g.individual {
		out.RecipientIndividual = json.RawMessage(`{}`) // who it is stays out of the register
	}
	return out
}

var (
	indexSegment = regexp.MustCompile(`^[0-9]+$`)
	trailingIdx  = regexp.MustCompile(`(?:\(([0-9]+)\)|[._]?([0-9]+))$`)
)

// columnKey folds a column title to the key csvFields uses, and the index
// of the group it belongs to: letter case, spaces and "(required)" do not
// matter; an index may stand between the parts ("Beneficiary Location:1:Name",
// as flattening tools write it) or after the title ("Beneficiary Location:Name 2",
// "...Name (2)", "...Name.1"). index is -1 when the title carries none.
func columnKey(title string) (key string, index int) {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		if !unicode.IsSpace(r) {
			b.WriteRune(r)
		}
	}
	s := strings.ReplaceAll(b.String(), "(required)", "")
	index = -1
	var parts []string
	for _, p := range strings.Split(s, ":") {
		if indexSegment.MatchString(p) {
			index, _ = strconv.Atoi(p)
			continue
		}
		parts = append(parts, p)
	}
	s = strings.Join(parts, ":")
	if _, known := csvFields[s]; !known {
		if m := trailingIdx.FindStringSubmatchIndex(s); m != nil {
			var digits string
			if m[2] >= 0 {
				digits = s[m[2]:m[3]]
			} else {
				digits = s[m[4]:m[5]]
			}
			if _, known := csvFields[s[:m[0]]]; known {
				index, _ = strconv.Atoi(digits)
				s = s[:m[0]]
			}
		}
	}
	return s, index
}

type csvColumn struct {
	set  func(g *csvGrant, slot int, v string)
	slot int
}

// readCSV reads the grants sheet of 360Giving's spreadsheet template, saved as CSV.
func readCSV(name string, data []byte) ([]Grant, error) {
	if bytes.IndexByte(data, '\n') < 0 && bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n")) // old Mac line ends
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("giving360: %s: the file is empty; a grants sheet has a header row (Identifier, Title, Amount Awarded, …) and a row per grant", name)
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	if len(header) == 1 && strings.ContainsAny(header[0], ";\t") {
		return nil, fmt.Errorf("giving360: %s: the columns are not separated by commas; save the sheet as CSV UTF-8", name)
	}
	cols := make([]*csvColumn, len(header))
	occurrences := map[string]int{}
	hasID := false
	for i, h := range header {
		key, index := columnKey(h)
		set, ok := csvFields[key]
		if !ok {
			continue
		}
		if index < 0 {
			index = occurrences[key] // a repeated title is the next item of its group
		}
		occurrences[key]++
		cols[i] = &csvColumn{set: set, slot: index}
		hasID = hasID || key == "identifier"
	}
	if !hasID {
		return nil, fmt.Errorf("giving360: %s: no Identifier column; a 360Giving grants sheet has columns titled Identifier, Title, Amount Awarded, Award Date, Funding Org:Identifier and so on (this file's first columns: %s)",
			name, strings.Join(header[:min(len(header), 5)], ", "))
	}
	var grants []Grant
	for {
		cells, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := r.FieldPos(0)
		var g csvGrant
		empty := true
		for i, c := range cells {
			v := strings.TrimSpace(c)
			if v == "" || i >= len(cols) || cols[i] == nil {
				continue
			}
			cols[i].set(&g, cols[i].slot, v)
			empty = false
		}
		if empty {
			continue // spreadsheets write empty rows below the data
		}
		gr := g.grant()
		gr.At = Source{File: name, Line: line}
		grants = append(grants, gr)
	}
	if len(grants) == 0 {
		return nil, fmt.Errorf("giving360: %s: holds no grants, only a header row", name)
	}
	return grants, nil
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("giving360: %s:%d: not readable as CSV: %v; save the sheet as CSV UTF-8", name, pe.Line, pe.Err)
	}
	return fmt.Errorf("giving360: %s: %w", name, err)
}
