package registercsv

import (
	"slices"

	"frontdoor/handlers"
)

// problemList collects problems (or warnings) and sorts them as people read a
// report: by file in dependency order, then line, then column in the format's
// order, then the order they were found.
type problemList struct {
	list []rankedProblem
}

type rankedProblem struct {
	handlers.Problem
	file, col, seq int
}

// columnRanks holds each kind's column positions, for sorting.
var columnRanks = func() map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, k := range handlers.RegisterKinds {
		out[k] = map[string]int{}
		for i, c := range Columns(k) {
			out[k][c] = i
		}
	}
	return out
}()

func (ps *problemList) add(file string, line int, col, msg string) {
	kind, _ := KindOf(file)
	colRank := -1
	if col != "" {
		r, ok := columnRanks[kind][col]
		if !ok {
			r = len(columnRanks[kind]) // an unknown column sorts after the known ones
		}
		colRank = r
	}
	ps.list = append(ps.list, rankedProblem{
		Problem: handlers.Problem{File: file, Line: line, Column: col, Message: msg},
		file:    kindRank(kind), col: colRank, seq: len(ps.list),
	})
}

// sink returns an add function bound to one file.
func (ps *problemList) sink(file string) func(line int, col, msg string) {
	return func(line int, col, msg string) { ps.add(file, line, col, msg) }
}

func (ps *problemList) empty() bool { return len(ps.list) == 0 }

func (ps *problemList) sorted() []handlers.Problem {
	if len(ps.list) == 0 {
		return nil
	}
	list := slices.Clone(ps.list)
	slices.SortFunc(list, func(a, b rankedProblem) int {
		switch {
		case a.file != b.file:
			return a.file - b.file
		case a.File != b.File:
			if a.File < b.File {
				return -1
			}
			return 1
		case a.Line != b.Line:
			return a.Line - b.Line
		case a.col != b.col:
			return a.col - b.col
		}
		return a.seq - b.seq
	})
	out := make([]handlers.Problem, len(list))
	for i, p := range list {
		out[i] = p.Problem
	}
	return out
}
