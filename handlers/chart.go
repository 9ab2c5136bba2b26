package handlers

// Charts and tables in the reply model. They are the core's own: a chart is
// a few named numbers and a table is rows of cells, with no idea of Slack.
// bot draws them with Block Kit's data_visualization and table blocks, within
// Slack's limits (docs/slack-platform.md, "Charts and tables"); RenderPlain
// draws them as text, and ChartFacts says what a chart shows in words, for
// screen readers and for clients that cannot draw it.

// ChartKind is the shape of a chart.
type ChartKind int

const (
	// BarChart compares categories (councils, months) side by side.
	BarChart ChartKind = iota
	// LineChart follows values along ordered categories, such as months.
	LineChart
	// AreaChart is a line chart with the area beneath filled.
	AreaChart
	// PieChart shows the parts of one whole: its first series only.
	PieChart
)

// String names the kind in words, as a reader would say it.
func (k ChartKind) String() string {
	switch k {
	case LineChart:
		return "line chart"
	case AreaChart:
		return "area chart"
	case PieChart:
		return "pie chart"
	}
	return "bar chart"
}

// ValueUnit says what a chart's numbers count, so that every renderer writes
// them as officers do ("£1.2m", "1,250").
type ValueUnit int

const (
	// Count values are numbers of things: programmes, gaps, actions.
	Count ValueUnit = iota
	// Pounds values are sums of money in pounds (not pence).
	Pounds
)

// Chart is a small picture of numbers: one value per category in each series.
type Chart struct {
	Kind  ChartKind
	Title string
	// XTitle and YTitle name the axes ("Month", "Money ending"); a pie has none.
	XTitle, YTitle string
	// Categories label the x axis in order (a pie's slices). Give them full
	// names: a renderer that must shorten them does so at a word boundary.
	Categories []string
	Series     []Series
	// Stacked stacks the series of a bar chart into one bar per category.
	// Slack's bar chart has no stacked mode and groups the bars instead; the
	// text picture stacks them.
	Stacked bool
	Unit    ValueUnit
}

// Series is one named run of values, one for each of the chart's categories
// (a missing value counts as zero).
type Series struct {
	Name   string
	Values []float64
}

// Value returns series s's value for category i, zero when it has none.
func (c Chart) Value(s, i int) float64 {
	if s < 0 || s >= len(c.Series) || i < 0 || i >= len(c.Series[s].Values) {
		return 0
	}
	return c.Series[s].Values[i]
}

// Align is how a table column lines up its cells.
type Align int

const (
	AlignLeft Align = iota
	AlignRight
	AlignCenter
)

// Column is one column of a table: its title in the header row, and how its
// cells line up. Wrap lets long cells run onto several lines.
type Column struct {
	Title string
	Align Align
	Wrap  bool
}

// Table is a grid of cells under one header row. A message holds at most one
// table in Slack; a renderer shows as many rows as fit and says how many it
// left out, with Overflow (a hint such as a narrower command) after it.
type Table struct {
	// Caption says what the table shows, in one line.
	Caption string
	Columns []Column
	// Rows hold one cell per column; a missing cell is empty.
	Rows [][]Rich
	// Overflow is shown when not every row fits: where to see the rest.
	Overflow Rich
}

// Cell returns the cell of row r in column c, nil when there is none.
func (t Table) Cell(r, c int) Rich {
	if r < 0 || r >= len(t.Rows) || c < 0 || c >= len(t.Rows[r]) {
		return nil
	}
	return t.Rows[r][c]
}

// EmptyCell is what every renderer shows for an empty cell: Slack refuses an
// empty text cell, and a blank would read as a cell left out.
const EmptyCell = "–"

func (Chart) block() {}
func (Table) block() {}
