package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"frontdoor/handlers"
)

// nationalRegister builds a register of national scale: 300 areas, 200
// cohorts, 100 agencies, 5,000 programmes and 10,000 fundings.
func nationalRegister() *handlers.Register {
	r := &handlers.Register{}
	r.Areas = append(r.Areas, handlers.Area{ID: "E92000001", Name: "England", Kind: handlers.AreaCountry})
	for i := 1; i < 300; i++ {
		parent := "E92000001"
		if i > 20 {
			parent = fmt.Sprintf("A%03d", 1+i%20)
		}
		r.Areas = append(r.Areas, handlers.Area{ID: fmt.Sprintf("A%03d", i), Name: fmt.Sprintf("Area %d", i), Kind: handlers.AreaLocalAuthority, ParentID: parent, Aliases: []string{fmt.Sprintf("Place %d", i)}})
	}
	for i := range 100 {
		r.Agencies = append(r.Agencies, handlers.Agency{ID: fmt.Sprintf("ag%d", i), Name: fmt.Sprintf("Agency %d", i), Kind: "other", AreaID: r.Areas[i].ID})
	}
	for i := range 200 {
		c := handlers.Cohort{ID: fmt.Sprintf("c%d", i), Name: fmt.Sprintf("Cohort %d", i), Description: "people"}
		if i >= 10 {
			c.ParentID = fmt.Sprintf("c%d", i%10)
		}
		r.Cohorts = append(r.Cohorts, c)
	}
	for i := range 5000 {
		r.Programmes = append(r.Programmes, handlers.Programme{
			ID: fmt.Sprintf("p%d", i), Name: fmt.Sprintf("Programme %d", i), LeadAgencyID: fmt.Sprintf("ag%d", i%100),
			Start: handlers.DateOf(2025, 4, 1), End: handlers.DateOf(2027, 3, 31),
			AreaIDs:   []string{r.Areas[1+i%299].ID, r.Areas[1+(i+7)%299].ID},
			CohortIDs: []string{fmt.Sprintf("c%d", i%200), fmt.Sprintf("c%d", (i+1)%200)},
			Capacity:  ptr(int64(i)), Contact: "someone@example.org", URL: "https://example.org", Description: "A programme",
		})
	}
	for i := range 10000 {
		r.Fundings = append(r.Fundings, handlers.Funding{
			ID: fmt.Sprintf("f%d", i), ProgrammeID: fmt.Sprintf("p%d", i%5000), FunderID: fmt.Sprintf("ag%d", (i+3)%100),
			AmountPence: ptr(int64(i) * 100000), Start: handlers.DateOf(2025, 4, 1), End: handlers.DateOf(2026, 3, 31),
			AreaIDs: []string{r.Areas[1+i%299].ID}, RingFenced: ptr(i%2 == 0), Notes: "up to",
		})
	}
	return r
}

func BenchmarkApplyImportNational(b *testing.B) {
	ctx := context.Background()
	r := nationalRegister()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		db, err := Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i)), Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := db.ApplyImport(ctx, allAdded(r), "bench", AnyVersion); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
}

func BenchmarkLoadRegisterNational(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.ApplyImport(ctx, allAdded(nationalRegister()), "bench", AnyVersion); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.LoadRegister(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
