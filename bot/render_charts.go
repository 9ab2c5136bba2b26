package bot

import (
	"fmt"
	"math"
	"strings"

	"github.com/slack-go/slack"

	"frontdoor/handlers"
)

// Charts and tables as Block Kit. A chart becomes a data_visualization
// block followed by a context block saying the same in words; a table
// becomes a caption (a context block) and a table block. The renderer keeps
// every message within Slack's limits (limits_charts.go) rather than trust
// the core to: two charts a message (a third is drawn as text), one table
// (a second is drawn as text), labels shortened at a word boundary, series
// past the sixth added up as "Other", and a table cut at a row boundary to
// what fits, with a line saying how many rows are left out and where to see
// them. docs/decisions.md, "Charts and tables", has the rules.

const (
	// chartBlockPrefix starts a chart's block_id, followed by its number in
	// the message, the unit of its values and "_stacked" for a stacked one:
	// the text version drawn when Slack refuses the chart reads them back.
	chartBlockPrefix = "fd_chart_"
	tableBlockID     = "fd_table_1"
	// maxTableCell is Frontdoor's own bound on one cell (Slack documents only
	// the 10,000 across all cells), so one long cell cannot crowd out the rows.
	maxTableCell = 500
	// maxTextSections bounds the sections a chart or table drawn as text takes.
	maxTextSections = 4
)

// plannedChart is a reply's chart with the renderer's decision for this
// message: n is its number among the message's chart blocks, 0 to draw it as
// text (the message has its two charts already, or it cannot be drawn).
// Embedding the chart makes it a handlers.Block.
type plannedChart struct {
	handlers.Chart
	n int
}

// plannedTable is a reply's table; asText draws it as text (the message has
// its table already).
type plannedTable struct {
	handlers.Table
	asText bool
}

// plannedBlock is a block whose rendering was decided for its message.
type plannedBlock interface {
	handlers.Block
	render() []slack.Block
}

func (p plannedChart) render() []slack.Block { return renderChart(p.Chart, p.n) }

func (p plannedTable) render() []slack.Block {
	if p.asText {
		return tableAsText(p.Table)
	}
	return renderTable(p.Table)
}

// planRichBlocks decides, for one message, which charts and tables are drawn
// as blocks and which as text: the first two charts Slack can draw, the first
// table. Other blocks are returned as they are.
func planRichBlocks(blocks []handlers.Block) []handlers.Block {
	var out []handlers.Block
	charts, tables := 0, 0
	for i, b := range blocks {
		var p handlers.Block
		switch b := derefRich(b).(type) {
		case handlers.Chart:
			n := 0
			if charts < MaxChartsPerMessage && chartDrawable(b) {
				charts++
				n = charts
			}
			p = plannedChart{Chart: b, n: n}
		case handlers.Table:
			p = plannedTable{Table: b, asText: tables >= MaxTablesPerMessage}
			if len(b.Columns) > 0 || len(b.Rows) > 0 {
				tables++
			}
		default:
			if out != nil {
				out = append(out, b)
			}
			continue
		}
		if out == nil {
			out = append(make([]handlers.Block, 0, len(blocks)), blocks[:i]...)
		}
		out = append(out, p)
	}
	if out == nil {
		return blocks
	}
	return out
}

// derefRich accepts charts and tables by value or by pointer.
func derefRich(b handlers.Block) handlers.Block {
	switch b := b.(type) {
	case *handlers.Chart:
		if b != nil {
			return *b
		}
		return nil
	case *handlers.Table:
		if b != nil {
			return *b
		}
		return nil
	}
	return b
}

// chartDrawable reports whether Slack can draw c: it has categories and
// series, every value is a number, and a pie has a slice above zero.
func chartDrawable(c handlers.Chart) bool {
	if len(c.Categories) == 0 || len(c.Series) == 0 {
		return false
	}
	series := len(c.Series)
	if c.Kind == handlers.PieChart {
		series = 1
	}
	positive := false
	for s := range series {
		for i := range c.Categories {
			v := c.Value(s, i)
			if math.IsNaN(v) || math.IsInf(v, 0) { // JSON cannot carry it
				return false
			}
			positive = positive || v > 0
		}
	}
	return c.Kind != handlers.PieChart || positive
}

// renderChart renders a chart as its block and the facts in words, or as
// text when n is 0 or Slack cannot draw it.
func renderChart(c handlers.Chart, n int) []slack.Block {
	if n == 0 || !chartDrawable(c) {
		return chartAsText(c)
	}
	block, notes := chartBlock(c, n)
	return append([]slack.Block{block}, chartFacts(c, notes)...)
}

// chartAsText draws a chart as text in the message, with its facts.
func chartAsText(c handlers.Chart) []slack.Block {
	return append(textSections(handlers.ChartText(c), maxTextSections), chartFacts(c, nil)...)
}

// chartFacts is the context block saying in words what the chart shows,
// with full names, and what the drawing leaves out (notes).
func chartFacts(c handlers.Chart, notes []string) []slack.Block {
	var items []handlers.Rich
	for _, l := range append(handlers.ChartFacts(c), notes...) {
		items = append(items, handlers.Line(l))
	}
	return renderContext(handlers.Context{Items: items})
}

// inert makes s one line that can never act as a mention, as plain_text
// labels are (plainLabel), without shortening it.
func inert(s string) string { return plainLabel(s, MaxMessageText) }

// chartLabel is a title or axis title of at most limit characters, shortened
// at a word boundary.
func chartLabel(s string, limit int) string { return handlers.ShortLabel(inert(s), limit) }

// chartBlock builds the data_visualization block of a drawable chart and says
// what it had to leave out or add up to keep within Slack's limits.
func chartBlock(c handlers.Chart, n int) (*slack.DataVisualizationBlock, []string) {
	title := chartLabel(c.Title, MaxChartTitle)
	if title == "" {
		title = chartLabel(upperFirst(c.Kind.String()), MaxChartTitle)
	}
	unit := "count"
	if c.Unit == handlers.Pounds {
		unit = "gbp"
	}
	if c.Stacked && c.Kind == handlers.BarChart {
		unit += "_stacked"
	}
	id := slack.DataVisualizationBlockOptionBlockID(fmt.Sprintf("%s%d_%s", chartBlockPrefix, n, unit))
	var notes []string

	if c.Kind == handlers.PieChart {
		pie := handlers.Chart{Kind: handlers.PieChart}
		var values []float64
		for i, cat := range c.Categories {
			if v := c.Value(0, i); v > 0 {
				pie.Categories = append(pie.Categories, cat)
				values = append(values, v)
			}
		}
		pie.Series = []handlers.Series{{Values: values}}
		if len(pie.Categories) < len(c.Categories) {
			notes = append(notes, "The pie leaves out slices of zero or less.")
		}
		if len(pie.Categories) > MaxPieSegments {
			notes = append(notes, fmt.Sprintf("The pie adds up the last %d slices as Other.", len(pie.Categories)-MaxPieSegments+1))
			pie = pie.WithOtherCategories(MaxPieSegments)
		}
		labels := handlers.ShortLabels(inertAll(pie.Categories), MaxChartLabel)
		segments := make([]slack.DataVisualizationSegment, len(labels))
		for i, l := range labels {
			segments[i] = slack.NewDataVisualizationSegment(l, pie.Value(0, i))
		}
		return slack.NewDataVisualizationBlock(title, slack.NewDataVisualizationPieChart(segments...), id), notes
	}

	if k := len(c.Categories); k > MaxChartPoints {
		if c.Kind == handlers.BarChart {
			notes = append(notes, fmt.Sprintf("The chart adds up the last %d categories as Other.", k-MaxChartPoints+1))
			c = c.WithOtherCategories(MaxChartPoints)
		} else {
			// Along a line, an added-up point would read as one more step.
			notes = append(notes, fmt.Sprintf("The chart shows the first %d of %d.", MaxChartPoints, k))
			c.Categories = c.Categories[:MaxChartPoints]
		}
	}
	if k := len(c.Series); k > MaxChartSeries {
		notes = append(notes, fmt.Sprintf("The chart adds up the last %d series as Other.", k-MaxChartSeries+1))
		c = c.WithOtherSeries(MaxChartSeries)
	}
	if c.Stacked && len(c.Series) > 1 {
		notes = append(notes, "Slack draws the series side by side, not stacked.")
	}
	cats := handlers.ShortLabels(inertAll(c.Categories), MaxChartLabel)
	names := make([]string, len(c.Series))
	for s, ser := range c.Series {
		names[s] = ser.Name
		if strings.TrimSpace(names[s]) == "" {
			names[s] = seriesName(c, s)
		}
	}
	names = handlers.ShortLabels(inertAll(names), MaxChartLabel)
	series := make([]slack.DataVisualizationDataSeries, len(c.Series))
	for s := range c.Series {
		points := make([]slack.DataVisualizationDataPoint, len(cats))
		for i, cat := range cats {
			points[i] = slack.NewDataVisualizationDataPoint(cat, c.Value(s, i))
		}
		series[s] = slack.NewDataVisualizationDataSeries(names[s], points...)
	}
	axis := slack.NewDataVisualizationAxisConfig(cats...).
		WithXLabel(chartLabel(c.XTitle, MaxChartAxisTitle)).
		WithYLabel(chartLabel(c.YTitle, MaxChartAxisTitle))
	var chart slack.DataVisualizationChart
	switch c.Kind {
	case handlers.LineChart:
		chart = slack.NewDataVisualizationLineChart(axis, series...)
	case handlers.AreaChart:
		chart = slack.NewDataVisualizationAreaChart(axis, series...)
	default:
		chart = slack.NewDataVisualizationBarChart(axis, series...)
	}
	return slack.NewDataVisualizationBlock(title, chart, id), notes
}

// seriesName names a series given none: the axis it measures when it is the
// only one, else its number.
func seriesName(c handlers.Chart, s int) string {
	if len(c.Series) == 1 {
		if y := strings.TrimSpace(c.YTitle); y != "" {
			return y
		}
		return "Values"
	}
	return fmt.Sprintf("Series %d", s+1)
}

// inertSpan is inert for a run of text inside a cell: its spaces are kept,
// as they part it from its neighbours.
func inertSpan(s string) string {
	s = strings.NewReplacer("\n", " ", "\r", " ", "\t", " ").Replace(s)
	return strings.ReplaceAll(s, "<", "<\u200b")
}

func firstNonBlank(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func inertAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = inert(n)
	}
	return out
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// renderTable renders a table as its caption and a table block holding the
// header row and as many rows as fit Slack's limits, cut at a row boundary.
func renderTable(t handlers.Table) []slack.Block {
	cols := len(t.Columns)
	for _, r := range t.Rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return tableAsText(t)
	}
	shownCols := min(cols, MaxTableCells)
	header := make([]slack.TableCell, shownCols)
	used := 0
	for c := range shownCols {
		title := ""
		if c < len(t.Columns) {
			title = t.Columns[c].Title
		}
		cell, n := tableCell(handlers.Line(title))
		header[c] = cell
		used += n
	}
	rows := [][]slack.TableCell{header}
	for r := range t.Rows {
		if len(rows) == MaxTableRows {
			break
		}
		row := make([]slack.TableCell, shownCols)
		n := 0
		for c := range shownCols {
			cell, k := tableCell(t.Cell(r, c))
			row[c] = cell
			n += k
		}
		if used+n > MaxTableChars {
			break
		}
		rows = append(rows, row)
		used += n
	}
	block := slack.NewTableBlock(tableBlockID)
	block.Rows = rows
	var settings []slack.ColumnSetting
	custom := false
	for c := range shownCols {
		s := slack.ColumnSetting{Align: slack.ColumnAlignmentLeft}
		if c < len(t.Columns) {
			s.Align, s.IsWrapped = slackAlign[t.Columns[c].Align], t.Columns[c].Wrap
		}
		custom = custom || s.Align != slack.ColumnAlignmentLeft || s.IsWrapped
		settings = append(settings, s)
	}
	if custom {
		block.ColumnSettings = settings
	}

	// The caption goes first: Slack shows a table at the bottom of its
	// message whatever its place among the blocks.
	items := []handlers.Rich{handlers.Line(handlers.TableFacts(t))}
	if shown := len(rows) - 1; shown < len(t.Rows) {
		items = append(items, handlers.Line(fmt.Sprintf("Showing the first %d of %d rows.", shown, len(t.Rows))))
	}
	if shownCols < cols {
		items = append(items, handlers.Line(fmt.Sprintf("Showing the first %d of %d columns.", shownCols, cols)))
	}
	if len(rows)-1 < len(t.Rows) || shownCols < cols {
		if len(t.Overflow) > 0 {
			items = append(items, t.Overflow)
		}
	}
	return append(renderContext(handlers.Context{Items: items}), block)
}

// slackAlign is a column's alignment in Block Kit.
var slackAlign = map[handlers.Align]slack.ColumnAlignment{
	handlers.AlignLeft:   slack.ColumnAlignmentLeft,
	handlers.AlignRight:  slack.ColumnAlignmentRight,
	handlers.AlignCenter: slack.ColumnAlignmentCenter,
}

// tableAsText draws a table as text in the message, under its caption.
func tableAsText(t handlers.Table) []slack.Block {
	caption := renderContext(handlers.Context{Items: []handlers.Rich{handlers.Line(handlers.TableFacts(t))}})
	return append(caption, textSections(handlers.TableText(t), maxTextSections)...)
}

// tableCell is a cell for a table block, and the characters it counts for:
// raw_text for plain words, rich_text where the cell has styles, links or
// mentions. An empty cell shows handlers.EmptyCell (Slack refuses an empty
// text); a cell over maxTableCell is shortened at a word boundary, as plain
// words.
func tableCell(r handlers.Rich) (slack.TableCell, int) {
	text := strings.TrimSpace(strings.Join(strings.Fields(plainRich(r)), " "))
	switch {
	case text == "":
		return slack.NewTableRawTextCell(handlers.EmptyCell), textLen(handlers.EmptyCell)
	case textLen(text) > maxTableCell:
		text = handlers.ShortLabel(inert(text), maxTableCell)
		return slack.NewTableRawTextCell(text), textLen(text)
	}
	plain := true
	for _, s := range r {
		link := s.UserID == "" && s.URL != "" && linkable(s.URL)
		mention := s.UserID != "" && mentionID.MatchString(s.UserID)
		plain = plain && !s.Bold && !s.Italic && !s.Code && !link && !mention
	}
	if plain {
		text = inert(text)
		return slack.NewTableRawTextCell(text), textLen(text)
	}
	var els []slack.RichTextSectionElement
	n := 0
	for _, s := range r {
		var style *slack.RichTextSectionTextStyle
		if s.Bold || s.Italic || s.Code {
			style = &slack.RichTextSectionTextStyle{Bold: s.Bold, Italic: s.Italic, Code: s.Code}
		}
		switch {
		case s.UserID != "" && mentionID.MatchString(s.UserID):
			els = append(els, slack.NewRichTextSectionUserElement(s.UserID, style))
			n += textLen(s.UserID) + 1
		case s.UserID == "" && s.URL != "" && linkable(s.URL):
			// As in mrkdwn (renderSpan): a label that reads as another address is dropped.
			label := inert(s.Text) // a link's label is one line
			if !handlers.HonestLinkLabel(label, s.URL) {
				label = ""
			}
			els = append(els, slack.NewRichTextSectionLinkElement(s.URL, label, style))
			n += textLen(firstNonBlank(label, s.URL))
		default:
			if text := inertSpan(displayText(s)); text != "" {
				els = append(els, slack.NewRichTextSectionTextElement(text, style))
				n += textLen(text)
			}
		}
	}
	return slack.NewTableRichTextCell(slack.NewRichTextSection(els...)), n
}

// textSections draws text (a chart or table as text) as preformatted
// sections within Slack's 3,000 characters each, at most max of them; text
// past the last is cut with a line saying so.
func textSections(text string, max int) []slack.Block {
	const (
		fence  = "```"
		cutTag = "… (cut to fit the message)"
	)
	budget := MaxSectionText - 2*len(fence) - 2 - textLen(cutTag) - 1
	var chunks [][]string
	var cur []string
	size := 0
	for _, line := range strings.Split(text, "\n") {
		// A backtick in a name would end the preformatted text early.
		l := escapeMrkdwn(strings.ReplaceAll(line, "`", "'"))
		if textLen(l) > budget {
			l = string([]rune(l)[:budget])
		}
		if len(cur) > 0 && size+1+textLen(l) > budget {
			chunks = append(chunks, cur)
			cur, size = nil, 0
		}
		cur = append(cur, l)
		size += textLen(l) + 1
	}
	if len(cur) > 0 {
		chunks = append(chunks, cur)
	}
	if len(chunks) > max {
		chunks = chunks[:max]
		last := chunks[max-1]
		chunks[max-1] = append(last[:len(last):len(last)], cutTag)
	}
	out := make([]slack.Block, len(chunks))
	for i, c := range chunks {
		out[i] = slack.NewSectionBlock(mrkdwnText(fence+"\n"+strings.Join(c, "\n")+"\n"+fence), nil, nil)
	}
	return out
}

// topLevelText is a message's top-level text: the reply's own (PlainFallback),
// then what each chart and table shows in words, so notifications, screen
// readers and clients that cannot draw the blocks have the same facts.
func topLevelText(r handlers.Reply) string {
	var parts []string
	for _, b := range r.Blocks {
		switch b := derefRich(b).(type) {
		case handlers.Chart:
			parts = append(parts, strings.Join(handlers.ChartFacts(b), "\n"))
		case handlers.Table:
			parts = append(parts, strings.Join(append([]string{handlers.TableFacts(b)}, handlers.TableRowsInWords(b)...), "\n"))
		}
	}
	if len(parts) == 0 {
		return PlainFallback(r)
	}
	head := strings.TrimSpace(r.Text)
	if head == "" {
		head = firstPlain(r.Blocks)
	}
	if head != "" {
		parts = append([]string{head}, parts...)
	}
	return PlainFallback(handlers.Reply{Text: strings.Join(parts, "\n\n")})
}

// hasRichBlocks reports whether blocks hold a chart or a table.
func hasRichBlocks(blocks []slack.Block) bool {
	for _, b := range blocks {
		switch richBlock(b).(type) {
		case *slack.DataVisualizationBlock, *slack.TableBlock, *slack.DataTableBlock:
			return true
		}
	}
	return false
}
