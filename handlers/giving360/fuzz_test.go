package giving360

import (
	"os"
	"path/filepath"
	"testing"

	"frontdoor/handlers"
	"frontdoor/handlers/registercsv"
)

// FuzzRead feeds Read a file from a funder, as JSON or CSV, and plans what it
// reads against the test register. It checks that neither panics, that every
// grant read is accounted for once (added, updated, unchanged or skipped, with
// a reason), that a funding refers only to rows of the register, and that
// the plan, applied and exported, passes the same way through import again.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"funder.json", "funder.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, filepath.Ext(name) == ".csv")
	}
	own, _, err := Export(testRegister(), DefaultPrefix)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(own, false)
	f.Add([]byte("Identifier,Amount Awarded,Beneficiary Location:1:Geographic Code,Beneficiary Location:Name 2\n360G-x-1,£1,000.5,E08000003,Bolton\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, csv bool) {
		name := "grants.json"
		if csv {
			name = "grants.csv"
		}
		grants, err := Read(name, data)
		if err != nil {
			if len(grants) > 0 {
				t.Fatalf("Read gave %d grants and an error", len(grants))
			}
			return
		}
		reg := testRegister()
		res, err := Plan(reg, grants, DefaultPrefix)
		if err != nil {
			t.Fatal(err)
		}
		d := res.Diff.Fundings
		if n := len(d.Added) + len(d.Updated) + d.Unchanged + len(res.Skipped); n != len(grants) {
			t.Fatalf("%d grants read, %d accounted for", len(grants), n)
		}
		for _, s := range res.Skipped {
			if len(s.Reasons) == 0 || s.At.File != name {
				t.Fatalf("skipped without a reason or place: %+v", s)
			}
		}
		known := func(ids []string, want func(string) bool) bool {
			for _, id := range ids {
				if !want(id) {
					return false
				}
			}
			return true
		}
		ix := newExporter(reg, DefaultPrefix)
		for _, fs := range [][]handlers.Funding{d.Added, d.Updated} {
			for _, fd := range fs {
				ok := ix.programmes[fd.ProgrammeID] != nil && ix.agencies[fd.FunderID] != nil &&
					(fd.RecipientID == "" || ix.agencies[fd.RecipientID] != nil) &&
					known(fd.AreaIDs, func(id string) bool { return ix.areas[id] != nil }) &&
					fd.Kind == handlers.FundingGrant && fd.AmountPence != nil && *fd.AmountPence >= 0 && !fd.AwardDate.IsZero()
				if !ok {
					t.Fatalf("a funding that the register cannot hold: %+v", fd)
				}
			}
		}
		after := registercsv.Apply(reg, res.Diff)
		out, _, err := Export(after, DefaultPrefix)
		if err != nil {
			t.Fatalf("the register after the import cannot be exported: %v", err)
		}
		back, err := Read("again.json", out)
		if err != nil {
			t.Fatalf("the export cannot be read back: %v", err)
		}
		again, err := Plan(after, back, DefaultPrefix)
		if err != nil {
			t.Fatal(err)
		}
		if !again.Diff.Empty() || len(again.Skipped) > 0 {
			t.Fatalf("import → export → import changed the register: %v %v", again.Diff.Summary(), again.Skipped)
		}
	})
}
