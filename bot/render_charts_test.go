package bot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"frontdoor/handlers/golden"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"frontdoor/handlers"
)

var months = []string{"January 2026", "February 2026", "March 2026", "April 2026", "May 2026", "June 2026",
	"July 2026", "August 2026", "September 2026", "October 2026", "November 2026", "December 2026"}

// moneyEndingChart is the kind of chart the digest will carry: money ending
// by month over a year, stacked by the kind of funder, with a month of none.
func moneyEndingChart() handlers.Chart {
	return handlers.Chart{
		Kind: handlers.BarChart, Title: "Money ending by month", XTitle: "Month", YTitle: "Money ending (£)",
		Unit: handlers.Pounds, Stacked: true, Categories: months,
		Series: []handlers.Series{
			{Name: "Central government", Values: []float64{0, 1_200_000, 0, 4_800_000, 0, 0, 250_000, 0, 0, 0, 0, 12_500_000}},
			{Name: "Combined authority", Values: []float64{350_000, 0, 0, 1_000_000, 0, 0, 0, 0, 90_000, 0, 0, 0}},
			{Name: "NHS", Values: []float64{0, 0, 0, 600_000, 0, 0, 0, 0, 0, 0, 0, 2_000_000}},
		},
	}
}

func coverageTable() handlers.Table {
	cohorts := []string{"Disabled people", "Over 50s", "Care leavers", "Young people not in education, employment or training"}
	t := handlers.Table{Caption: "Live programmes by council and cohort, as of 12 January 2026",
		Columns:  []handlers.Column{{Title: "Council"}},
		Overflow: handlers.R(handlers.T("Narrow it with "), handlers.C("coverage in Bolton"), handlers.T("."))}
	for _, c := range cohorts {
		t.Columns = append(t.Columns, handlers.Column{Title: c, Align: handlers.AlignRight, Wrap: true})
	}
	counts := [][]string{{"3", "1", "", "2"}, {"2", "", "", "1"}, {"4", "2", "1", "3"}}
	for i, council := range []string{"Bolton", "Wigan", "Manchester"} {
		row := []handlers.Rich{handlers.R(handlers.L(council, "https://example.gov.uk/"+strings.ToLower(council)))}
		for _, n := range counts[i] {
			if n == "" {
				row = append(row, handlers.R(handlers.B("gap")))
			} else {
				row = append(row, handlers.Line(n))
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func chartGoldenReplies() map[string]handlers.Reply {
	return map[string]handlers.Reply{
		"chart_money_ending": {
			Text:       "Money ending in the next 12 months: £22.8m",
			Visibility: handlers.Channel,
			Blocks:     []handlers.Block{handlers.Header{Text: "Money ending"}, moneyEndingChart()},
		},
		"table_coverage": {
			Text:   "Coverage in Greater Manchester: 3 councils, 3 gaps",
			Blocks: []handlers.Block{handlers.Header{Text: "Coverage in Greater Manchester"}, coverageTable()},
		},
	}
}

// TestRenderChartsGolden pins the Block Kit and the plain text of a chart
// and of a table (refreshed with -update, like TestRenderGolden).
func TestRenderChartsGolden(t *testing.T) {
	for name, r := range chartGoldenReplies() {
		t.Run(name, func(t *testing.T) {
			js, err := RenderJSON(r)
			if err != nil {
				t.Fatal(err)
			}
			if problems := CheckLimits(RenderMessage(r)); len(problems) > 0 {
				t.Errorf("over Slack's limits:\n%s", strings.Join(problems, "\n"))
			}
			golden.Check(t, filepath.Join("testdata", name+".golden"), js)
			golden.Check(t, filepath.Join("testdata", name+".plain"), []byte(handlers.RenderPlain(r)+"\n"))
		})
	}
}

// --- the checker ---

func dvBar(title string, cats []string, series ...slack.DataVisualizationDataSeries) *slack.DataVisualizationBlock {
	return slack.NewDataVisualizationBlock(title, slack.NewDataVisualizationBarChart(slack.NewDataVisualizationAxisConfig(cats...), series...))
}

func dvSeries(name string, cats []string) slack.DataVisualizationDataSeries {
	points := make([]slack.DataVisualizationDataPoint, len(cats))
	for i, c := range cats {
		points[i] = slack.NewDataVisualizationDataPoint(c, float64(i))
	}
	return slack.NewDataVisualizationDataSeries(name, points...)
}

func dvSeriesN(n int, cats []string) []slack.DataVisualizationDataSeries {
	out := make([]slack.DataVisualizationDataSeries, n)
	for i := range out {
		out[i] = dvSeries(fmt.Sprintf("Series %d", i+1), cats)
	}
	return out
}

func catsN(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("C%d", i+1)
	}
	return out
}

func rawTable(rows, cells int, text string) *slack.TableBlock {
	tb := slack.NewTableBlock("")
	for range rows {
		row := make([]slack.TableCell, cells)
		for c := range row {
			row[c] = slack.NewTableRawTextCell(text)
		}
		tb.AddRow(row...)
	}
	return tb
}

func dataTable(caption string, rows, cells int) *slack.DataTableBlock {
	dt := slack.NewDataTableBlock(caption)
	for range rows {
		row := make([]slack.DataTableCell, cells)
		for c := range row {
			row[c] = slack.NewDataTableRawTextCell("x")
		}
		dt.AddRow(row...)
	}
	return dt
}

// TestCheckLimitsCatchesChartAndTableViolations builds blocks that break
// each chart and table limit once (and ones just inside), and expects
// exactly the right complaint.
func TestCheckLimitsCatchesChartAndTableViolations(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) } // characters, not bytes
	cats := catsN(3)
	okChart := func() *slack.DataVisualizationBlock { return dvBar("t", cats, dvSeries("s", cats)) }
	pie := func(values ...float64) *slack.DataVisualizationBlock {
		var segs []slack.DataVisualizationSegment
		for i, v := range values {
			segs = append(segs, slack.NewDataVisualizationSegment(fmt.Sprintf("slice %d", i), v))
		}
		return slack.NewDataVisualizationBlock("pie", slack.NewDataVisualizationPieChart(segs...))
	}
	tests := []struct {
		name   string
		blocks []slack.Block
		want   string // a substring of the one problem expected; "" for none
	}{
		{"valid chart", []slack.Block{okChart()}, ""},
		{"six series", []slack.Block{dvBar("t", cats, dvSeriesN(6, cats)...)}, ""},
		{"too many series", []slack.Block{dvBar("t", cats, dvSeriesN(7, cats)...)}, "7 series, must be 1 to 6"},
		{"no series", []slack.Block{dvBar("t", cats)}, "0 series, must be 1 to 6"},
		{"title of 50", []slack.Block{dvBar(long(50), cats, dvSeries("s", cats))}, ""},
		{"title of 51", []slack.Block{dvBar(long(51), cats, dvSeries("s", cats))}, "title 51 chars, limit 50"},
		{"no title", []slack.Block{dvBar("", cats, dvSeries("s", cats))}, "title empty"},
		{"label of 20", []slack.Block{dvBar("t", []string{long(20)}, dvSeries("s", []string{long(20)}))}, ""},
		{"long label", []slack.Block{dvBar("t", []string{long(21)}, dvSeries("s", []string{long(21)}))}, "category 0: label 21 chars, limit 20"},
		{"long series name", []slack.Block{dvBar("t", cats, dvSeries(long(21), cats))}, "series 0: name 21 chars, limit 20"},
		{"repeated series name", []slack.Block{dvBar("t", cats, dvSeries("s", cats), dvSeries("s", cats))}, `name "s" repeated`},
		{"20 categories", []slack.Block{dvBar("t", catsN(20), dvSeries("s", catsN(20)))}, ""},
		{"21 categories", []slack.Block{dvBar("t", catsN(21), dvSeries("s", catsN(21)))}, "21 categories, must be 1 to 20"},
		// Two categories alike cannot have one point each: the repeat is what is told first.
		{"repeated category", []slack.Block{dvBar("t", []string{"a", "a"}, dvSeries("s", []string{"a"}))}, `category "a" repeated`},
		{"missing point", []slack.Block{dvBar("t", cats, dvSeries("s", cats[:2]))}, "2 points for 3 categories"},
		{"point not a category", []slack.Block{dvBar("t", cats[:1], dvSeries("s", []string{"zz"}))}, `label "zz" is not a category`},
		{"long axis title", []slack.Block{func() slack.Block {
			b := okChart()
			ch := b.Chart.(*slack.DataVisualizationBarChart)
			ch.AxisConfig = ch.AxisConfig.WithYLabel(long(51))
			return b
		}()}, "y_label 51 chars, limit 50"},
		{"six slices", []slack.Block{pie(1, 2, 3, 4, 5, 6)}, ""},
		{"seven slices", []slack.Block{pie(1, 2, 3, 4, 5, 6, 7)}, "7 pie segments, must be 1 to 6"},
		{"slice of zero", []slack.Block{pie(1, 0)}, "segment 1: value 0, must be a number above 0"},
		{"two charts", []slack.Block{okChart(), okChart()}, ""},
		{"three charts", []slack.Block{okChart(), okChart(), okChart()}, "charts: 3 data_visualization blocks, limit 2"},

		{"valid table", []slack.Block{rawTable(3, 2, "x")}, ""},
		{"100 rows", []slack.Block{rawTable(100, 1, "x")}, ""},
		{"101 rows", []slack.Block{rawTable(101, 1, "x")}, "101 rows, limit 100"},
		{"20 cells", []slack.Block{rawTable(1, 20, "x")}, ""},
		{"21 cells", []slack.Block{rawTable(1, 21, "x")}, "row 0: 21 cells, limit 20"},
		{"10,000 characters", []slack.Block{rawTable(10, 10, long(100))}, ""},
		{"10,001 characters", []slack.Block{func() slack.Block {
			tb := rawTable(10, 10, long(100))
			tb.Rows[9][9] = slack.NewTableRawTextCell(long(101))
			return tb
		}()}, "10001 chars in its cells, limit 10000"},
		{"empty cell", []slack.Block{rawTable(1, 1, "")}, "row 0 cell 0: empty text"},
		{"nil cell", []slack.Block{slack.NewTableBlock("").AddRow(nil)}, "row 0 cell 0: no cell"},
		{"21 column settings", []slack.Block{func() slack.Block {
			tb := rawTable(1, 1, "x")
			for range 21 {
				tb.ColumnSettings = append(tb.ColumnSettings, slack.ColumnSetting{Align: slack.ColumnAlignmentLeft})
			}
			return tb
		}()}, "21 column settings, limit 20"},
		{"two tables", []slack.Block{rawTable(1, 1, "x"), rawTable(1, 1, "y")}, "tables: 2 table blocks, limit 1"},
		{"tables over 10,000 together", []slack.Block{rawTable(1, 1, "x"), dataTable("d", 2, 1), func() slack.Block {
			dt := dataTable("big", 2, 1)
			dt.Rows[1][0] = slack.NewDataTableRawTextCell(long(9999))
			return dt
		}()}, "tables: 10003 chars in the cells of all tables, limit 10000"},

		{"valid data table", []slack.Block{dataTable("Programmes", 3, 2)}, ""},
		{"data table without caption", []slack.Block{dataTable("", 3, 2)}, "no caption"},
		{"data table of a header alone", []slack.Block{dataTable("d", 1, 2)}, "1 rows, must be 2 to 101"},
		{"data table of 102 rows", []slack.Block{dataTable("d", 102, 1)}, "102 rows, must be 2 to 101"},
		{"data table header in rich text", []slack.Block{func() slack.Block {
			dt := dataTable("d", 2, 1)
			dt.Rows[0][0] = slack.NewDataTableRichTextCell(slack.NewRichTextSection(slack.NewRichTextSectionTextElement("h", nil)))
			return dt
		}()}, "row 0 cell 0: header cells must be raw_text"},
		{"data table page size", []slack.Block{dataTable("d", 2, 1).WithPageSize(101)}, "page_size 101, must be 1 to 100"},
		{"data table ragged", []slack.Block{func() slack.Block {
			dt := dataTable("d", 3, 2)
			dt.Rows[2] = dt.Rows[2][:1]
			return dt
		}()}, "row 2: 1 cells, the header has 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems := CheckLimits(limitMsg(tt.blocks...))
			if tt.want == "" {
				if len(problems) > 0 {
					t.Fatalf("unexpected problems:\n%s", strings.Join(problems, "\n"))
				}
				return
			}
			if tt.name == "repeated category" && len(problems) > 1 {
				problems = problems[:1]
			}
			if len(problems) != 1 || !strings.Contains(problems[0], tt.want) {
				t.Fatalf("problems %q, want one containing %q", problems, tt.want)
			}
		})
	}
}

// --- the renderer keeps within them ---

func blocksOf[T slack.Block](blocks []slack.Block) []T {
	var out []T
	for _, b := range blocks {
		if x, ok := b.(T); ok {
			out = append(out, x)
		}
	}
	return out
}

// renderWithin renders r and fails the test if the message breaks any of
// Slack's limits.
func renderWithin(t *testing.T, r handlers.Reply) Message {
	t.Helper()
	m := RenderMessage(r)
	if problems := CheckLimits(m); len(problems) > 0 {
		t.Fatalf("over Slack's limits:\n%s", strings.Join(problems, "\n"))
	}
	// And Slack's own JSON round trip (as a stored digest makes) keeps it so.
	js, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back Message
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatalf("slack-go cannot read it back: %v", err)
	}
	if problems := CheckLimits(back); len(problems) > 0 {
		t.Fatalf("over Slack's limits once read back:\n%s", strings.Join(problems, "\n"))
	}
	return m
}

func contextWords(m Message) string {
	var b strings.Builder
	for _, c := range blocksOf[*slack.ContextBlock](m.Blocks.BlockSet) {
		for _, el := range c.ContextElements.Elements {
			if t, ok := el.(*slack.TextBlockObject); ok {
				b.WriteString(t.Text + "\n")
			}
		}
	}
	return b.String()
}

func sectionWords(m Message) string {
	var b strings.Builder
	for _, s := range blocksOf[*slack.SectionBlock](m.Blocks.BlockSet) {
		if s.Text != nil {
			b.WriteString(s.Text.Text + "\n")
		}
	}
	return b.String()
}

func TestRendererAddsSeriesPastSixAsOther(t *testing.T) {
	c := handlers.Chart{Kind: handlers.BarChart, Title: "Programmes by funder", Categories: []string{"Bolton", "Wigan"}}
	for i := range 9 {
		c.Series = append(c.Series, handlers.Series{Name: fmt.Sprintf("Funder %d", i+1), Values: []float64{float64(i), 1}})
	}
	m := renderWithin(t, handlers.Reply{Text: "Programmes", Blocks: []handlers.Block{c}})
	charts := blocksOf[*slack.DataVisualizationBlock](m.Blocks.BlockSet)
	if len(charts) != 1 {
		t.Fatalf("%d charts, want 1", len(charts))
	}
	series := charts[0].Chart.(*slack.DataVisualizationBarChart).Series
	if len(series) != MaxChartSeries || series[5].Name != "Other" {
		t.Fatalf("series %+v, want 6 ending with Other", series)
	}
	// Other holds funders 6 to 9: 5+6+7+8 in Bolton, 4 in Wigan.
	if got := fmt.Sprint(series[5].Data[0].Value, series[5].Data[1].Value); got != "26 4" {
		t.Errorf("Other holds %s, want 26 4", got)
	}
	words := contextWords(m) + m.Text
	for i := range 9 {
		if !strings.Contains(words, fmt.Sprintf("Funder %d:", i+1)) {
			t.Errorf("funder %d not in the facts:\n%s", i+1, words)
		}
	}
	if !strings.Contains(words, "adds up the last 4 series as Other") {
		t.Errorf("the facts do not say series were added up:\n%s", words)
	}
}

func TestRendererShortensLongLabelsAtWords(t *testing.T) {
	names := []string{"Greater Manchester Combined Authority", "Greater Manchester Integrated Care Board",
		"Liverpool City Region Combined Authority", "Bolton"}
	c := handlers.Chart{Kind: handlers.BarChart, Title: "Overlaps and gaps by the authorities and councils of the North West of England",
		XTitle: "Authority or council, by where its programmes are delivered in the region", Categories: names,
		Series: []handlers.Series{{Name: "Gaps in provision for residents' cohorts", Values: []float64{1, 2, 3, 4}}}}
	m := renderWithin(t, handlers.Reply{Text: "Gaps", Blocks: []handlers.Block{c}})
	chart := blocksOf[*slack.DataVisualizationBlock](m.Blocks.BlockSet)[0]
	if n := utf8.RuneCountInString(chart.Title); n > MaxChartTitle || !strings.HasSuffix(chart.Title, "…") {
		t.Errorf("title %q (%d chars)", chart.Title, n)
	}
	bar := chart.Chart.(*slack.DataVisualizationBarChart)
	labels := append(append([]string(nil), bar.AxisConfig.Categories...), bar.Series[0].Name, bar.AxisConfig.XLabel)
	full := append(append([]string(nil), names...), c.Series[0].Name, c.XTitle)
	limits := []int{20, 20, 20, 20, 20, 50}
	for i, l := range labels {
		if n := utf8.RuneCountInString(l); n > limits[i] {
			t.Errorf("%q: %d chars, limit %d", l, n, limits[i])
		}
		if l == full[i] {
			continue
		}
		// Every word shown is a whole word of the name: nothing cut mid-word.
		words := strings.Fields(full[i])
		for _, w := range strings.Fields(strings.ReplaceAll(l, "…", " ")) {
			found := false
			for _, fw := range words {
				found = found || fw == w
			}
			if !found {
				t.Errorf("%q shows %q, not a whole word of %q", l, w, full[i])
			}
		}
		if !strings.Contains(l, "…") {
			t.Errorf("%q is shortened with no ellipsis", l)
		}
	}
	if bar.AxisConfig.Categories[0] == bar.AxisConfig.Categories[1] {
		t.Errorf("two authorities share the label %q", bar.AxisConfig.Categories[0])
	}
	for _, n := range names {
		if !strings.Contains(contextWords(m), n) {
			t.Errorf("the facts lack the full name %q", n)
		}
	}
}

func TestRendererDrawsAThirdChartAsText(t *testing.T) {
	chart := func(title string) handlers.Chart {
		return handlers.Chart{Kind: handlers.LineChart, Title: title, Categories: []string{"Jan", "Feb"},
			Series: []handlers.Series{{Name: "Actions", Values: []float64{3, 5}}}}
	}
	m := renderWithin(t, handlers.Reply{Text: "Three charts", Blocks: []handlers.Block{chart("First"), chart("Second"), chart("Third chart")}})
	charts := blocksOf[*slack.DataVisualizationBlock](m.Blocks.BlockSet)
	if len(charts) != MaxChartsPerMessage || charts[0].Title != "First" || charts[1].Title != "Second" {
		t.Fatalf("%d charts, want First and Second", len(charts))
	}
	if s := sectionWords(m); !strings.Contains(s, "```\nThird chart\n") || !strings.Contains(s, "█") {
		t.Errorf("the third chart is not drawn as text:\n%s", s)
	}
}

func TestRendererDrawsASecondTableAsText(t *testing.T) {
	second := coverageTable()
	second.Caption = "Second table"
	second.Rows[0][0] = handlers.Line("Salford")
	m := renderWithin(t, handlers.Reply{Text: "Two tables", Blocks: []handlers.Block{coverageTable(), second}})
	if n := len(blocksOf[*slack.TableBlock](m.Blocks.BlockSet)); n != 1 {
		t.Fatalf("%d table blocks, want 1", n)
	}
	if s := sectionWords(m); !strings.Contains(s, "Salford") || !strings.Contains(s, "```") {
		t.Errorf("the second table is not drawn as text:\n%s", s)
	}
}

func TestRendererCutsATableAtARow(t *testing.T) {
	tests := []struct {
		name       string
		rows, cols int
		cell       string
		wantRows   int // data rows shown
		wantCols   int
	}{
		{"150 rows", 150, 3, "x", MaxTableRows - 1, 3},
		{"cells over 10,000 characters", 60, 2, strings.Repeat("word ", 40), 0, 2}, // wantRows worked out below
		{"25 columns", 2, 25, "1", 2, MaxTableCells},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := handlers.Table{Caption: "Big", Overflow: handlers.Line("Ask for one council at a time.")}
			for c := range tt.cols {
				tb.Columns = append(tb.Columns, handlers.Column{Title: fmt.Sprintf("Col %d", c+1)})
			}
			for r := range tt.rows {
				row := make([]handlers.Rich, tt.cols)
				for c := range row {
					row[c] = handlers.Line(fmt.Sprintf("%s%d", tt.cell, r))
				}
				tb.Rows = append(tb.Rows, row)
			}
			m := renderWithin(t, handlers.Reply{Text: "Big table", Blocks: []handlers.Block{tb}})
			table := blocksOf[*slack.TableBlock](m.Blocks.BlockSet)[0]
			shown := len(table.Rows) - 1
			if tt.wantRows > 0 && shown != tt.wantRows {
				t.Errorf("%d rows shown, want %d", shown, tt.wantRows)
			}
			if len(table.Rows[0]) != tt.wantCols {
				t.Errorf("%d columns, want %d", len(table.Rows[0]), tt.wantCols)
			}
			words := contextWords(m)
			if shown < tt.rows && (!strings.Contains(words, fmt.Sprintf("Showing the first %d of %d rows.", shown, tt.rows)) ||
				!strings.Contains(words, "Ask for one council at a time.")) {
				t.Errorf("the cut is not told:\n%s", words)
			}
			if tt.wantCols < tt.cols && !strings.Contains(words, fmt.Sprintf("Showing the first %d of %d columns.", tt.wantCols, tt.cols)) {
				t.Errorf("the columns left out are not told:\n%s", words)
			}
			// The last row shown is whole: cut at a row, not inside one.
			last := table.Rows[len(table.Rows)-1]
			if got := last[len(last)-1].(*slack.TableRawTextCell).Text; !strings.HasSuffix(got, fmt.Sprint(shown-1)) {
				t.Errorf("last cell %q, want row %d whole", got, shown-1)
			}
		})
	}
}

// Charts at the edges: no money at all, one category, many categories, a
// pie with nothing in it, values that are not numbers, nothing at all.
func TestChartEdges(t *testing.T) {
	zeros := moneyEndingChart()
	for s := range zeros.Series {
		zeros.Series[s].Values = make([]float64, 12)
	}
	one := moneyEndingChart()
	one.Categories = one.Categories[:1]
	many := handlers.Chart{Kind: handlers.BarChart, Title: "Gaps by council", Unit: handlers.Count}
	manyLine := handlers.Chart{Kind: handlers.LineChart, Title: "Actions by week"}
	vals := make([]float64, 40)
	for i := range 40 {
		many.Categories = append(many.Categories, fmt.Sprintf("Council %d", i+1))
		manyLine.Categories = append(manyLine.Categories, fmt.Sprintf("Week %d", i+1))
		vals[i] = float64(i % 3)
	}
	many.Series = []handlers.Series{{Name: "Gaps", Values: vals}}
	manyLine.Series = many.Series
	emptyPie := handlers.Chart{Kind: handlers.PieChart, Title: "Money by kind", Categories: []string{"Grant", "Match"},
		Series: []handlers.Series{{Values: []float64{0, 0}}}}
	nan := handlers.Chart{Kind: handlers.BarChart, Title: "Odd", Categories: []string{"a"}, Series: []handlers.Series{{Values: []float64{nan()}}}}

	tests := []struct {
		name     string
		chart    handlers.Chart
		drawn    bool
		cats     int
		lastCat  string
		inFacts  []string
		inText   string // in a section drawn as text, when not drawn
		notDrawn bool
	}{
		{name: "no money ending", chart: zeros, drawn: true, cats: 12, inFacts: []string{"Every value is zero.", "December 2026 £0"}},
		{name: "one month only", chart: one, drawn: true, cats: 1, lastCat: "January 2026", inFacts: []string{"January 2026 £0"}},
		{name: "every council in a bar chart", chart: many, drawn: true, cats: 20, lastCat: "Other", inFacts: []string{"Council 40 0", "adds up the last 21 categories as Other"}},
		{name: "every week along a line", chart: manyLine, drawn: true, cats: 20, lastCat: "Week 20", inFacts: []string{"Week 40 0", "shows the first 20 of 40"}},
		{name: "a pie of nothing", chart: emptyPie, inText: "Every value is zero."},
		{name: "not a number", chart: nan, inText: "?"},
		{name: "no categories", chart: handlers.Chart{Title: "Nothing"}, inText: "Nothing to show."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := renderWithin(t, handlers.Reply{Text: tt.name, Blocks: []handlers.Block{tt.chart}})
			charts := blocksOf[*slack.DataVisualizationBlock](m.Blocks.BlockSet)
			if tt.drawn != (len(charts) == 1) {
				t.Fatalf("%d charts drawn, want drawn %v", len(charts), tt.drawn)
			}
			if tt.drawn {
				cats := charts[0].Chart.(interface {
					DataVisualizationChartType() slack.DataVisualizationChartType
				})
				var got []string
				switch c := cats.(type) {
				case *slack.DataVisualizationBarChart:
					got = c.AxisConfig.Categories
				case *slack.DataVisualizationLineChart:
					got = c.AxisConfig.Categories
				}
				if len(got) != tt.cats || (tt.lastCat != "" && got[len(got)-1] != tt.lastCat) {
					t.Errorf("categories %q, want %d ending %q", got, tt.cats, tt.lastCat)
				}
			} else if s := sectionWords(m); !strings.Contains(s, "```") || !strings.Contains(s, tt.inText) {
				t.Errorf("not drawn as text with %q:\n%s", tt.inText, s)
			}
			for _, f := range tt.inFacts {
				if !strings.Contains(contextWords(m), f) {
					t.Errorf("facts lack %q:\n%s", f, contextWords(m))
				}
			}
			if first := handlers.ChartFacts(tt.chart)[0]; !strings.Contains(m.Text, first) {
				t.Errorf("top-level text lacks %q: %s", first, m.Text)
			}
		})
	}
}

func nan() float64 {
	var zero float64
	return zero / zero
}

// Every chart and table is told in words in the message's top-level text,
// for notifications, screen readers and clients that cannot draw it.
func TestTopLevelTextCarriesTheFacts(t *testing.T) {
	m := renderWithin(t, handlers.Reply{Text: "Digest for 12 January 2026", Blocks: []handlers.Block{moneyEndingChart(), coverageTable()}})
	for _, want := range []string{
		"Digest for 12 January 2026\n\nMoney ending by month: a stacked bar chart of money ending (£) by month.",
		"Central government: January 2026 £0, February 2026 £1.2m",
		"Total: January 2026 £350,000",
		"Live programmes by council and cohort, as of 12 January 2026: a table of 3 rows",
		"Bolton: Disabled people 3, Over 50s 1, Care leavers gap",
	} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("top-level text lacks %q:\n%s", want, m.Text)
		}
	}
	if !strings.HasPrefix(m.Text, "Digest for 12 January 2026") {
		t.Errorf("the notification does not start with the reply's sentence: %q", m.Text)
	}
}

func TestTableCellsAreInert(t *testing.T) {
	tb := handlers.Table{Columns: []handlers.Column{{Title: "<!channel>"}},
		Rows: [][]handlers.Rich{
			{handlers.Line("<!here> & co")},
			{handlers.R(handlers.L("nhs.uk", "https://evil.example/"))}, // a label that reads as another address
			{handlers.R(handlers.L("Bolton", "javascript:alert(1)"))},
			{handlers.R(handlers.M("U024BE7LH", "Ana"), handlers.T(" and "), handlers.M("<!here>", "Bo"))},
		}}
	m := renderWithin(t, handlers.Reply{Text: "Cells", Blocks: []handlers.Block{tb}})
	js, err := encodeJSON(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<!channel>", "<!here>", `"javascript:`} {
		if bytes.Contains(js, []byte(bad)) {
			t.Errorf("blocks hold %q: %s", bad, js)
		}
	}
	table := blocksOf[*slack.TableBlock](m.Blocks.BlockSet)[0]
	link := table.Rows[2][0].(*slack.TableRichTextCell).Elements[0].(*slack.RichTextSection).Elements[0].(*slack.RichTextSectionLinkElement)
	if link.URL != "https://evil.example/" || link.Text != "" {
		t.Errorf("a link labelled as another address kept its label: %+v", link)
	}
	if cell, ok := table.Rows[3][0].(*slack.TableRawTextCell); !ok || cell.Text != "Bolton" {
		t.Errorf("a javascript: link is not plain text: %#v", table.Rows[3][0])
	}
	mention := table.Rows[4][0].(*slack.TableRichTextCell).Elements[0].(*slack.RichTextSection).Elements
	if u, ok := mention[0].(*slack.RichTextSectionUserElement); !ok || u.UserID != "U024BE7LH" {
		t.Errorf("mention %#v", mention[0])
	}
	if txt, ok := mention[2].(*slack.RichTextSectionTextElement); !ok || txt.Text != "Bo" {
		t.Errorf("a bad mention id is not its name as text: %#v", mention[2])
	}
}
