package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"frontdoor/handlers"
	"frontdoor/handlers/giving360"
)

// giving360Flags are the flags of `import --360giving` and `export --360giving`.
type giving360Flags struct {
	file          string
	prefix        string
	skipUnmatched bool
}

func addGiving360Flags(fs *flag.FlagSet, withSkip bool) *giving360Flags {
	g := &giving360Flags{}
	fs.StringVar(&g.file, "360giving", "", "a 360Giving file (JSON package; for import also the spreadsheet template's CSV) instead of register CSV files")
	fs.StringVar(&g.prefix, "prefix", "", "with --360giving: the grant identifier prefix, 360G-… or an organisation identifier (default "+giving360.DefaultPrefix+")")
	if withSkip {
		fs.BoolVar(&g.skipUnmatched, "skip-unmatched", false, "with --360giving: import the grants that match, and list the others, rather than refusing the file")
	}
	return g
}

// given reports whether any of the 360Giving flags was used.
func (g *giving360Flags) given() bool { return g.file != "" || g.prefix != "" || g.skipUnmatched }

// check refuses the flags' misuse; it returns the prefix to use.
func (g *giving360Flags) check(e *env, name string, pos []string) (string, int, bool) {
	switch {
	case g.file == "":
		fmt.Fprintf(e.stderr, "frontdoor %s: --prefix and --skip-unmatched go with --360giving FILE\n", name)
		return "", exitUsage, false
	case len(pos) > 0:
		fmt.Fprintf(e.stderr, "frontdoor %s: give the 360Giving file with --360giving and no other path (got %q)\n", name, pos[0])
		return "", exitUsage, false
	}
	prefix := g.prefix
	if prefix == "" {
		prefix = giving360.DefaultPrefix
	}
	p, err := giving360.CheckPrefix(prefix)
	if err != nil {
		fmt.Fprintf(e.stderr, "frontdoor %s: --prefix: %v\n", name, err)
		return "", exitUsage, false
	}
	return p, exitOK, true
}

// runImport360 imports the grants of a 360Giving file as fundings of kind
// grant: checked in full first, applied in one transaction, refused whole
// when a grant matches nothing (unless --skip-unmatched).
func runImport360(ctx context.Context, e *env, f *dbFlags, g *giving360Flags, replace bool, pos []string) int {
	prefix, code, ok := g.check(e, "import", pos)
	if !ok {
		return code
	}
	if replace {
		fmt.Fprintln(e.stderr, "frontdoor import: --replace does not go with --360giving: a 360Giving import adds and updates fundings, and never deletes")
		return exitUsage
	}
	data, err := os.ReadFile(g.file)
	if err != nil {
		return fail(e, "frontdoor import: cannot read %s: %v", g.file, unwrapPathError(err))
	}
	grants, err := giving360.Read(g.file, data)
	if err != nil {
		return fail(e, "frontdoor import: %v; nothing was changed", err)
	}
	cfg, db, cleanup, code := f.openExisting(ctx, e, "import")
	if db == nil {
		return code
	}
	defer cleanup()
	current, version, err := db.Snapshot(ctx)
	if err != nil {
		return fail(e, "frontdoor import: %v; nothing was changed", err)
	}
	res, err := giving360.Plan(current, grants, prefix)
	if err != nil {
		return fail(e, "frontdoor import: %v; nothing was changed", err)
	}
	if len(res.Skipped) > 0 && !g.skipUnmatched {
		for _, s := range res.Skipped {
			fmt.Fprintln(e.stderr, s.String())
		}
		return fail(e, "frontdoor import: %d of the %d grants in %s match nothing in the register or cannot be recorded; nothing was changed. Correct the file or the register, or run again with --skip-unmatched to import the other %d",
			len(res.Skipped), len(grants), g.file, len(grants)-len(res.Skipped))
	}
	diff := res.Diff
	if !diff.Empty() {
		if err := db.ApplyImport(ctx, diff, f.person(e).ID, version); err != nil {
			return fail(e, "frontdoor import: %v; nothing was changed", err)
		}
		fmt.Fprintf(e.stdout, "Imported %d grants from %s into %s:\n", len(grants)-len(res.Skipped), g.file, cfg.DB)
	} else {
		fmt.Fprintf(e.stdout, "Imported %s into %s: nothing changed.\n", g.file, cfg.DB)
	}
	printDiff(e.stdout, diff)
	if len(res.Skipped) > 0 {
		fmt.Fprintf(e.stdout, "Skipped %d grant(s) that match nothing in the register or cannot be recorded:\n", len(res.Skipped))
		for _, s := range res.Skipped {
			fmt.Fprintf(e.stdout, "  %s\n", s)
		}
	}
	return exitOK
}

// runExport360 writes the register's grants as a 360Giving package.
func runExport360(ctx context.Context, e *env, f *dbFlags, g *giving360Flags, pos []string) int {
	prefix, code, ok := g.check(e, "export", pos)
	if !ok {
		return code
	}
	_, db, cleanup, code := f.openExisting(ctx, e, "export")
	if db == nil {
		return code
	}
	defer cleanup()
	reg, err := db.LoadRegister(ctx)
	if err != nil {
		return fail(e, "frontdoor export: %v", err)
	}
	grants := 0
	for i := range reg.Fundings {
		if reg.Fundings[i].Kind == handlers.FundingGrant {
			grants++
		}
	}
	data, left, err := giving360.Export(reg, prefix)
	switch {
	case errors.Is(err, giving360.ErrNoGrants) && grants == 0:
		return fail(e, "frontdoor export: the register has no fundings of kind grant, so there is nothing to write; a 360Giving grant is a funding with kind grant, amount_gbp and award_date in fundings.csv")
	case errors.Is(err, giving360.ErrNoGrants):
		for _, l := range left {
			fmt.Fprintln(e.stderr, l.String())
		}
		return fail(e, "frontdoor export: none of the %d fundings of kind grant can be a valid 360Giving grant, so nothing was written; give each its amount_gbp and award_date in fundings.csv", grants)
	case err != nil:
		return fail(e, "frontdoor export: %v", err)
	}
	if err := writeFileAtomic(g.file, data); err != nil {
		return fail(e, "frontdoor export: cannot write %s: %v", g.file, unwrapPathError(err))
	}
	fmt.Fprintf(e.stdout, "Exported %d grants to %s (360Giving %s, identifiers %s-…)\n", grants-len(left), g.file, giving360.SchemaVersion, prefix)
	if len(left) > 0 {
		fmt.Fprintf(e.stdout, "Left out %d funding(s) of kind grant that cannot be valid 360Giving grants:\n", len(left))
		for _, l := range left {
			fmt.Fprintf(e.stdout, "  %s\n", l)
		}
	}
	if prefix == giving360.DefaultPrefix {
		fmt.Fprintf(e.stdout, "%s is a placeholder: to publish, use the prefix 360Giving gives you (--prefix).\n", prefix)
	}
	return exitOK
}
