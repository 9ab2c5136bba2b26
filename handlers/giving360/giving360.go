// Package giving360 takes the register's grants out to, and in from, the
// 360Giving Data Standard (version 1.4.3), the open format UK funders publish
// "who funds what" in.
//
// Export turns the fundings of kind "grant" into a 360Giving package; Read
// parses a package (JSON) or the CSV that 360Giving's spreadsheet template
// produces; Plan matches each grant to the register and works out the change
// as a RegisterDiff of fundings, for the store to apply in one transaction.
//
// How register fields map to the standard's:
//
//	funding id           id: the prefix, "-", the funding id (360G-frontdoor-f02); a
//	                     funding imported from a funder's file keeps the funder's id
//	programme            grantProgramme: code = programme id, title = name; title
//	amount_gbp           amountAwarded, currency GBP
//	award_date           awardDate
//	funder_id            fundingOrganization: the agency's org_id, else prefix-agency id
//	recipient_id         recipientOrganization: the same (no recipient: the programme's lead)
//	start/end_date       plannedDates
//	area_ids             beneficiaryLocation (no areas: the programme's): name, and for an
//	                     area whose id is a GSS code, geoCode, countryCode GB and the
//	                     geoCodeType the 360Giving codelist gives its entity (E06 UA,
//	                     E07 NMD, E08 MD, E09 LONB, E10 CTY…); entities the codelist
//	                     lacks (E47 combined authorities, E54 ICBs) carry the code but no type
//	notes                description (no notes: the title)
//	source_url           dataSource (when it is an absolute web address)
//
// The package imports only the core's vocabulary; no Slack, no cgo, no I/O.
package giving360

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// DefaultPrefix is the grant identifier prefix used when none is given. It is
// a placeholder: a publisher registers its own prefix with 360Giving.
const DefaultPrefix = "360G-frontdoor"

// SchemaVersion is the version a package declares (major.minor, as the
// package schema's pattern requires).
const SchemaVersion = "1.4"

// Package is a 360Giving data package: the grants and the version.
type Package struct {
	Version string  `json:"version,omitempty"`
	Grants  []Grant `json:"grants"`
}

// Grant is one 360Giving grant, with the fields Frontdoor writes or reads.
// Other fields of a funder's file are ignored.
type Grant struct {
	ID                    string           `json:"id"`
	Title                 string           `json:"title"`
	Description           string           `json:"description"`
	Currency              string           `json:"currency"`
	AmountAwarded         json.Number      `json:"amountAwarded"`
	AwardDate             string           `json:"awardDate"`
	PlannedDates          []Event          `json:"plannedDates,omitempty"`
	RecipientOrganization []Organization   `json:"recipientOrganization,omitempty"`
	RecipientIndividual   json.RawMessage  `json:"recipientIndividual,omitempty"`
	FundingOrganization   []Organization   `json:"fundingOrganization"`
	BeneficiaryLocation   []Location       `json:"beneficiaryLocation,omitempty"`
	GrantProgramme        []GrantProgramme `json:"grantProgramme,omitempty"`
	DataSource            string           `json:"dataSource,omitempty"`
	URL                   string           `json:"url,omitempty"`

	// At is where the grant was read, for messages; it is not part of the standard.
	At Source `json:"-"`
}

// Source is a place in a file: the file's name and a 1-based line.
type Source struct {
	File string
	Line int
}

func (s Source) String() string {
	if s.Line == 0 {
		return s.File
	}
	return fmt.Sprintf("%s:%d", s.File, s.Line)
}

// Organization is a funder or recipient.
type Organization struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Location is a beneficiary location.
type Location struct {
	Name        string `json:"name,omitempty"`
	CountryCode string `json:"countryCode,omitempty"`
	GeoCode     string `json:"geoCode,omitempty"`
	GeoCodeType string `json:"geoCodeType,omitempty"`
}

// Event is a planned period.
type Event struct {
	StartDate string      `json:"startDate,omitempty"`
	EndDate   string      `json:"endDate,omitempty"`
	Duration  json.Number `json:"duration,omitempty"`
}

// GrantProgramme is the programme a grant was made under.
type GrantProgramme struct {
	Code  string `json:"code,omitempty"`
	Title string `json:"title,omitempty"`
	URL   string `json:"url,omitempty"`
}

var (
	prefix360G  = regexp.MustCompile(`^360G-[A-Za-z0-9][A-Za-z0-9._-]*$`)
	prefixOrgID = regexp.MustCompile(`^[A-Z]{2}-[A-Z0-9]{2,}-[A-Za-z0-9][A-Za-z0-9._-]*$`)
)

// CheckPrefix returns a grant identifier prefix as it is used (a trailing
// "-" dropped), or an error saying what is wrong with it: it must be a
// 360Giving prefix (360G-…) or an organisation identifier (GB-LAE-MAN,
// GB-CHC-1234567).
func CheckPrefix(prefix string) (string, error) {
	p := strings.TrimSuffix(strings.TrimSpace(prefix), "-")
	if prefix360G.MatchString(p) || prefixOrgID.MatchString(p) {
		return p, nil
	}
	return "", fmt.Errorf("giving360: prefix %q: give a 360Giving prefix, which starts \"360G-\" (e.g. %s), or the publisher's organisation identifier (e.g. GB-LAE-MAN); letters, digits, '.', '_' and '-' only", prefix, DefaultPrefix)
}

//go:embed schema/codelists/geoCodeType.csv
var geoCodeTypeCSV []byte

// geoCodeTypes maps an ONS entity (the first three characters of a GSS
// code, E06) to its 360Giving geoCodeType (UA), read from the standard's
// codelist, whose documentation column names each entity.
var geoCodeTypes = func() map[string]string {
	rows, err := csv.NewReader(bytes.NewReader(geoCodeTypeCSV)).ReadAll()
	if err != nil || len(rows) < 2 {
		panic(fmt.Sprintf("giving360: the embedded geoCodeType codelist cannot be read: %v", err))
	}
	doc := -1
	for i, h := range rows[0] {
		if strings.HasPrefix(h, "Documentation") {
			doc = i
		}
	}
	out := map[string]string{}
	for _, r := range rows[1:] {
		const marker = "/statistical-entity/"
		if doc < 0 || doc >= len(r) {
			continue
		}
		if i := strings.LastIndex(r[doc], marker); i >= 0 {
			out[r[doc][i+len(marker):]] = r[0]
		}
	}
	return out
}()

var gssCode = regexp.MustCompile(`^[EWSNK][0-9]{8}$`)

// IsGSSCode reports whether id is an ONS GSS code (E08000012).
func IsGSSCode(id string) bool { return gssCode.MatchString(id) }

// GeoCodeType returns the 360Giving geoCodeType of a GSS code ("UA" for
// E06000001), or "" when the codelist has no type for its entity (E47
// combined authorities, E54 ICBs) or it is not a GSS code.
func GeoCodeType(code string) string {
	if !IsGSSCode(code) {
		return ""
	}
	return geoCodeTypes[code[:3]]
}
