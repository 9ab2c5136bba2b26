package regtest

import (
	"io/fs"
	"testing"

	h "frontdoor/handlers"
	"frontdoor/handlers/demo"
	"frontdoor/handlers/registercsv"
)

// DemoImported is the demo register as an import makes it: its five files
// through registercsv.Plan and Apply (Demo reads them with a plain CSV
// reader, to check the import against).
func DemoImported(t testing.TB) *h.Register {
	t.Helper()
	fsys := demo.Register()
	var files []registercsv.File
	for _, kind := range h.RegisterKinds {
		name := registercsv.FileName(kind)
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatalf("demo register: %v", err)
		}
		files = append(files, registercsv.File{Name: name, Data: data})
	}
	diff, problems := registercsv.Plan(&h.Register{}, files, false)
	if len(problems) > 0 {
		t.Fatalf("demo register: %d problems, first %+v", len(problems), problems[0])
	}
	return registercsv.Apply(&h.Register{}, diff)
}
