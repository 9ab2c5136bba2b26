package store_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"frontdoor/handlers"
	"frontdoor/handlers/registercsv"
	"frontdoor/handlers/regtest"
	"frontdoor/store"
)

// nationalFiles is the generated national-scale register as the five CSV files
// an admin would import.
func nationalFiles(b *testing.B) []registercsv.File {
	b.Helper()
	reg := regtest.National(1, regtest.NationalSize{})
	var files []registercsv.File
	for _, kind := range handlers.RegisterKinds {
		var buf bytes.Buffer
		if err := registercsv.Write(&buf, kind, reg); err != nil {
			b.Fatal(err)
		}
		files = append(files, registercsv.File{Name: kind + ".csv", Data: buf.Bytes()})
	}
	return files
}

// BenchmarkImportNational is `frontdoor import` of a national-scale register
// (400 areas, 200 cohorts, 5,000 programmes, 10,000 fundings) into an empty
// database: parse and validate the CSV, then write it in one transaction.
func BenchmarkImportNational(b *testing.B) {
	files := nationalFiles(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := store.Open(ctx, filepath.Join(b.TempDir(), "fd.db"), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		reg, version, err := db.Snapshot(ctx)
		if err != nil {
			b.Fatal(err)
		}
		diff, problems := registercsv.Plan(reg, files, false)
		if len(problems) > 0 {
			b.Fatalf("%d problems, first %s", len(problems), problems[0])
		}
		if err := db.ApplyImport(ctx, diff, "bench", version); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
}

// BenchmarkPlanNational is the validation half of an import alone.
func BenchmarkPlanNational(b *testing.B) {
	files := nationalFiles(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, problems := registercsv.Plan(&handlers.Register{}, files, false); len(problems) > 0 {
			b.Fatal(problems[0])
		}
	}
}
