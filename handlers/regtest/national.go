package regtest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	h "frontdoor/handlers"
)

// NationalSize sets the size of a generated national register. Zero fields
// take the defaults of DefaultNationalSize.
type NationalSize struct {
	Areas, Cohorts, Programmes, Fundings int
}

// DefaultNationalSize is at least the scale the lookups are benchmarked at:
// 400 areas, 200 cohorts, 5,000 programmes and 10,000 fundings.
var DefaultNationalSize = NationalSize{Areas: 400, Cohorts: 200, Programmes: 5000, Fundings: 10000}

func (n NationalSize) withDefaults() NationalSize {
	def := DefaultNationalSize
	if n.Areas <= 0 {
		n.Areas = def.Areas
	}
	n.Areas = max(n.Areas, 20)
	if n.Cohorts <= 0 {
		n.Cohorts = def.Cohorts
	}
	n.Cohorts = max(n.Cohorts, 20)
	if n.Programmes <= 0 {
		n.Programmes = def.Programmes
	}
	if n.Fundings <= 0 {
		n.Fundings = def.Fundings
	}
	return n
}

// National returns a generated register at national scale, the same for
// the same seed and size. Its shape follows England's: a country of
// strategic authorities, each with a city named like the authority
// ("Greater Ashford Combined Authority" holds Ashford), unitary councils
// and counties with districts, some wards below districts (six levels from
// the United Kingdom down), unitaries outside any authority, and councils in
// Wales and Scotland. Cohorts form a tree up to five levels deep. About one
// programme in twelve is national, a third regional and the rest local; most
// are live, some planned or closed, with dates from 2018 to 2033. Fundings
// are national totals, allocations to authorities, regrants by authorities
// to their councils (passed-on money) and further years. The register is
// valid (see Validate).
func National(seed int64, n NationalSize) *h.Register {
	n = n.withDefaults()
	g := &gen{
		rnd:   rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15)),
		names: map[string]bool{},
		reg:   &h.Register{},
	}
	g.areas(n.Areas)
	g.agencies()
	g.cohorts(n.Cohorts)
	g.programmes(n.Programmes)
	g.fundings(n.Fundings)
	return g.reg
}

type gen struct {
	rnd   *rand.Rand
	names map[string]bool
	reg   *h.Register

	authorities []int // area positions of strategic authorities
	councils    []int // councils and districts (delivery areas)
	inAuthority map[int]int
	inside      map[int][]int     // authority → its councils (councilsIn)
	agencyOf    map[string]string // area id → its council or authority agency id
	icbOf       map[string]string // authority area id → ICB agency id
	central     []string
	vcse        []string
	residents   []int // cohort positions of residents' cohorts (not roots)

	progScope []int // 0 national, 1 regional, 2 local
	progSA    []int // authority area position, or -1
}

var (
	stems = []string{"Ash", "Brad", "Carl", "Dun", "Elm", "Fair", "Glen", "Hart", "Ivy", "Kings", "Lang", "Mar",
		"Nor", "Oak", "Pen", "Queens", "Ribble", "Sal", "Thorn", "Wick", "Ald", "Bel", "Cran", "Dor", "Eden",
		"Fern", "Gray", "Hol", "Kel", "Lind", "Mill", "Ness", "Orm", "Pol", "Rother", "Stan", "Tam", "Wal", "Whit", "Yar"}
	endings   = []string{"ford", "ton", "by", "ham", "well", "field", "bridge", "mouth", "stead", "wick", "worth", "ley", "bury", "dale", "port", "combe", "hurst", "minster"}
	modifiers = []string{"North", "South", "East", "West", "Upper", "Lower", "Great", "Little", "Old", "New"}
)

// place returns a new place name, unique in the register.
func (g *gen) place() string {
	for try := 0; ; try++ {
		s := stems[g.rnd.IntN(len(stems))] + endings[g.rnd.IntN(len(endings))]
		if try > 5 {
			s = modifiers[g.rnd.IntN(len(modifiers))] + " " + s
		}
		if try > 40 {
			s = fmt.Sprintf("%s %d", s, try)
		}
		if !g.names[s] {
			g.names[s] = true
			return s
		}
	}
}

func (g *gen) addArea(id, name, kind, parent string, aliases ...string) int {
	g.reg.Areas = append(g.reg.Areas, h.Area{ID: id, Name: name, Kind: kind, ParentID: parent, Aliases: aliases})
	return len(g.reg.Areas) - 1
}

func initials(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		if w == "and" || w == "of" {
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]))
	}
	return b.String()
}

func (g *gen) areas(total int) {
	g.inAuthority = map[int]int{}
	g.addArea("K02000001", "United Kingdom", h.AreaCountry, "", "UK")
	g.addArea("E92000001", "England", h.AreaCountry, "K02000001")
	g.addArea("W92000004", "Wales", h.AreaCountry, "K02000001", "Cymru")
	g.addArea("S92000003", "Scotland", h.AreaCountry, "K02000001")
	g.addArea("N92000002", "Northern Ireland", h.AreaCountry, "K02000001")
	codes := map[string]int{}
	code := func(prefix string) string {
		codes[prefix]++
		return fmt.Sprintf("%s%06d", prefix, codes[prefix])
	}
	wards, wales, scotland, standalone := total/20, total/25, total/40, total/25
	nSA := max(2, total/11)
	councils := total - len(g.reg.Areas) - nSA - wards - wales - scotland - standalone
	stemsOf := map[int]string{}
	for i := 0; i < nSA; i++ {
		stem := g.place()
		name := "Greater " + stem + " Combined Authority"
		pos := g.addArea(code("E47"), name, h.AreaStrategicAuthority, "E92000001", "Greater "+stem, "G"+initials(stem)+"CA")
		g.authorities = append(g.authorities, pos)
		stemsOf[pos] = stem
	}
	var districts []int
	addCouncil := func(pos, sa int) {
		g.councils = append(g.councils, pos)
		if sa >= 0 {
			g.inAuthority[pos] = sa
		}
	}
	// The authority's namesake city first, then unitaries and counties in turn.
	for i := 0; councils > 0; i++ {
		sa := g.authorities[i%nSA]
		said := g.reg.Areas[sa].ID
		if i < nSA {
			addCouncil(g.addArea(code("E08"), stemsOf[sa], h.AreaLocalAuthority, said), sa)
			councils--
			continue
		}
		if councils >= 5 && g.rnd.Float64() < 0.3 {
			county := g.addArea(code("E10"), g.place()+"shire", h.AreaLocalAuthority, said)
			councils--
			addCouncil(county, sa)
			k := min(councils, 3+g.rnd.IntN(5))
			for j := 0; j < k; j++ {
				dpos := g.addArea(code("E07"), g.place(), h.AreaLocalAuthority, g.reg.Areas[county].ID)
				addCouncil(dpos, sa)
				districts = append(districts, dpos)
			}
			councils -= k
			continue
		}
		addCouncil(g.addArea(code("E06"), g.place(), h.AreaLocalAuthority, said), sa)
		councils--
	}
	for i := 0; i < standalone; i++ {
		addCouncil(g.addArea(code("E06"), g.place(), h.AreaLocalAuthority, "E92000001"), -1)
	}
	for i := 0; i < wales; i++ {
		addCouncil(g.addArea(code("W06"), g.place(), h.AreaLocalAuthority, "W92000004"), -1)
	}
	for i := 0; i < scotland; i++ {
		addCouncil(g.addArea(code("S12"), g.place(), h.AreaLocalAuthority, "S92000003"), -1)
	}
	for i := 0; i < wards; i++ {
		parents := districts
		if len(parents) == 0 {
			parents = g.councils
		}
		parent := parents[g.rnd.IntN(len(parents))]
		pos := g.addArea(code("E05"), g.place()+" ward", h.AreaOther, g.reg.Areas[parent].ID)
		if sa, ok := g.inAuthority[parent]; ok {
			g.inAuthority[pos] = sa
		}
	}
}

func (g *gen) addAgency(id, name, kind, area string, aliases ...string) string {
	g.reg.Agencies = append(g.reg.Agencies, h.Agency{ID: id, Name: name, Kind: kind, AreaID: area, Aliases: aliases})
	return id
}

func (g *gen) agencies() {
	g.agencyOf, g.icbOf = map[string]string{}, map[string]string{}
	g.central = []string{
		g.addAgency("dwp", "Department for Work and Pensions", "dwp", "", "DWP"),
		g.addAgency("dfe", "Department for Education", "central_government", "", "DfE"),
		g.addAgency("dhsc", "Department of Health and Social Care", "central_government", "", "DHSC"),
		g.addAgency("nhse", "NHS England", "nhs_national", "", "NHSE"),
		g.addAgency("mhclg", "Ministry of Housing, Communities and Local Government", "central_government", "", "MHCLG"),
	}
	g.addAgency("welsh_gov", "Welsh Government", "devolved_government", "W92000004")
	g.addAgency("scot_gov", "Scottish Government", "devolved_government", "S92000003")
	for i, sa := range g.authorities {
		a := g.reg.Areas[sa]
		g.agencyOf[a.ID] = g.addAgency(fmt.Sprintf("sa_%03d", i+1), a.Name, "strategic_authority", a.ID, a.Aliases[1])
		if i%2 == 0 {
			name := strings.TrimSuffix(strings.TrimPrefix(a.Name, "Greater "), " Combined Authority")
			if i+1 < len(g.authorities) {
				b := g.reg.Areas[g.authorities[i+1]]
				name += " and " + strings.TrimSuffix(strings.TrimPrefix(b.Name, "Greater "), " Combined Authority")
			}
			id := g.addAgency(fmt.Sprintf("icb_%03d", i/2+1), "NHS "+name+" Integrated Care Board", "icb", a.ID, initials(name)+" ICB")
			g.icbOf[a.ID] = id
			if i+1 < len(g.authorities) {
				g.icbOf[g.reg.Areas[g.authorities[i+1]].ID] = id
			}
		}
	}
	for i, c := range g.councils {
		a := g.reg.Areas[c]
		suffix := " Council"
		if strings.HasPrefix(a.ID, "E10") {
			suffix = " County Council"
		}
		g.agencyOf[a.ID] = g.addAgency(fmt.Sprintf("la_%03d", i+1), a.Name+suffix, "local_authority", a.ID)
	}
	nouns := []string{"Works Trust", "Futures", "Employment Services", "Community Partnership", "Training", "Foundation", "Jobs Club"}
	kinds := []string{"vcse", "vcse", "provider", "employer_group"}
	for i := 0; i < 60; i++ {
		c := g.reg.Areas[g.councils[g.rnd.IntN(len(g.councils))]]
		name := c.Name + " " + nouns[g.rnd.IntN(len(nouns))]
		if g.names[name] {
			name = fmt.Sprintf("%s %d", name, i+1)
		}
		g.names[name] = true
		g.vcse = append(g.vcse, g.addAgency(fmt.Sprintf("org_%03d", i+1), name, kinds[g.rnd.IntN(len(kinds))], c.ID))
	}
}

var (
	baseCohorts = []struct{ id, name, alias string }{
		{"young_people", "Young people", "YP"}, {"disabled", "Disabled people", "disability"},
		{"health_condition", "People with health conditions", "LTHC"}, {"unemployed", "Unemployed", "jobseekers"},
		{"econ_inactive", "Economically inactive", "inactive"}, {"over_50s", "Over-50s", "over 50s"},
		{"carers", "Unpaid carers", "carers"}, {"parents", "Parents facing childcare barriers", "lone parents"},
		{"ex_offenders", "Ex-offenders", "prison leavers"}, {"ethnic_minority", "Ethnic minority communities", "BME"},
		{"low_skilled", "Adults with low qualifications", "low skills"}, {"homeless", "People experiencing homelessness", "homeless"},
		{"uc_claimants", "Universal Credit claimants", "UC"}, {"women", "Women", ""},
	}
	qualifiers = []string{"in coastal towns", "in rural areas", "on Universal Credit", "leaving prison", "with caring roles",
		"in social housing", "newly arrived", "with low qualifications", "in deprived wards", "aged 50 to 64",
		"with learning disabilities", "with MSK conditions", "with mental health needs", "out of work a year or more",
		"in insecure work", "with childcare needs", "who are veterans", "who are lone parents", "in recovery from addiction",
		"after domestic abuse", "aged 16 to 17", "aged 18 to 24", "needing English support", "who are neurodivergent"}
)

func (g *gen) cohorts(total int) {
	r := g.reg
	r.Cohorts = append(r.Cohorts,
		h.Cohort{ID: "working_age", Name: "Working-age residents", Aliases: []string{"working age"}},
		h.Cohort{ID: "employers", Name: "Employers", Kind: h.CohortEmployers, Aliases: []string{"businesses"}})
	depth := []int{0, 0}
	names := map[string]bool{}
	for _, b := range baseCohorts {
		c := h.Cohort{ID: b.id, Name: b.name, ParentID: "working_age"}
		if b.alias != "" {
			c.Aliases = []string{b.alias}
		}
		r.Cohorts = append(r.Cohorts, c)
		depth = append(depth, 1)
		names[b.name] = true
		g.residents = append(g.residents, len(r.Cohorts)-1)
	}
	for len(r.Cohorts) < total {
		// Prefer shallow parents so the tree is bushy, but allow five levels.
		var parent int
		for {
			parent = g.residents[g.rnd.IntN(len(g.residents))]
			if depth[parent] < 4 && (depth[parent] <= 2 || g.rnd.Float64() < 0.3) {
				break
			}
		}
		p := r.Cohorts[parent]
		var name string
		for try := 0; ; try++ {
			q := qualifiers[g.rnd.IntN(len(qualifiers))]
			if strings.Contains(p.Name, q) && try < 20 {
				continue
			}
			name = p.Name + " " + q
			if try > 20 {
				name = fmt.Sprintf("%s (group %d)", name, len(r.Cohorts))
			}
			if !names[name] {
				break
			}
		}
		names[name] = true
		c := h.Cohort{ID: fmt.Sprintf("c%03d", len(r.Cohorts)), Name: name, ParentID: p.ID}
		if g.rnd.Float64() < 0.2 {
			c.Aliases = []string{initials(name)}
		}
		r.Cohorts = append(r.Cohorts, c)
		depth = append(depth, depth[parent]+1)
		g.residents = append(g.residents, len(r.Cohorts)-1)
	}
}

var (
	themes = []string{"Youth", "Health and Work", "Skills", "Employment", "Inclusion", "Careers", "Pathways", "Inactivity",
		"Opportunity", "Work Well", "Recovery", "Progression", "Connect", "Journey to Work", "Talent", "Ambition"}
	kindsOfProgramme = []string{"Hub", "Programme", "Service", "Pilot", "Trailblazer", "Fund", "Partnership", "Guarantee", "Network", "Academy"}
	notes            = []string{"", "", "up to", "approx, 2025/26", "up to, 3 years", "total over 5 years", "per year",
		"circa per annum", "grant 2025/26; not confirmed by an official source", "allocation; indicative"}
)

// date picks a date between two years, mostly the first of a month.
func (g *gen) date(fromYear, toYear int) h.Date {
	y := fromYear + g.rnd.IntN(toYear-fromYear+1)
	if g.rnd.Float64() < 0.6 {
		return h.DateOf(y, time.April, 1)
	}
	m := time.Month(1 + g.rnd.IntN(12))
	day := 1
	if g.rnd.Float64() < 0.3 {
		day = 1 + g.rnd.IntN(h.DaysIn(y, m))
	}
	return h.DateOf(y, m, day)
}

// yearsAfter returns the day before the same date n years later (a 31 Mar
// end for a 1 Apr start).
func yearsAfter(d h.Date, n int) h.Date {
	y, m, day := d.YMD()
	return h.DateOf(y+n, m, day).AddDays(-1)
}

func (g *gen) programmes(total int) {
	r := g.reg
	g.progScope = make([]int, 0, total)
	g.progSA = make([]int, 0, total)
	names := map[string]bool{}
	for i := 0; i < total; i++ {
		p := h.Programme{ID: fmt.Sprintf("p%05d", i+1)}
		scope, sa := 2, -1
		var place string
		switch x := g.rnd.Float64(); {
		case x < 0.08:
			scope, place = 0, "National"
			p.AreaIDs = []string{"E92000001"}
			if g.rnd.Float64() < 0.3 {
				p.AreaIDs = append(p.AreaIDs, "W92000004")
			}
			p.LeadAgencyID = g.central[g.rnd.IntN(len(g.central))]
		case x < 0.42:
			scope = 1
			sa = g.authorities[g.rnd.IntN(len(g.authorities))]
			a := r.Areas[sa]
			place = strings.TrimSuffix(a.Name, " Combined Authority")
			p.AreaIDs = []string{a.ID}
			p.LeadAgencyID = g.agencyOf[a.ID]
			if g.rnd.Float64() < 0.3 {
				p.LeadAgencyID = g.icbOf[a.ID]
			}
		default:
			c := g.councils[g.rnd.IntN(len(g.councils))]
			p.AreaIDs = []string{r.Areas[c].ID}
			place = r.Areas[c].Name
			if s, ok := g.inAuthority[c]; ok {
				sa = s
				for k := g.rnd.IntN(3); k > 0; k-- {
					o := g.councils[g.rnd.IntN(len(g.councils))]
					if g.inAuthority[o] == s && !containsStr(p.AreaIDs, r.Areas[o].ID) {
						p.AreaIDs = append(p.AreaIDs, r.Areas[o].ID)
					}
				}
			}
			switch x := g.rnd.Float64(); {
			case x < 0.6:
				p.LeadAgencyID = g.agencyOf[r.Areas[c].ID]
			case x < 0.9:
				p.LeadAgencyID = g.vcse[g.rnd.IntN(len(g.vcse))]
			case sa >= 0:
				p.LeadAgencyID = g.icbOf[r.Areas[sa].ID]
			default:
				p.LeadAgencyID = "dwp"
			}
		}
		name := place + " " + themes[g.rnd.IntN(len(themes))] + " " + kindsOfProgramme[g.rnd.IntN(len(kindsOfProgramme))]
		for k := 2; names[name]; k++ {
			name = fmt.Sprintf("%s %s %d", strings.SplitN(name, " Phase ", 2)[0], "Phase", k)
		}
		names[name] = true
		p.Name = name
		if g.rnd.Float64() < 0.15 {
			p.Aliases = []string{initials(name)}
		}
		nc := 1 + g.rnd.IntN(3)
		for k := 0; k < nc; k++ {
			var id string
			switch x := g.rnd.Float64(); {
			case x < 0.03:
				id = "employers"
			case x < 0.07:
				id = "working_age"
			default:
				id = r.Cohorts[g.residents[g.rnd.IntN(len(g.residents))]].ID
			}
			if !containsStr(p.CohortIDs, id) {
				p.CohortIDs = append(p.CohortIDs, id)
			}
		}
		if g.rnd.Float64() > 0.05 {
			p.Start = g.date(2018, 2027)
			if g.rnd.Float64() > 0.1 {
				p.End = yearsAfter(p.Start, 1+g.rnd.IntN(6))
			}
		}
		switch x := g.rnd.Float64(); {
		case x < 0.08:
			p.Status = h.StatusClosed
		case x < 0.15:
			p.Status = h.StatusPlanned
		case x < 0.5:
			p.Status = h.StatusLive
		}
		if g.rnd.Float64() < 0.3 {
			if g.rnd.Float64() < 0.5 {
				p.Contact = fmt.Sprintf("team%d@example.org", i+1)
			} else {
				p.Contact = fmt.Sprintf("U%08d", i+1)
			}
		}
		if g.rnd.Float64() < 0.6 {
			p.URL = "https://example.org/programmes/" + p.ID
		}
		if g.rnd.Float64() < 0.5 {
			c := int64(50 + g.rnd.IntN(20000))
			p.Capacity = &c
		}
		r.Programmes = append(r.Programmes, p)
		g.progScope = append(g.progScope, scope)
		g.progSA = append(g.progSA, sa)
	}
}

func containsStr(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// amount picks a whole-thousands amount in pounds between lo and hi (log-uniform-ish).
func (g *gen) amount(lo, hi int64) *int64 {
	if g.rnd.Float64() < 0.04 {
		return nil
	}
	v := lo
	for v < hi && g.rnd.Float64() < 0.6 {
		v *= 3
	}
	v = min(v, hi)
	v = v/2 + g.rnd.Int64N(v)
	v = v / 1000 * 1000 * 100
	return &v
}

// councilsIn returns the councils inside authority sa, in the order of
// g.councils; worked out once for all authorities, so that a register of
// many authorities and fundings is generated in linear time.
func (g *gen) councilsIn(sa int) []int {
	if g.inside == nil {
		g.inside = map[int][]int{}
		for _, c := range g.councils {
			if s, ok := g.inAuthority[c]; ok {
				g.inside[s] = append(g.inside[s], c)
			}
		}
	}
	return g.inside[sa]
}

func (g *gen) fundings(total int) {
	r := g.reg
	np := len(r.Programmes)
	cursor := make([]int, np)
	unfunded := make([]bool, np)
	for i := range unfunded {
		unfunded[i] = g.rnd.Float64() < 0.08
	}
	for i := 0; len(r.Fundings) < total; i++ {
		pi := i % np
		if unfunded[pi] {
			if i > 4*np { // a tiny register: fund them anyway to reach the total
				unfunded[pi] = false
			}
			continue
		}
		p := &r.Programmes[pi]
		k := cursor[pi]
		cursor[pi]++
		f := h.Funding{ID: fmt.Sprintf("f%05d", len(r.Fundings)+1), ProgrammeID: p.ID, Notes: notes[g.rnd.IntN(len(notes))]}
		base := p.Start
		if base.IsZero() {
			base = h.DateOf(2022, time.April, 1)
		}
		y, _, _ := base.YMD()
		f.Start = h.DateOf(y+k, time.April, 1)
		f.End = yearsAfter(f.Start, 1+g.rnd.IntN(3))
		if g.rnd.Float64() < 0.08 {
			f.Start, f.End = h.NoDate, h.NoDate
		}
		if g.rnd.Float64() < 0.7 {
			f.SourceURL = "https://gov.example/funding/" + f.ID
		}
		sa := g.progSA[pi]
		switch g.progScope[pi] {
		case 0: // national: a total first, then allocations to authorities
			f.FunderID = p.LeadAgencyID
			if k == 0 {
				f.AmountPence = g.amount(10_000_000, 3_000_000_000)
				break
			}
			a := r.Areas[g.authorities[g.rnd.IntN(len(g.authorities))]]
			f.RecipientID = g.agencyOf[a.ID]
			f.AreaIDs = []string{a.ID}
			f.AmountPence = g.amount(500_000, 60_000_000)
		case 1: // regional: central money to the authority, then regrants to its councils
			a := r.Areas[sa]
			saAgency := g.agencyOf[a.ID]
			if k == 0 {
				f.FunderID = g.central[g.rnd.IntN(len(g.central))]
				f.RecipientID = saAgency
				f.AreaIDs = []string{a.ID}
				f.AmountPence = g.amount(500_000, 50_000_000)
				break
			}
			inside := g.councilsIn(sa)
			c := r.Areas[inside[g.rnd.IntN(len(inside))]]
			f.FunderID = saAgency
			f.RecipientID = g.agencyOf[c.ID]
			f.AreaIDs = []string{c.ID}
			f.AmountPence = g.amount(50_000, 5_000_000)
		default: // local: from the centre or the authority, a year at a time
			f.FunderID = g.central[g.rnd.IntN(len(g.central))]
			if sa >= 0 && g.rnd.Float64() < 0.5 {
				f.FunderID = g.agencyOf[r.Areas[sa].ID]
			}
			f.AreaIDs = []string{p.AreaIDs[0]}
			f.AmountPence = g.amount(20_000, 5_000_000)
		}
		r.Fundings = append(r.Fundings, f)
	}
}
