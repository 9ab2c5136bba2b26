package handlers

// TrueFirst orders true before false, for sorts: programme totals before
// allocations, new overlaps before old, agencies before "No agency named".
func TrueFirst(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}
