package handlers

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Charts and tables as text: a chart becomes a compact bar chart drawn with
// block characters, one line per category and its value beside it; a table
// becomes aligned columns, folded into panels that repeat the first column
// when it is wider than a console. Both measure text by its width on screen
// (a CJK character takes two cells, a combining accent none), so columns
// line up whatever the names are written in.

const (
	plainWidth      = 80 // the widest line a table is laid out to before it is folded
	plainBarCells   = 20 // the longest bar, in cells
	plainLabelCells = 28 // the widest category label; longer ones are shortened at a word boundary
	plainSeriesCell = 16 // the widest series name beside a bar
	plainCellCells  = 32 // the widest table column; longer cells wrap
)

// eighths are the partial blocks, by eighths of a cell.
var eighths = [8]string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

// stackShades draw the series of a stacked bar, one shade each.
var stackShades = []string{"█", "▓", "▒", "░", "▚", "▞", "▤", "▥"}

// ChartText draws a chart as text, one line per category (per category and
// series when there are several series and they are not stacked).
func ChartText(c Chart) string { return strings.Join(chartLines(c), "\n") }

func chartLines(c Chart) []string {
	var lines []string
	if title := strings.TrimSpace(c.Title); title != "" {
		lines = append(lines, oneLine(title))
	}
	n := len(c.Categories)
	if n == 0 || len(c.Series) == 0 {
		return append(lines, "Nothing to show.")
	}
	if c.Kind == PieChart {
		c.Series = c.Series[:1]
	}
	if c.Stacked && len(c.Series) > len(stackShades) {
		c = c.WithOtherSeries(len(stackShades))
	}
	labels := make([]string, n)
	labelW := 0
	for i, cat := range c.Categories {
		labels[i] = shorten(cat, plainLabelCells, runeWidth)
		labelW = max(labelW, textWidth(labels[i]))
	}
	if x := oneLine(c.XTitle); x != "" && c.Kind != PieChart {
		labelW = max(labelW, min(textWidth(x), plainLabelCells))
	}
	grouped := len(c.Series) > 1 && !c.Stacked
	// Beside each bar a series name must be short; in a key it can be longer.
	names := make([]string, len(c.Series))
	nameW := 0
	for s, ser := range c.Series {
		if grouped {
			names[s] = shorten(ser.Name, plainSeriesCell, runeWidth)
		} else {
			names[s] = shorten(ser.Name, plainLabelCells, runeWidth)
		}
		nameW = max(nameW, textWidth(names[s]))
	}

	// The scale: the longest bar is the largest positive value (or stacked total).
	top := 0.0
	for i := range n {
		sum := 0.0
		for s := range c.Series {
			v := c.Value(s, i)
			if !finite(v) || v <= 0 {
				continue
			}
			if c.Stacked {
				sum += v
			} else {
				top = max(top, v)
			}
		}
		top = max(top, sum)
	}
	total := 0.0 // a pie's whole
	if c.Kind == PieChart {
		for i := range n {
			if v := c.Value(0, i); finite(v) && v > 0 {
				total += v
			}
		}
	}

	valueW := 0
	value := func(s, i int) string {
		v := c.Value(s, i)
		out := c.FormatValue(v)
		if c.Kind == PieChart && total > 0 && finite(v) && v > 0 {
			out += " (" + percent(v, total) + ")"
		}
		return out
	}
	for i := range n {
		if c.Stacked {
			valueW = max(valueW, textWidth(c.FormatValue(c.categoryTotal(i))))
			continue
		}
		for s := range c.Series {
			valueW = max(valueW, textWidth(value(s, i)))
		}
	}

	if c.Stacked && len(c.Series) > 1 {
		keys := make([]string, len(c.Series))
		for s := range c.Series {
			keys[s] = stackShades[s] + " " + names[s]
		}
		lines = append(lines, "Key: "+strings.Join(keys, "  "))
	}
	if x, y := oneLine(c.XTitle), oneLine(c.YTitle); c.Kind != PieChart && (x != "" || y != "") {
		head := padRight(shorten(x, labelW, runeWidth), labelW)
		if grouped {
			head += "  " + strings.Repeat(" ", nameW)
		}
		lines = append(lines, strings.TrimRight(head+"  "+y, " "))
	}

	negative, zero := false, true
	for i := range n {
		label := padRight(labels[i], labelW)
		switch {
		case c.Stacked:
			var bar strings.Builder
			cells := 0
			var parts []string
			for s := range c.Series {
				v := c.Value(s, i)
				if finite(v) && v != 0 {
					zero = false
					parts = append(parts, names[s]+" "+c.FormatValue(v))
				}
				if !finite(v) || v <= 0 || top == 0 {
					negative = negative || v < 0
					continue
				}
				k := max(1, int(math.Round(v/top*plainBarCells)))
				k = min(k, plainBarCells-cells)
				bar.WriteString(strings.Repeat(stackShades[s], k))
				cells += k
			}
			line := label + "  " + padRight(bar.String(), plainBarCells) + "  " + padLeft(c.FormatValue(c.categoryTotal(i)), valueW)
			if len(c.Series) > 1 && len(parts) > 0 {
				line += "  (" + strings.Join(parts, ", ") + ")"
			}
			lines = append(lines, strings.TrimRight(line, " "))
		default:
			for s := range c.Series {
				v := c.Value(s, i)
				zero = zero && (!finite(v) || v == 0)
				negative = negative || v < 0
				line := label
				if grouped {
					line += "  " + padRight(names[s], nameW)
				}
				line += "  " + padRight(barCells(v, top), plainBarCells) + "  " + padLeft(value(s, i), valueW)
				lines = append(lines, strings.TrimRight(line, " "))
				label = strings.Repeat(" ", labelW) // the category once, for its first series
			}
		}
	}
	if zero {
		lines = append(lines, "Every value is zero.")
	}
	if negative {
		lines = append(lines, "Negative values have no bar; their figures are shown.")
	}
	return lines
}

// barCells draws v against top as whole and partial blocks; any positive
// value shows at least an eighth, so it never reads as zero.
func barCells(v, top float64) string {
	if !finite(v) || v <= 0 || top <= 0 {
		return ""
	}
	n := int(math.Round(v / top * plainBarCells * 8))
	n = min(max(n, 1), plainBarCells*8)
	return strings.Repeat("█", n/8) + eighths[n%8]
}

func (c Chart) categoryTotal(i int) float64 {
	sum := 0.0
	for s := range c.Series {
		if v := c.Value(s, i); finite(v) {
			sum += v
		}
	}
	return sum
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// percent writes part of total as a whole percentage, "<1%" when it is
// positive but rounds to nothing.
func percent(part, total float64) string {
	p := math.Round(part / total * 100)
	if p == 0 && part > 0 {
		return "<1%"
	}
	return strconv.FormatFloat(p, 'f', 0, 64) + "%"
}

// FormatValue writes one of the chart's values as officers write it: money
// as Money does, counts with thousands separators and at most one decimal.
// A value that is not a number is "?".
func (c Chart) FormatValue(v float64) string {
	if !finite(v) {
		return "?"
	}
	const limit = 9e16 // pence that still fit an int64 with room
	if c.Unit == Pounds {
		return Money(int64(math.Round(math.Max(-limit, math.Min(limit, v*100)))))
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	v = math.Min(v, limit)
	tenths := int64(math.Round(v * 10))
	if tenths%10 == 0 {
		return sign + WithCommas(tenths/10)
	}
	return sign + withOneDecimal(tenths)
}

// ChartFacts says in words what a chart shows: a line naming it, then its
// values (a line per series when there are several), with full category
// names. It is what screen readers, notifications and clients that cannot
// draw the chart get instead of the picture.
func ChartFacts(c Chart) []string {
	head := oneLine(c.Title)
	what := "a " + c.Kind.String()
	if c.Stacked && c.Kind == BarChart && len(c.Series) > 1 {
		what = "a stacked bar chart"
	}
	x, y := oneLine(c.XTitle), oneLine(c.YTitle)
	switch {
	case c.Kind == PieChart:
	case y != "" && x != "":
		what += " of " + Phrase(y) + " by " + Phrase(x)
	case y != "":
		what += " of " + Phrase(y)
	case x != "":
		what += " by " + Phrase(x)
	}
	if head == "" {
		head = strings.ToUpper(what[:1]) + what[1:]
	} else {
		head += ": " + what
	}
	lines := []string{head + "."}
	if len(c.Categories) == 0 || len(c.Series) == 0 {
		return append(lines, "Nothing to show.")
	}
	series := c.Series
	if c.Kind == PieChart {
		series = series[:1]
	}
	total := 0.0
	if c.Kind == PieChart {
		for i := range c.Categories {
			if v := c.Value(0, i); finite(v) && v > 0 {
				total += v
			}
		}
	}
	zero := true
	for s, ser := range series {
		items := make([]string, len(c.Categories))
		for i, cat := range c.Categories {
			v := c.Value(s, i)
			zero = zero && (!finite(v) || v == 0)
			items[i] = oneLine(cat) + " " + c.FormatValue(v)
			if c.Kind == PieChart && total > 0 && finite(v) && v > 0 {
				items[i] += " (" + percent(v, total) + ")"
			}
		}
		line := strings.Join(items, ", ")
		if len(series) > 1 {
			line = oneLine(ser.Name) + ": " + line
		}
		lines = append(lines, line+".")
	}
	if c.Stacked && len(series) > 1 {
		items := make([]string, len(c.Categories))
		for i, cat := range c.Categories {
			items[i] = oneLine(cat) + " " + c.FormatValue(c.categoryTotal(i))
		}
		lines = append(lines, "Total: "+strings.Join(items, ", ")+".")
	}
	if zero {
		lines = append(lines, "Every value is zero.")
	}
	return lines
}

// WithOtherSeries keeps the first keep-1 series and adds up the rest into
// one series named "Other", so the chart has at most keep series. The
// chart's own slices are left alone.
func (c Chart) WithOtherSeries(keep int) Chart {
	if keep < 1 || len(c.Series) <= keep {
		return c
	}
	out := c
	out.Series = append([]Series(nil), c.Series[:keep-1]...)
	other := Series{Name: "Other", Values: make([]float64, len(c.Categories))}
	for s := keep - 1; s < len(c.Series); s++ {
		for i := range other.Values {
			other.Values[i] += c.Value(s, i)
		}
	}
	out.Series = append(out.Series, other)
	return out
}

// WithOtherCategories keeps the first keep-1 categories and adds up the rest
// into one named "Other", so the chart has at most keep categories. It suits
// a pie or bars of places; months along a line are better cut than added up.
func (c Chart) WithOtherCategories(keep int) Chart {
	if keep < 1 || len(c.Categories) <= keep {
		return c
	}
	out := c
	out.Categories = append(append([]string(nil), c.Categories[:keep-1]...), "Other")
	out.Series = make([]Series, len(c.Series))
	for s, ser := range c.Series {
		vals := make([]float64, keep)
		for i := range keep - 1 {
			vals[i] = c.Value(s, i)
		}
		for i := keep - 1; i < len(c.Categories); i++ {
			vals[keep-1] += c.Value(s, i)
		}
		out.Series[s] = Series{Name: ser.Name, Values: vals}
	}
	return out
}

// TableText lays a table out as aligned columns under its header, folding
// it into panels that each repeat the first column when it is wider than a
// console. Links become "text (address)".
func TableText(t Table) string { return tableText(t, nil) }

func tableText(t Table, notes *footnotes) string {
	var lines []string
	if caption := oneLine(t.Caption); caption != "" {
		lines = append(lines, caption)
	}
	cols := len(t.Columns)
	for _, r := range t.Rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return strings.Join(append(lines, "No rows."), "\n")
	}
	aligns := make([]Align, cols)
	head := make([][]string, cols)
	for c := range cols {
		title := ""
		if c < len(t.Columns) {
			title, aligns[c] = oneLine(t.Columns[c].Title), t.Columns[c].Align
		}
		head[c] = wrapWidth(title, plainCellCells)
	}
	cells := make([][][]string, len(t.Rows))
	for r := range t.Rows {
		cells[r] = make([][]string, cols)
		for c := range cols {
			text := oneLine(plainRich(t.Cell(r, c), notes))
			if text == "" {
				text = EmptyCell
			}
			cells[r][c] = wrapWidth(text, plainCellCells)
		}
	}
	widths := make([]int, cols)
	for c := range cols {
		for _, l := range head[c] {
			widths[c] = max(widths[c], textWidth(l))
		}
		for r := range cells {
			for _, l := range cells[r][c] {
				widths[c] = max(widths[c], textWidth(l))
			}
		}
	}
	for i, panel := range tablePanels(widths) {
		if i > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, tableRows(head, panel, widths, aligns)...)
		rule := make([]string, len(panel))
		for k, c := range panel {
			rule[k] = strings.Repeat("─", widths[c])
		}
		lines = append(lines, strings.Join(rule, "  "))
		for r := range cells {
			lines = append(lines, tableRows(cells[r], panel, widths, aligns)...)
		}
	}
	if len(t.Rows) == 0 {
		lines = append(lines, "No rows.")
	}
	return strings.Join(lines, "\n")
}

// tablePanels splits the columns into groups that fit plainWidth, each after
// the first starting again with column 0, the row's name.
func tablePanels(widths []int) [][]int {
	var panels [][]int
	cur := []int{0}
	used := widths[0]
	for c := 1; c < len(widths); c++ {
		if len(cur) > 1 && used+2+widths[c] > plainWidth {
			panels = append(panels, cur)
			cur, used = []int{0}, widths[0]
		}
		cur = append(cur, c)
		used += 2 + widths[c]
	}
	return append(panels, cur)
}

// tableRows writes one table row (of wrapped cells) as lines.
func tableRows(cells [][]string, panel []int, widths []int, aligns []Align) []string {
	height := 1
	for _, c := range panel {
		height = max(height, len(cells[c]))
	}
	out := make([]string, height)
	for h := range height {
		parts := make([]string, len(panel))
		for k, c := range panel {
			text := ""
			if h < len(cells[c]) {
				text = cells[c][h]
			}
			parts[k] = alignCell(text, widths[c], aligns[c])
		}
		out[h] = strings.TrimRight(strings.Join(parts, "  "), " ")
	}
	return out
}

func alignCell(s string, w int, a Align) string {
	switch a {
	case AlignRight:
		return padLeft(s, w)
	case AlignCenter:
		gap := max(0, w-textWidth(s))
		return strings.Repeat(" ", gap/2) + s + strings.Repeat(" ", gap-gap/2)
	}
	return padRight(s, w)
}

// TableFacts says in one line what a table holds: its caption, its size and
// its columns.
func TableFacts(t Table) string {
	cols := make([]string, 0, len(t.Columns))
	for _, c := range t.Columns {
		if title := oneLine(c.Title); title != "" {
			cols = append(cols, title)
		}
	}
	what := "a table of " + Plural(len(t.Rows), "row", "rows")
	if len(cols) > 0 {
		what += ", with the columns " + JoinNames(cols, 20)
	}
	if caption := oneLine(t.Caption); caption != "" {
		return caption + ": " + what + "."
	}
	return strings.ToUpper(what[:1]) + what[1:] + "."
}

// TableRowsInWords says each row of a table as one line that reads well
// aloud: its first cell, then every other cell after its column's title
// ("Bolton: Over 50s 3, Care leavers –").
func TableRowsInWords(t Table) []string {
	cols := len(t.Columns)
	for _, r := range t.Rows {
		cols = max(cols, len(r))
	}
	lines := make([]string, 0, len(t.Rows))
	for r := range t.Rows {
		cell := func(c int) string {
			if text := oneLine(wordsOf(t.Cell(r, c))); text != "" {
				return text
			}
			return EmptyCell
		}
		items := make([]string, 0, cols)
		for c := 1; c < cols; c++ {
			item := cell(c)
			if c < len(t.Columns) && oneLine(t.Columns[c].Title) != "" {
				item = oneLine(t.Columns[c].Title) + " " + item
			}
			items = append(items, item)
		}
		line := cell(0)
		if len(items) > 0 {
			line += ": " + strings.Join(items, ", ")
		}
		lines = append(lines, line+".")
	}
	return lines
}

// wordsOf is what a line says, without the addresses of its links.
func wordsOf(r Rich) string {
	var b strings.Builder
	for _, s := range r {
		switch {
		case s.Text == "" && s.UserID == "":
			b.WriteString(s.URL)
		case s.UserID != "" && !strings.HasPrefix(s.Text, "@"):
			b.WriteString("@" + s.Text)
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// ShortLabel shortens s to at most limit characters (code points, as Slack
// counts them) at a word boundary, ending it with "…". Only a first word
// longer than the limit on its own is cut inside the word.
func ShortLabel(s string, limit int) string { return shorten(s, limit, oneCell) }

// ShortLabels shortens each of names with ShortLabel and keeps them apart:
// names that would shorten alike keep their last words too ("Greater…
// Authority", "Greater… ICB"), or else are numbered, as is a name repeated
// exactly ("Bolton", "Bolton (2)"). Slack refuses a chart whose categories
// or series repeat.
func ShortLabels(names []string, limit int) []string {
	short := make([]string, len(names))
	group := map[string]int{}
	for i, n := range names {
		short[i] = ShortLabel(n, limit)
		group[short[i]]++
	}
	taken := map[string]bool{}
	for i := range names {
		if group[short[i]] == 1 {
			taken[short[i]] = true
		}
	}
	out := make([]string, len(names))
	seen := map[string]string{} // a full name already labelled → its label
	for i, n := range names {
		full := oneLine(n)
		switch first, repeat := seen[full]; {
		case group[short[i]] == 1:
			out[i] = short[i]
		case repeat:
			out[i] = numbered(first, limit, taken)
		default:
			if out[i] = headTail(full, limit, taken); out[i] == "" {
				if !taken[short[i]] {
					out[i] = short[i]
				} else {
					out[i] = numbered(short[i], limit, taken)
				}
			}
		}
		taken[out[i]] = true
		if _, ok := seen[full]; !ok {
			seen[full] = out[i]
		}
	}
	return out
}

// numbered is base with the first " (k)" from 2 on that makes it a label
// not yet taken, shortened to fit limit.
func numbered(base string, limit int, taken map[string]bool) string {
	for k := 2; ; k++ {
		suffix := " (" + strconv.Itoa(k) + ")"
		alt := ShortLabel(base, max(1, limit-utf8.RuneCountInString(suffix))) + suffix
		if !taken[alt] {
			return alt
		}
	}
}

// headTail shortens s to its first words, "…" and its last words, the first
// such label within limit not yet taken; "" when there is none.
func headTail(s string, limit int, taken map[string]bool) string {
	words := strings.Fields(s)
	for tail := 1; tail < len(words); tail++ {
		end := strings.Join(words[len(words)-tail:], " ")
		for head := len(words) - tail - 1; head >= 1; head-- {
			alt := strings.Join(words[:head], " ") + "… " + end
			if utf8.RuneCountInString(alt) <= limit && !taken[alt] {
				return alt
			}
		}
	}
	return ""
}

// shorten cuts s to at most limit cells (each rune's width by width) at the
// last word boundary (a space, or after "-" or "/") that leaves room for "…".
// One pass over s, however long.
func shorten(s string, limit int, width func(rune) int) string {
	s = oneLine(s)
	total := 0
	for _, r := range s {
		total += width(r)
	}
	if total <= limit {
		return s
	}
	const ell = "…"
	switch ellW := width('…'); {
	case limit < ellW:
		return ""
	case limit == ellW:
		return ell
	}
	room := limit - width('…')
	best := -1            // end of the longest head that fits and ends at a boundary
	cut := 0              // end of the longest prefix that fits, for a word too long
	used := 0             // width of s[:i]
	keptEnd, kept := 0, 0 // s[:i] without trailing spaces and punctuation, and its width
	var prev rune
	for i, r := range s {
		if i > 0 && (r == ' ' || prev == '-' || prev == '/') && keptEnd > 0 && kept <= room {
			best = keptEnd
		}
		if used <= room {
			cut = i
		}
		if kept > room {
			break // every later head is longer
		}
		used += width(r)
		if !strings.ContainsRune(" -/,;:(", r) {
			keptEnd, kept = i+utf8.RuneLen(r), used
		}
		prev = r
	}
	if best > 0 {
		return s[:best] + ell
	}
	// One word longer than the limit: cut inside it, the only way to fit.
	return strings.TrimRightFunc(s[:cut], unicode.IsSpace) + ell
}

func oneCell(rune) int { return 1 }

// oneLine joins s's words with single spaces: labels and cells are one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// wrapWidth breaks s into lines of at most w cells at spaces; a word wider
// than w is broken where it must be.
func wrapWidth(s string, w int) []string {
	if textWidth(s) <= w {
		return []string{s}
	}
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		for textWidth(word) > w {
			if cur != "" {
				lines = append(lines, cur)
				cur = ""
			}
			head, rest := splitWidth(word, w)
			lines = append(lines, head)
			word = rest
		}
		switch {
		case cur == "":
			cur = word
		case textWidth(cur)+1+textWidth(word) <= w:
			cur += " " + word
		default:
			lines = append(lines, cur)
			cur = word
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// splitWidth splits s after as many runes as fit in w cells (at least one).
func splitWidth(s string, w int) (string, string) {
	used := 0
	for i, r := range s {
		rw := runeWidth(r)
		if used+rw > w && i > 0 {
			return s[:i], s[i:]
		}
		used += rw
	}
	return s, ""
}

// textWidth is how many cells s takes in a monospaced console.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// runeWidth: two cells for East Asian wide and full-width characters (and
// most emoji), none for combining marks, format characters (zero-width
// joiners, variation selectors) and controls, one for the rest. Ambiguous
// characters, the block characters among them, take one, as they do outside
// East Asian locales.
func runeWidth(r rune) int {
	switch {
	case r >= 0x20 && r < 0x7f: // printable ASCII, most of any register
		return 1
	case r < 0x20 || (r >= 0x7f && r < 0xa0):
		return 0
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

func padRight(s string, w int) string { return s + strings.Repeat(" ", max(0, w-textWidth(s))) }
func padLeft(s string, w int) string  { return strings.Repeat(" ", max(0, w-textWidth(s))) + s }
