package handlers

// Provenance: when a row of the register was last confirmed against its
// source (register format v2's checked_on), and whether that is too long ago
// to vouch for.

// DefaultStaleDays is how long a row stays fresh after it was checked when
// the unit sets no limit (FRONTDOOR_STALE_DAYS).
const DefaultStaleDays = 180

// CheckedWords says when a row was last checked: "checked 3 Nov 2025", or
// "never checked" for a row with no checked_on.
func CheckedWords(checked Date) string {
	if checked.IsZero() {
		return "never checked"
	}
	return "checked " + checked.UK()
}

// IsStale reports whether a row checked on checked is stale on today: never
// checked, or checked more than days days before today (days <= 0 means
// DefaultStaleDays).
func IsStale(checked, today Date, days int) bool {
	if days <= 0 {
		days = DefaultStaleDays
	}
	return checked.IsZero() || today-checked > Date(days)
}
