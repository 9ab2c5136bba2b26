package index

import "errors"
import (
	"frontdoor/handlers"
)

// ActionTags returns the agencies, programmes and cohorts an action's text
// names (by name or alias, as whole words), each once, in the order they
// appear. A name that could mean several things is left untagged.
func (ix *Index) ActionTags(text string) []handlers.Tag {
	var tags []handlers.Tag
	seen := map[handlers.Tag]bool{}
	for _, m := range ix.FindMentions(text) {
		t := handlers.Tag{Kind: m.Kind, ID: m.ID}
		if !seen[t] {
			seen[t] = true
			tags = append(tags, t)
		}
	}
	return tags
}

// TagName is the display name of a tag; a tag whose entry has since left the
// register shows its id.
func (ix *Index) TagName(t handlers.Tag) string {
	switch t.Kind {
	case handlers.TagAgency:
		if a := ix.Agency(t.ID); a != nil {
			return handlers.ShortName(a)
		}
	case handlers.TagProgramme:
		if p := ix.Programme(t.ID); p != nil {
			return p.Name
		}
	case handlers.TagCohort:
		if c := ix.Cohort(t.ID); c != nil {
			return c.Name
		}
	}
	return t.ID
}

// MatchTag finds what an `actions <name>` filter means: an agency, else a
// programme, else a cohort. The first kind with a match wins; an ambiguous
// name is reported, not guessed.
func (ix *Index) MatchTag(q string) (handlers.Tag, string, error) {
	var firstErr error
	note := func(err error) {
		var e *handlers.Error
		if firstErr == nil || (errors.As(err, &e) && e.Code == handlers.EAmbiguous) {
			firstErr = err
		}
	}
	if a, err := ix.MatchAgency(q); err == nil {
		return handlers.Tag{Kind: handlers.TagAgency, ID: a.ID}, a.Name, nil
	} else if handlers.ErrorCode(err) == handlers.EAmbiguous {
		return handlers.Tag{}, "", err
	} else {
		note(err)
	}
	if p, err := ix.MatchProgramme(q); err == nil {
		return handlers.Tag{Kind: handlers.TagProgramme, ID: p.ID}, p.Name, nil
	} else if handlers.ErrorCode(err) == handlers.EAmbiguous {
		return handlers.Tag{}, "", err
	}
	if c, err := ix.MatchCohort(q); err == nil {
		return handlers.Tag{Kind: handlers.TagCohort, ID: c.ID}, c.Name, nil
	} else if handlers.ErrorCode(err) == handlers.EAmbiguous {
		return handlers.Tag{}, "", err
	}
	e := handlers.Errorf(handlers.ENotFound, "No agency, programme or cohort is called %q.", q)
	e.Hint = "Try `actions mine`, `actions overdue`, `actions DWP` or `actions @name`."
	_ = firstErr
	return handlers.Tag{}, "", e
}

// TagWithin returns the ids an actions filter on t covers: the cohort and
// every narrower cohort; for agencies and programmes just the one.
func (ix *Index) TagWithin(t handlers.Tag) []string {
	if t.Kind != handlers.TagCohort {
		return []string{t.ID}
	}
	ids := []string{t.ID}
	if c := lookupPos(ix.cohortPos, t.ID); c >= 0 {
		for _, d := range ix.cohorts.descendants(c) {
			ids = append(ids, ix.reg.Cohorts[d].ID)
		}
	}
	return ids
}
