package store

import (
	"context"
	"reflect"
	"strconv"
	"testing"
)

func TestCheck(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	if err := db.ApplyImport(ctx, allAdded(sampleRegister()), "sam", AnyVersion); err != nil {
		t.Fatal(err)
	}
	if problems, err := db.Check(ctx); err != nil || problems != nil {
		t.Fatalf("Check on a sound database = %q, %v; want nothing", problems, err)
	}

	// Another program with foreign keys off can leave dangling references.
	raw := rawOpen(t, db.Path(), "_foreign_keys=off")
	if _, err := raw.Exec(`INSERT INTO areas (id, pos, name, kind, parent_id) VALUES ('E99', 100, 'Lost', 'other', 'nowhere')`); err != nil {
		t.Fatal(err)
	}
	var rowid int64
	if err := raw.QueryRow(`INSERT INTO programme_areas (programme_id, ordinal, area_id) VALUES ('restart', 9, 'E404') RETURNING rowid`).Scan(&rowid); err != nil {
		t.Fatal(err)
	}
	problems, err := db.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`areas "E99": parent_id "nowhere" refers to a missing areas row`,
		`programme_areas row ` + strconv.FormatInt(rowid, 10) + `: area_id "E404" refers to a missing areas row`,
	}
	if !reflect.DeepEqual(problems, want) {
		t.Errorf("Check =\n%q\nwant\n%q", problems, want)
	}
}
