package view

import ()

// The replies to `overlaps [in <area>] [for <cohort>]`, `gaps [in <area>]
// [for <cohort>]` and `ending [in <area>] [within <N> days]` are answered in
// the style of the lookups: private, shareable, within Slack's limits, with
// "and N more" and a narrower query to ask when an answer is cut short.
// Their renderers are shared with the digest.

// Caps that keep these replies short enough to read in a meeting.
const (
	maxOverlapGroups   = 10 // groups of overlaps shown in full
	maxOverlapLines    = 20 // groups shown as one line each
	maxNationalPlaces  = 8  // places listed with their national programmes
	maxNationalNamed   = 5  // national programmes named at one place
	maxGapCohorts      = 12 // cohorts listed in a gap summary
	maxGapAuthorities  = 10 // authorities listed in a gap summary
	maxGapDetail       = 25 // councils listed in detail
	maxCliffProgrammes = 12
	maxCliffFundings   = 15
	maxSideFundings    = 2 // fundings named for one programme of an overlap
	maxGroupProgrammes = 6 // programmes listed in one group of overlaps
	maxGroupPairs      = 6 // pairs listed in one group
)
