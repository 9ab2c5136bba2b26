package handlers

// The register: places, organisations, cohorts, programmes and the money
// behind them, as defined by register format v2 (handlers/demo/register/README.md;
// v1 files, without the v2 columns, read unchanged).

// Area kinds.
const (
	AreaCountry            = "country"
	AreaStrategicAuthority = "strategic_authority"
	AreaLocalAuthority     = "local_authority"
	AreaOther              = "other"
)

// AreaKinds lists the valid area kinds.
var AreaKinds = []string{AreaCountry, AreaStrategicAuthority, AreaLocalAuthority, AreaOther}

// AgencyKinds lists the valid agency kinds.
var AgencyKinds = []string{
	"strategic_authority", "dwp", "icb", "nhs_trust", "nhs_national", "local_authority",
	"central_government", "devolved_government", "vcse", "provider", "employer_group", "funder", "other",
}

// Cohort kinds.
const (
	CohortResidents = "residents"
	CohortEmployers = "employers"
)

// CohortKinds lists the valid cohort kinds.
var CohortKinds = []string{CohortResidents, CohortEmployers}

// Programme statuses.
const (
	StatusLive    = "live"
	StatusPlanned = "planned"
	StatusClosed  = "closed"
)

// ProgrammeStatuses lists the valid programme statuses.
var ProgrammeStatuses = []string{StatusLive, StatusPlanned, StatusClosed}

// Area is a place: a country, a strategic authority, a council or another footprint.
type Area struct {
	ID       string
	Name     string
	Kind     string
	ParentID string
	Aliases  []string
}

// Agency is an organisation that leads, funds or receives.
type Agency struct {
	ID      string
	Name    string
	Kind    string
	AreaID  string
	Aliases []string
	// OrgID is the organisation's open identifier (org-id.guide, as 360Giving
	// uses it: GB-GOR-…, GB-LAE-…, GB-CHC-…); "" when not recorded. v2.
	OrgID string
}

// Cohort is a group of residents (or employers) that programmes serve.
type Cohort struct {
	ID          string
	Name        string
	ParentID    string
	Aliases     []string
	Description string
	Kind        string // "" means residents
}

// IsEmployers reports whether c is a demand-side (employer) cohort.
func (c *Cohort) IsEmployers() bool { return c.Kind == CohortEmployers }

// Programme is a scheme delivered to cohorts in areas.
type Programme struct {
	ID           string
	Name         string
	LeadAgencyID string
	Start, End   Date
	AreaIDs      []string
	CohortIDs    []string
	Capacity     *int64
	Status       string // "" means live
	Contact      string
	URL          string
	Description  string
	Aliases      []string
	// CheckedOn is when someone last confirmed the row against its source;
	// zero: never checked. v2.
	CheckedOn Date
}

// Period returns the programme's delivery period.
func (p *Programme) Period() Period { return Period{Start: p.Start, End: p.End} }

// EffectiveStatus returns the status with the default applied.
func (p *Programme) EffectiveStatus() string {
	if p.Status == "" {
		return StatusLive
	}
	return p.Status
}

// LiveOn reports whether the programme is live on d: its status is live and d
// falls within its dates (open bounds are open).
func (p *Programme) LiveOn(d Date) bool {
	return p.EffectiveStatus() == StatusLive && p.Period().Contains(d)
}

// Funding is money for a programme from a funder, possibly for narrower areas.
type Funding struct {
	ID          string
	ProgrammeID string
	FunderID    string
	RecipientID string
	AmountPence *int64 // nil: not disclosed
	Start, End  Date
	AreaIDs     []string
	RingFenced  *bool
	SourceURL   string
	Notes       string
	// Kind is what kind of money it is (FundingGrant, FundingMatch, …);
	// "" is unknown. v2.
	Kind string
	// AwardDate is when the money was awarded or announced; zero: not
	// recorded. v2.
	AwardDate Date
	// CheckedOn is when someone last confirmed the row; zero: never. v2.
	CheckedOn Date
}

// Funding kinds (register format v2).
const (
	FundingGrant      = "grant"
	FundingContract   = "contract"
	FundingAllocation = "allocation"
	FundingMatch      = "match"
	FundingOther      = "other"
)

// FundingKinds lists the valid funding kinds ("" is also allowed: unknown).
var FundingKinds = []string{FundingGrant, FundingContract, FundingAllocation, FundingMatch, FundingOther}

// Period returns the period the money covers.
func (f *Funding) Period() Period { return Period{Start: f.Start, End: f.End} }

// Register is the whole register, each kind in its stored order.
type Register struct {
	Areas      []Area
	Agencies   []Agency
	Cohorts    []Cohort
	Programmes []Programme
	Fundings   []Funding
}

// Kinds of register file, in dependency order (a kind may refer only to earlier ones).
const (
	KindAreas      = "areas"
	KindAgencies   = "agencies"
	KindCohorts    = "cohorts"
	KindProgrammes = "programmes"
	KindFundings   = "fundings"
)

// RegisterKinds lists the five kinds in dependency order.
var RegisterKinds = []string{KindAreas, KindAgencies, KindCohorts, KindProgrammes, KindFundings}
