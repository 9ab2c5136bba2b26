package giving360

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"frontdoor/handlers"
)

// TestOwnExportReimportsOntoTheSameRows: Frontdoor's export, read back into
// the register it came from, lands on the same fundings and changes nothing.
func TestOwnExportReimportsOntoTheSameRows(t *testing.T) {
	reg := testRegister()
	data, _ := mustExport(t, reg)
	grants, err := Read("frontdoor.json", data)
	if err != nil {
		t.Fatal(err)
	}
	res := mustPlan(t, reg, grants)
	if len(res.Skipped) > 0 || !res.Diff.Empty() || res.Diff.Fundings.Unchanged != 4 {
		t.Fatalf("re-import of the export: %v\n%s", res.Diff.Summary(), skippedText(res))
	}

	// Into a register without the fundings, the grants come back as they were.
	bare := withoutFundings()
	res = mustPlan(t, bare, grants)
	if len(res.Skipped) > 0 {
		t.Fatalf("%s", skippedText(res))
	}
	// As new rows they take the register's own way of writing money to the
	// programme's lead (no recipient) and for the programme's areas (none).
	var want []handlers.Funding
	for _, f := range testRegister().Fundings {
		switch f.ID {
		case "f1":
			f.RecipientID, f.AreaIDs = "", nil // the lead of Connect to Work, its area
			want = append(want, f)
		case "f2":
			want = append(want, f)
		case "f3":
			f.SourceURL = "" // not a web address, so not exported
			want = append(want, f)
		case "f8":
			f.RecipientID = "" // the lead of Fens Works
			want = append(want, f)
		}
	}
	if got := res.Diff.Fundings.Added; !reflect.DeepEqual(got, want) {
		t.Errorf("fundings from the export:\n got %+v\nwant %+v", got, want)
	}
}

// TestFunderGrantsRoundTrip: a funder's grants imported and exported again
// keep what the register holds of them: the grant id, amount, award date,
// funder and recipient identifiers (the agencies record the funder's org_ids),
// planned dates and places; and the export passes the schemas.
func TestFunderGrantsRoundTrip(t *testing.T) {
	for _, file := range []string{"funder.json", "funder.csv"} {
		t.Run(file, func(t *testing.T) {
			reg := withoutFundings()
			for i := range reg.Agencies {
				switch reg.Agencies[i].ID {
				case "gmca":
					reg.Agencies[i].OrgID = "360G-gmca"
				case "growth":
					reg.Agencies[i].OrgID = "GB-COH-01234567"
				}
			}
			in := readTestdata(t, file)
			res := mustPlan(t, reg, in)
			imported := apply(reg, res)
			data, left := mustExport(t, imported)
			if len(left) > 0 {
				t.Fatalf("left out %v", left)
			}
			if err := validate(t, packageSchema(t, true), data); err != nil {
				t.Fatalf("the export of imported grants fails the schemas: %v", err)
			}
			var out Package
			if err := json.Unmarshal(data, &out); err != nil {
				t.Fatal(err)
			}
			matched := map[string]Grant{}
			for _, g := range in {
				if !slices.ContainsFunc(res.Skipped, func(s Skipped) bool { return s.GrantID == g.ID }) {
					matched[g.ID] = g
				}
			}
			if len(out.Grants) != len(matched) || len(matched) != 3 {
				t.Fatalf("%d grants out, %d matched in", len(out.Grants), len(matched))
			}
			for _, g := range out.Grants {
				orig, ok := matched[g.ID]
				if !ok {
					t.Errorf("grant %q out has no grant in with its id", g.ID)
					continue
				}
				if got, want := kept(t, g), kept(t, orig); !reflect.DeepEqual(got, want) {
					t.Errorf("%s:\n out %+v\n  in %+v", g.ID, got, want)
				}
			}
			// And the export, imported again, changes nothing.
			back, err := Read("again.json", data)
			if err != nil {
				t.Fatal(err)
			}
			if again := mustPlan(t, imported, back); !again.Diff.Empty() || len(again.Skipped) > 0 {
				t.Errorf("import → export → import: %v %s", again.Diff.Summary(), skippedText(again))
			}
		})
	}
}

// keptGrant is what of a grant the register keeps, in comparable form.
type keptGrant struct {
	ID, Currency        string
	Pence               int64
	Awarded, Start, End handlers.Date
	Funder, Recipient   string
	GeoCodes            []string
}

func kept(t *testing.T, g Grant) keptGrant {
	t.Helper()
	k := keptGrant{ID: g.ID, Currency: "GBP", Funder: g.FundingOrganization[0].ID, Recipient: g.RecipientOrganization[0].ID}
	var msg string
	if k.Pence, msg = parseAmount(string(g.AmountAwarded)); msg != "" {
		t.Fatal(msg)
	}
	if k.Awarded, msg = parseDay(g.AwardDate); msg != "" {
		t.Fatal(msg)
	}
	if k.Start, k.End, msg = plannedPeriod(g.PlannedDates); msg != "" {
		t.Fatal(msg)
	}
	for _, l := range g.BeneficiaryLocation {
		if l.GeoCode != "" {
			k.GeoCodes = append(k.GeoCodes, strings.ToUpper(l.GeoCode))
		}
	}
	slices.Sort(k.GeoCodes)
	return k
}
