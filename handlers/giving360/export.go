package giving360

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"frontdoor/handlers"
)

// LeftOut is a grant the export could not write as valid 360Giving data.
type LeftOut struct {
	FundingID   string
	ProgrammeID string
	Reasons     []string
}

func (l LeftOut) String() string {
	return fmt.Sprintf("funding %q (programme %q): %s", l.FundingID, l.ProgrammeID, strings.Join(l.Reasons, "; "))
}

// ErrNoGrants is returned by Export when no funding can be exported: a
// package must hold at least one grant.
var ErrNoGrants = errors.New("no fundings of kind grant can be exported")

// maxTitle keeps titles under the 140 characters the standard asks for.
const maxTitle = 139

// Export writes the register's fundings of kind grant as a 360Giving package
// (indented JSON, in register order), and lists the grants left out because
// they cannot be valid (no amount, no award date). Fundings of other kinds
// are not grants and are neither written nor listed. The prefix is checked
// with CheckPrefix; with no grant to write, the error wraps ErrNoGrants and
// the list says why.
func Export(reg *handlers.Register, prefix string) ([]byte, []LeftOut, error) {
	p, err := CheckPrefix(prefix)
	if err != nil {
		return nil, nil, err
	}
	if reg == nil {
		reg = &handlers.Register{}
	}
	x := newExporter(reg, p)
	pkg := Package{Version: SchemaVersion}
	var left []LeftOut
	for i := range reg.Fundings {
		f := &reg.Fundings[i]
		if f.Kind != handlers.FundingGrant {
			continue
		}
		g, reasons := x.grant(f)
		if len(reasons) > 0 {
			left = append(left, LeftOut{FundingID: f.ID, ProgrammeID: f.ProgrammeID, Reasons: reasons})
			continue
		}
		pkg.Grants = append(pkg.Grants, g)
	}
	if len(pkg.Grants) == 0 {
		return nil, left, fmt.Errorf("giving360: export: %w", ErrNoGrants)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(pkg); err != nil {
		return nil, nil, fmt.Errorf("giving360: export: %w", err)
	}
	return buf.Bytes(), left, nil
}

type exporter struct {
	prefix     string
	agencies   map[string]*handlers.Agency
	programmes map[string]*handlers.Programme
	areas      map[string]*handlers.Area
}

func newExporter(reg *handlers.Register, prefix string) *exporter {
	x := &exporter{
		prefix:     prefix,
		agencies:   make(map[string]*handlers.Agency, len(reg.Agencies)),
		programmes: make(map[string]*handlers.Programme, len(reg.Programmes)),
		areas:      make(map[string]*handlers.Area, len(reg.Areas)),
	}
	for i := range reg.Agencies {
		x.agencies[reg.Agencies[i].ID] = &reg.Agencies[i]
	}
	for i := range reg.Programmes {
		x.programmes[reg.Programmes[i].ID] = &reg.Programmes[i]
	}
	for i := range reg.Areas {
		x.areas[reg.Areas[i].ID] = &reg.Areas[i]
	}
	return x
}

// grant builds the grant of one funding, or says why it cannot be valid.
func (x *exporter) grant(f *handlers.Funding) (Grant, []string) {
	var reasons []string
	if f.AmountPence == nil {
		reasons = append(reasons, "no amount recorded (amount_gbp); 360Giving requires the amount awarded")
	}
	if f.AwardDate.IsZero() {
		reasons = append(reasons, "no award date recorded (award_date); 360Giving requires the date the grant was awarded")
	}
	prog := x.programmes[f.ProgrammeID]
	if prog == nil {
		return Grant{}, append(reasons, fmt.Sprintf("its programme %q is not in the register (run frontdoor check)", f.ProgrammeID))
	}
	funder := x.agencies[f.FunderID]
	if funder == nil {
		reasons = append(reasons, fmt.Sprintf("its funder %q is not in the register (run frontdoor check)", f.FunderID))
	}
	recipientID := f.RecipientID
	if recipientID == "" {
		recipientID = prog.LeadAgencyID
	}
	recipient := x.agencies[recipientID]
	if recipient == nil {
		reasons = append(reasons, fmt.Sprintf("its recipient %q is not in the register (run frontdoor check)", recipientID))
	}
	if len(reasons) > 0 {
		return Grant{}, reasons
	}

	g := Grant{
		ID:                    x.grantID(f.ID),
		Title:                 title(prog.Name + ": " + recipient.Name),
		Currency:              "GBP",
		AmountAwarded:         json.Number(formatPounds(*f.AmountPence)),
		AwardDate:             f.AwardDate.String(),
		RecipientOrganization: []Organization{x.organisation(recipient)},
		FundingOrganization:   []Organization{x.organisation(funder)},
		GrantProgramme:        []GrantProgramme{{Code: prog.ID, Title: prog.Name, URL: webAddress(prog.URL)}},
		DataSource:            webAddress(f.SourceURL),
	}
	g.Description = f.Notes
	if strings.TrimSpace(g.Description) == "" {
		g.Description = g.Title
	}
	if !f.Start.IsZero() || !f.End.IsZero() {
		g.PlannedDates = []Event{{StartDate: f.Start.String(), EndDate: f.End.String()}}
	}
	areaIDs := f.AreaIDs
	if len(areaIDs) == 0 {
		areaIDs = prog.AreaIDs // money for the programme as a whole benefits its areas
	}
	for _, id := range areaIDs {
		if a := x.areas[id]; a != nil {
			g.BeneficiaryLocation = append(g.BeneficiaryLocation, location(a))
		}
	}
	return g, nil
}

// grantID is the prefix and the funding id, unless the funding id is
// already a grant identifier (a funder's grant imported under its own id).
func (x *exporter) grantID(fundingID string) string {
	if isGrantID(fundingID) {
		return fundingID
	}
	return x.prefix + "-" + fundingID
}

var orgIDScheme = regexp.MustCompile(`^[A-Z]{2}-[A-Z0-9]{2,}-.`)

// isGrantID reports whether id already carries a 360Giving prefix (360G-…)
// or an organisation identifier's scheme (GB-CHC-…), as a funder's grant
// id does.
func isGrantID(id string) bool {
	return strings.HasPrefix(id, "360G-") || orgIDScheme.MatchString(id)
}

// organisation identifies an agency by its open identifier, else by the
// publisher's prefix and its register id.
func (x *exporter) organisation(a *handlers.Agency) Organization {
	id := a.OrgID
	if id == "" {
		id = x.prefix + "-" + a.ID
	}
	return Organization{ID: id, Name: a.Name}
}

// location describes an area: its name, and for a GSS code the code, the
// country and the code's type where the 360Giving codelist has one.
func location(a *handlers.Area) Location {
	l := Location{Name: a.Name}
	if IsGSSCode(a.ID) {
		l.GeoCode, l.CountryCode, l.GeoCodeType = a.ID, "GB", GeoCodeType(a.ID)
	}
	return l
}

// title shortens s to the length the standard asks titles to keep under.
func title(s string) string {
	if utf8.RuneCountInString(s) <= maxTitle {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:maxTitle-1])) + "…"
}

// formatPounds writes pence as pounds: whole pounds without decimals.
func formatPounds(pence int64) string {
	if pence%100 == 0 {
		return fmt.Sprint(pence / 100)
	}
	return fmt.Sprintf("%d.%02d", pence/100, pence%100)
}

// webAddress returns s when it is an absolute http(s) address (as the
// schema's "uri" format requires), else "".
func webAddress(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " \t\r\n") {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return s
}
