package bot

import (
	"fmt"
	"math"

	"github.com/slack-go/slack"
)

// Slack's limits on charts (data_visualization) and tables (table,
// data_table), from Slack's reference pages and slack-go v0.36.0's types;
// docs/slack-platform.md, "Charts and tables", says which figure comes from
// where. A block over any of them is refused with invalid_blocks (two tables
// with invalid_attachments), so the renderer keeps under every one and
// checkRichBlocks proves it.
const (
	MaxChartsPerMessage = 2  // data_visualization blocks in a message
	MaxChartTitle       = 50 // a chart's title
	MaxChartAxisTitle   = 50 // x_label, y_label
	MaxChartLabel       = 20 // a category, data point label, pie segment label or series name
	MaxChartSeries      = 6  // series in a bar, line or area chart
	MaxPieSegments      = 6  // segments in a pie
	MaxChartPoints      = 20 // points in a series, one per category

	MaxTablesPerMessage = 1      // table blocks in a message
	MaxTableRows        = 100    // rows in a table block, the header row among them
	MaxTableCells       = 20     // cells in one row
	MaxColumnSettings   = 20     // column_settings entries
	MaxTableChars       = 10_000 // characters across the cells of a table, and of all tables in a message

	MinDataTableRows     = 2   // a data_table's header and one row
	MaxDataTableRows     = 101 // the header and 100 rows
	MaxDataTableColumns  = 20
	MaxDataTablePageSize = 100
)

// checkRichBlocks checks the chart and table blocks of a message or view:
// each block in full, then the counts Slack allows in one message.
func checkRichBlocks(blocks []slack.Block) []string {
	var problems []string
	charts, tables, dataTables, chars := 0, 0, 0, 0
	for i, b := range blocks {
		where := ""
		if b != nil {
			where = fmt.Sprintf("block %d (%s)", i, b.BlockType())
		}
		switch b := richBlock(b).(type) {
		case *slack.DataVisualizationBlock:
			charts++
			problems = append(problems, checkChart(where, b)...)
		case *slack.TableBlock:
			tables++
			p, n := checkTable(where, b)
			problems, chars = append(problems, p...), chars+n
		case *slack.DataTableBlock:
			dataTables++
			p, n := checkDataTable(where, b)
			problems, chars = append(problems, p...), chars+n
		}
	}
	if charts > MaxChartsPerMessage {
		problems = append(problems, fmt.Sprintf("charts: %d data_visualization blocks, limit %d", charts, MaxChartsPerMessage))
	}
	if tables > MaxTablesPerMessage {
		problems = append(problems, fmt.Sprintf("tables: %d table blocks, limit %d (Slack: only_one_table_allowed)", tables, MaxTablesPerMessage))
	}
	if chars > MaxTableChars && tables+dataTables > 1 {
		problems = append(problems, fmt.Sprintf("tables: %d chars in the cells of all tables, limit %d", chars, MaxTableChars))
	}
	return problems
}

// richBlock returns a chart or table block as a pointer, whichever way it
// was given, and any other block as it is.
func richBlock(b slack.Block) slack.Block {
	switch b := b.(type) {
	case slack.DataVisualizationBlock:
		return &b
	case slack.TableBlock:
		return &b
	case slack.DataTableBlock:
		return &b
	}
	return b
}

// checkChartText checks a required label: present and within limit.
func checkChartText(where, what, s string, limit int) []string {
	switch n := textLen(s); {
	case n == 0:
		return []string{fmt.Sprintf("%s: %s empty", where, what)}
	case n > limit:
		return []string{fmt.Sprintf("%s: %s %d chars, limit %d", where, what, n, limit)}
	}
	return nil
}

func checkChart(where string, b *slack.DataVisualizationBlock) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	problems = append(problems, checkChartText(where, "title", b.Title, MaxChartTitle)...)
	var series []slack.DataVisualizationDataSeries
	var axis slack.DataVisualizationAxisConfig
	switch c := b.Chart.(type) {
	case nil:
		add("%s: no chart", where)
		return problems
	case *slack.DataVisualizationPieChart:
		if c.Type != slack.DataVisualizationChartPie {
			add("%s: pie chart of type %q", where, c.Type)
		}
		if n := len(c.Segments); n < 1 || n > MaxPieSegments {
			add("%s: %d pie segments, must be 1 to %d", where, n, MaxPieSegments)
		}
		for j, s := range c.Segments {
			at := fmt.Sprintf("%s segment %d", where, j)
			problems = append(problems, checkChartText(at, "label", s.Label, MaxChartLabel)...)
			if !(s.Value > 0) || math.IsInf(s.Value, 0) {
				add("%s: value %v, must be a number above 0", at, s.Value)
			}
		}
		return problems
	case *slack.DataVisualizationBarChart:
		series, axis = c.Series, c.AxisConfig
		if c.Type != slack.DataVisualizationChartBar {
			add("%s: bar chart of type %q", where, c.Type)
		}
	case *slack.DataVisualizationLineChart:
		series, axis = c.Series, c.AxisConfig
		if c.Type != slack.DataVisualizationChartLine {
			add("%s: line chart of type %q", where, c.Type)
		}
	case *slack.DataVisualizationAreaChart:
		series, axis = c.Series, c.AxisConfig
		if c.Type != slack.DataVisualizationChartArea {
			add("%s: area chart of type %q", where, c.Type)
		}
	default:
		add("%s: chart of type %q (neither pie, bar, line nor area)", where, b.Chart.DataVisualizationChartType())
		return problems
	}
	if n := len(series); n < 1 || n > MaxChartSeries {
		add("%s: %d series, must be 1 to %d", where, n, MaxChartSeries)
	}
	if n := len(axis.Categories); n < 1 || n > MaxChartPoints {
		add("%s: %d categories, must be 1 to %d (one point each in every series)", where, n, MaxChartPoints)
	}
	if n := textLen(axis.XLabel); n > MaxChartAxisTitle {
		add("%s: x_label %d chars, limit %d", where, n, MaxChartAxisTitle)
	}
	if n := textLen(axis.YLabel); n > MaxChartAxisTitle {
		add("%s: y_label %d chars, limit %d", where, n, MaxChartAxisTitle)
	}
	cats := map[string]bool{}
	for j, c := range axis.Categories {
		problems = append(problems, checkChartText(fmt.Sprintf("%s category %d", where, j), "label", c, MaxChartLabel)...)
		if cats[c] {
			add("%s: category %q repeated", where, c)
		}
		cats[c] = true
	}
	names := map[string]bool{}
	for j, s := range series {
		at := fmt.Sprintf("%s series %d", where, j)
		problems = append(problems, checkChartText(at, "name", s.Name, MaxChartLabel)...)
		if names[s.Name] {
			add("%s: name %q repeated (series names must be unique)", at, s.Name)
		}
		names[s.Name] = true
		if len(s.Data) != len(axis.Categories) {
			add("%s: %d points for %d categories (one point for every category)", at, len(s.Data), len(axis.Categories))
		}
		seen := map[string]bool{}
		for k, p := range s.Data {
			if !cats[p.Label] {
				add("%s point %d: label %q is not a category", at, k, p.Label)
			}
			if seen[p.Label] {
				add("%s point %d: label %q repeated", at, k, p.Label)
			}
			seen[p.Label] = true
			if math.IsNaN(p.Value) || math.IsInf(p.Value, 0) {
				add("%s point %d: value %v is not a number", at, k, p.Value)
			}
		}
	}
	if len(problems) == 0 {
		// slack-go knows Slack's rules too: a rule it has that these checks
		// lack still shows up here.
		if err := b.Validate(); err != nil {
			add("%s: slack-go: %v", where, err)
		}
	}
	return problems
}

// checkTable checks a table block and returns the characters of its cells.
func checkTable(where string, b *slack.TableBlock) ([]string, int) {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if len(b.Rows) == 0 {
		add("%s: no rows", where)
	}
	if n := len(b.Rows); n > MaxTableRows {
		add("%s: %d rows, limit %d (the header row among them)", where, n, MaxTableRows)
	}
	if n := len(b.ColumnSettings); n > MaxColumnSettings {
		add("%s: %d column settings, limit %d", where, n, MaxColumnSettings)
	}
	for j, cs := range b.ColumnSettings {
		switch cs.Align {
		case "", slack.ColumnAlignmentLeft, slack.ColumnAlignmentCenter, slack.ColumnAlignmentRight:
		default:
			add("%s column %d: align %q is neither left, center nor right", where, j, cs.Align)
		}
	}
	for r, row := range b.Rows {
		if len(row) == 0 {
			add("%s row %d: no cells", where, r)
		}
		if n := len(row); n > MaxTableCells {
			add("%s row %d: %d cells, limit %d", where, r, n, MaxTableCells)
		}
	}
	cells, chars := checkCells(where, b.Rows, func(_ int, cell slack.TableCell) (int, string) { return tableCellText(cell) })
	return append(problems, cells...), chars
}

// checkCells checks each cell of rows with check (which measures a cell, or
// says what is wrong with it), then their characters together.
func checkCells[C any](where string, rows [][]C, check func(row int, cell C) (int, string)) ([]string, int) {
	var problems []string
	chars := 0
	for r, row := range rows {
		for c, cell := range row {
			n, problem := check(r, cell)
			if problem != "" {
				problems = append(problems, fmt.Sprintf("%s row %d cell %d: %s", where, r, c, problem))
			}
			chars += n
		}
	}
	if chars > MaxTableChars {
		problems = append(problems, fmt.Sprintf("%s: %d chars in its cells, limit %d", where, chars, MaxTableChars))
	}
	return problems, chars
}

// tableCellText measures a table cell's text, or says what is wrong with it.
func tableCellText(cell slack.TableCell) (int, string) {
	switch c := cell.(type) {
	case nil:
		return 0, "no cell (Slack's empty cells are not for sending)"
	case *slack.TableRawTextCell:
		if c.Text == "" {
			return 0, "empty text"
		}
		return textLen(c.Text), ""
	case *slack.TableRawNumberCell:
		if math.IsNaN(c.Value) || math.IsInf(c.Value, 0) {
			return 0, fmt.Sprintf("value %v is not a number", c.Value)
		}
		return textLen(c.Text), ""
	case *slack.TableRichTextCell:
		n := richTextLen(c.Elements)
		if n == 0 {
			return 0, "empty rich text"
		}
		return n, ""
	}
	return 0, fmt.Sprintf("cell of type %q", cell.TableCellType())
}

// richTextLen counts the characters a reader sees in rich text elements.
func richTextLen(els []slack.RichTextElement) int { return textLen(richWords(els)) }

// checkDataTable checks a data_table block and returns the characters of its cells.
func checkDataTable(where string, b *slack.DataTableBlock) ([]string, int) {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if b.Caption == "" {
		add("%s: no caption", where)
	}
	if n := len(b.Rows); n < MinDataTableRows || n > MaxDataTableRows {
		add("%s: %d rows, must be %d to %d (the header row among them)", where, n, MinDataTableRows, MaxDataTableRows)
	}
	if b.PageSize != 0 && (b.PageSize < 1 || b.PageSize > MaxDataTablePageSize) {
		add("%s: page_size %d, must be 1 to %d", where, b.PageSize, MaxDataTablePageSize)
	}
	cols := 0
	if len(b.Rows) > 0 {
		cols = len(b.Rows[0])
	}
	if cols < 1 || cols > MaxDataTableColumns {
		add("%s: %d columns, must be 1 to %d", where, cols, MaxDataTableColumns)
	}
	if b.RowHeaderColumnIndex < 0 || (cols > 0 && b.RowHeaderColumnIndex >= cols) {
		add("%s: row_header_column_index %d, the table has %d columns", where, b.RowHeaderColumnIndex, cols)
	}
	for r, row := range b.Rows {
		if len(row) != cols {
			add("%s row %d: %d cells, the header has %d (all rows must have the same number)", where, r, len(row), cols)
		}
	}
	cells, chars := checkCells(where, b.Rows, dataTableCellText)
	return append(problems, cells...), chars
}

// dataTableCellText measures a data_table cell's text, or says what is wrong
// with it; row 0 is the header.
func dataTableCellText(row int, cell slack.DataTableCell) (int, string) {
	var n int
	switch c := cell.(type) {
	case *slack.DataTableRawTextCell:
		if n = textLen(c.Text); n == 0 {
			return 0, "empty text"
		}
		return n, ""
	case *slack.DataTableRawNumberCell:
		if math.IsNaN(c.Value) || math.IsInf(c.Value, 0) {
			return 0, fmt.Sprintf("value %v is not a number", c.Value)
		}
		n = textLen(c.Text)
	case *slack.DataTableRichTextCell:
		if n = richTextLen(c.Elements); n == 0 {
			return 0, "empty rich text"
		}
	case nil:
		return 0, "no cell"
	default:
		return 0, fmt.Sprintf("cell of type %q", cell.DataTableCellType())
	}
	if row == 0 {
		return n, "header cells must be raw_text"
	}
	return n, ""
}
