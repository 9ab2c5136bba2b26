package handlers

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestShortLabel(t *testing.T) {
	tests := []struct {
		name, in string
		limit    int
		want     string
	}{
		{"fits", "Bolton", 20, "Bolton"},
		{"exactly the limit", "Greater Manchester 1", 20, "Greater Manchester 1"},
		{"cut at a word", "Greater Manchester Combined Authority", 20, "Greater Manchester…"},
		{"never inside a word", "Liverpool City Region Combined Authority", 20, "Liverpool City…"},
		{"after a hyphen", "Stockton-on-Tees Borough Council", 20, "Stockton-on-Tees…"},
		{"a hyphen is not left dangling", "Newcastle-upon-Tyne", 12, "Newcastle…"},
		{"spaces folded", "  Bolton \n Council  ", 20, "Bolton Council"},
		{"one word too long is cut, the only way", "Northamptonshireborough", 10, "Northampt…"},
		{"characters, not bytes", "Ynys Môn Ynys Môn Ynys Môn", 20, "Ynys Môn Ynys Môn…"},
		{"limit of one", "Bolton", 1, "…"},
		{"limit of zero", "Bolton", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ShortLabel(tt.in, tt.limit)
			if got != tt.want {
				t.Errorf("ShortLabel(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > tt.limit {
				t.Errorf("%d characters, limit %d", n, tt.limit)
			}
		})
	}
}

func TestShortLabelsStayApart(t *testing.T) {
	got := ShortLabels([]string{
		"Greater Manchester Combined Authority", "Greater Manchester ICB",
		"Bolton", "Bolton", "Wigan",
	}, 20)
	want := []string{"Greater… Authority", "Greater… ICB", "Bolton", "Bolton (2)", "Wigan"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("ShortLabels = %q, want %q", got, want)
	}
}

// Whatever the names, the labels are unique, within the limit, and a label
// that was shortened ends in "…" or a number.
func TestShortLabelsProperties(t *testing.T) {
	words := []string{"Greater", "Manchester", "North", "East", "Combined", "Authority", "ICB", "Council", "of", "Tees", "Valley-and-Durham", "Borough"}
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		names := make([]string, 1+r.IntN(12))
		for i := range names {
			var w []string
			for range 1 + r.IntN(6) {
				w = append(w, words[r.IntN(len(words))])
			}
			names[i] = strings.Join(w, " ")
		}
		limit := 8 + r.IntN(20)
		got := ShortLabels(names, limit)
		seen := map[string]bool{}
		for i, l := range got {
			if seen[l] {
				t.Fatalf("round %d: %q repeated in %q (from %q)", round, l, got, names)
			}
			seen[l] = true
			if n := utf8.RuneCountInString(l); n > limit || n == 0 {
				t.Fatalf("round %d: %q has %d characters, limit %d", round, l, n, limit)
			}
			if l != names[i] && !strings.Contains(l, "…") && !strings.HasSuffix(l, ")") {
				t.Fatalf("round %d: %q became %q with no mark of the cut", round, names[i], l)
			}
		}
	}
}

func TestTextWidth(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"Bolton", 6},
		{"Môn", 3},
		{"Mo\u0302n", 3}, // a combining circumflex takes no cell
		{"東京都", 6},
		{"ＡＢ", 4}, // full-width letters
		{"😀", 2},
		{"a\u200db", 2}, // zero-width joiner
		{"█▏", 2},
	}
	for _, tt := range tests {
		if got := textWidth(tt.in); got != tt.want {
			t.Errorf("textWidth(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func barChart(values ...float64) Chart {
	c := Chart{Kind: BarChart, Title: "Money ending by month", Unit: Pounds}
	s := Series{Name: "Money"}
	for i, v := range values {
		c.Categories = append(c.Categories, fmt.Sprintf("Month %d", i+1))
		s.Values = append(s.Values, v)
	}
	c.Series = []Series{s}
	return c
}

// barLength counts a line's bar in eighths of a cell.
func barLength(line string) int {
	n := 0
	for _, r := range line {
		switch {
		case r == '█':
			n += 8
		case r >= '▉' && r <= '▏': // U+2589 seven eighths … U+258F one eighth
			n += int('▏'-r) + 1
		}
	}
	return n
}

func TestChartTextBarsAreProportional(t *testing.T) {
	lines := chartLines(barChart(100, 50, 25, 1, 0))
	got := make([]int, 0, 5)
	for _, l := range lines[1:] {
		got = append(got, barLength(l))
	}
	want := []int{160, 80, 40, 2, 0}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("bar lengths in eighths %v, want %v:\n%s", got, want, strings.Join(lines, "\n"))
	}
	if !strings.HasSuffix(lines[1], "£100") || !strings.HasSuffix(lines[5], "£0") {
		t.Errorf("values not labelled at the end of their lines:\n%s", strings.Join(lines, "\n"))
	}
}

func TestChartTextEdges(t *testing.T) {
	many := make([]float64, 40)
	for i := range many {
		many[i] = float64(i * 1000)
	}
	tests := []struct {
		name  string
		chart Chart
		lines int      // lines expected, or 0 not to check
		has   []string // text the picture must hold
	}{
		{"all zero", barChart(0, 0, 0), 5, []string{"Every value is zero.", "£0"}},
		{"one category", barChart(1_200_000), 2, []string{"Month 1  ████████████████████  £1.2m"}},
		{"many categories", barChart(many...), 41, []string{"Month 40", "£39,000"}},
		{"negative", barChart(10, -5), 4, []string{"-£5", "Negative values have no bar"}},
		{"not a number", barChart(10, math.NaN()), 3, []string{"?"}},
		{"nothing", Chart{Title: "Empty"}, 2, []string{"Nothing to show."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := chartLines(tt.chart)
			text := strings.Join(lines, "\n")
			if tt.lines > 0 && len(lines) != tt.lines {
				t.Errorf("%d lines, want %d:\n%s", len(lines), tt.lines, text)
			}
			for _, h := range tt.has {
				if !strings.Contains(text, h) {
					t.Errorf("missing %q:\n%s", h, text)
				}
			}
			for _, l := range lines {
				if w := textWidth(l); w > plainWidth {
					t.Errorf("line %d cells wide: %q", w, l)
				}
			}
		})
	}
}

func TestChartTextSeveralSeries(t *testing.T) {
	c := Chart{Kind: BarChart, Unit: Count, Categories: []string{"Bolton", "Wigan"},
		Series: []Series{{Name: "Overlaps", Values: []float64{3, 1}}, {Name: "Gaps", Values: []float64{0, 2}}}}
	grouped := ChartText(c)
	for _, want := range []string{"Bolton  Overlaps  ████", "        Gaps", "Wigan   Overlaps", "        Gaps      █████████████"} {
		if !strings.Contains(grouped, want) {
			t.Errorf("grouped chart lacks %q:\n%s", want, grouped)
		}
	}
	c.Stacked = true
	stacked := ChartText(c)
	for _, want := range []string{"Key: █ Overlaps  ▓ Gaps", "Bolton  ████████████████████  3  (Overlaps 3)", "Wigan   ███████▓▓▓▓▓▓▓"} {
		if !strings.Contains(stacked, want) {
			t.Errorf("stacked chart lacks %q:\n%s", want, stacked)
		}
	}
}

func TestChartFacts(t *testing.T) {
	c := Chart{Kind: BarChart, Title: "Money ending by month", XTitle: "Month", YTitle: "Money ending", Unit: Pounds,
		Categories: []string{"January 2026", "February 2026"},
		Series:     []Series{{Name: "Grants", Values: []float64{1_200_000, 0}}, {Name: "Contracts", Values: []float64{350_000, 0}}}}
	got := strings.Join(ChartFacts(c), "\n")
	want := "Money ending by month: a bar chart of money ending by month.\n" +
		"Grants: January 2026 £1.2m, February 2026 £0.\n" +
		"Contracts: January 2026 £350,000, February 2026 £0."
	if got != want {
		t.Errorf("facts\n%s\nwant\n%s", got, want)
	}
	pie := Chart{Kind: PieChart, Title: "Money by kind", Categories: []string{"Grant", "Contract"}, Series: []Series{{Values: []float64{3, 1}}}}
	if got := strings.Join(ChartFacts(pie), "\n"); got != "Money by kind: a pie chart.\nGrant 3 (75%), Contract 1 (25%)." {
		t.Errorf("pie facts %q", got)
	}
	if got := ChartFacts(barChart(0, 0)); got[len(got)-1] != "Every value is zero." {
		t.Errorf("all-zero facts %q", got)
	}
}

func TestWithOther(t *testing.T) {
	c := Chart{Categories: []string{"a", "b", "c", "d"}}
	for i := range 8 {
		c.Series = append(c.Series, Series{Name: fmt.Sprintf("s%d", i), Values: []float64{1, 2, 3, 4}})
	}
	got := c.WithOtherSeries(6)
	if len(got.Series) != 6 || got.Series[5].Name != "Other" || fmt.Sprint(got.Series[5].Values) != "[3 6 9 12]" {
		t.Errorf("WithOtherSeries(6) = %+v", got.Series)
	}
	if len(c.Series) != 8 {
		t.Error("the chart itself was changed")
	}
	cats := c.WithOtherCategories(3)
	if fmt.Sprint(cats.Categories) != "[a b Other]" || fmt.Sprint(cats.Series[0].Values) != "[1 2 7]" {
		t.Errorf("WithOtherCategories(3) = %v %v", cats.Categories, cats.Series[0].Values)
	}
}

func TestFormatValue(t *testing.T) {
	count, money := Chart{Unit: Count}, Chart{Unit: Pounds}
	tests := []struct {
		c    Chart
		v    float64
		want string
	}{
		{count, 1250, "1,250"},
		{count, 2.5, "2.5"},
		{count, -3, "-3"},
		{money, 1_200_000, "£1.2m"},
		{money, 12.5, "£12.50"},
		{money, 1e30, "£900,000bn"},
		{count, math.Inf(1), "?"},
	}
	for _, tt := range tests {
		if got := tt.c.FormatValue(tt.v); got != tt.want {
			t.Errorf("FormatValue(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func wideTable(cols, rows int) Table {
	t := Table{Caption: "Live programmes by council and cohort"}
	t.Columns = append(t.Columns, Column{Title: "Council"})
	for c := 1; c < cols; c++ {
		t.Columns = append(t.Columns, Column{Title: fmt.Sprintf("Cohort number %d", c), Align: AlignRight})
	}
	for r := range rows {
		row := []Rich{Line(fmt.Sprintf("Council %d", r+1))}
		for c := 1; c < cols; c++ {
			row = append(row, Line(fmt.Sprint(r*c)))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func TestTableTextAligned(t *testing.T) {
	tb := Table{Columns: []Column{{Title: "Council"}, {Title: "Programmes", Align: AlignRight}},
		Rows: [][]Rich{{Line("Bolton"), Line("3")}, {Line("東京都"), Line("12")}, {Line("Wigan"), nil}}}
	lines := strings.Split(TableText(tb), "\n")
	want := []string{
		"Council  Programmes",
		"───────  ──────────",
		"Bolton            3",
		"東京都           12",
		"Wigan             " + EmptyCell,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("table\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	for _, l := range lines {
		if w := textWidth(l); w != textWidth(lines[0]) {
			t.Errorf("line %q is %d cells, the header %d", l, w, textWidth(lines[0]))
		}
	}
}

// A table wider than a console is folded into panels that repeat the first
// column; no line is wider than the console and no cell is lost.
func TestTableTextFoldsWideTables(t *testing.T) {
	tb := wideTable(12, 3)
	text := TableText(tb)
	lines := strings.Split(text, "\n")
	for _, l := range lines {
		if w := textWidth(l); w > plainWidth {
			t.Errorf("line %d cells wide: %q", w, l)
		}
	}
	if n := strings.Count(text, "Council 2"); n < 2 {
		t.Errorf("the first column is shown %d times, want it in every panel:\n%s", n, text)
	}
	for c := 1; c < 12; c++ {
		if !strings.Contains(text, fmt.Sprintf("Cohort number %d", c)) {
			t.Errorf("column %d lost:\n%s", c, text)
		}
	}
	if !strings.Contains(text, "22") { // row 3, column 11
		t.Errorf("last cell lost:\n%s", text)
	}
}

func TestTableTextWrapsLongCells(t *testing.T) {
	long := "Supported employment for disabled people and people with long-term health conditions across the city region"
	tb := Table{Columns: []Column{{Title: "Programme"}, {Title: "Amount", Align: AlignRight}}, Rows: [][]Rich{{Line(long), Line("£1.2m")}}}
	text := TableText(tb)
	if words := strings.Join(strings.Fields(strings.ReplaceAll(text, "£1.2m", "")), " "); !strings.Contains(words, long) {
		t.Errorf("long cell lost words:\n%s", text)
	}
	for _, l := range strings.Split(text, "\n") {
		if textWidth(l) > plainCellCells+2+6 {
			t.Errorf("line wider than a wrapped column: %q", l)
		}
	}
	if !strings.Contains(TableFacts(tb), "able of 1 row, with the columns Programme and Amount") {
		t.Errorf("facts %q", TableFacts(tb))
	}
}

func TestRenderPlainDrawsChartsAndTables(t *testing.T) {
	r := Reply{Text: "Digest", Blocks: []Block{Header{Text: "Digest"}, barChart(5, 10), wideTable(2, 1)}}
	got := RenderPlain(r)
	for _, want := range []string{"Digest\n\nMoney ending by month\nMonth 1", "£10", "Council 1"} {
		if !strings.Contains(got, want) {
			t.Errorf("RenderPlain lacks %q:\n%s", want, got)
		}
	}
}
