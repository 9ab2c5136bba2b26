package bot

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"frontdoor/handlers"
)

// fuzzCharts builds a reply of charts and tables from fuzz input: names
// (split at \x1f) label everything, values give the numbers, and shape picks
// the kind, how many charts, series, categories, tables and rows.
func fuzzCharts(names string, values []byte, shape uint32) handlers.Reply {
	words := strings.Split(names, "\x1f")
	for i, w := range words {
		// Long enough to pass every label and cell bound, short enough to fuzz fast.
		if r := []rune(w); len(r) > 520 {
			words[i] = string(r[:520])
		}
	}
	word := func(i int) string { return words[i%len(words)] }
	value := func(i int) float64 {
		if len(values) == 0 {
			return 0
		}
		b := values[i%len(values)]
		switch b {
		case 255:
			return math.NaN()
		case 254:
			return math.Inf(1)
		}
		return (float64(b) - 100) * math.Pow(10, float64(b%7))
	}
	kind := handlers.ChartKind(shape & 3)
	charts := 1 + int(shape>>2&3)
	series := int(shape >> 4 & 15)
	cats := int(shape >> 8 & 63)
	tables := int(shape >> 14 & 3)
	rows := int(shape >> 16 & 127) // 127 passes the 100 a table may hold
	cols := 1 + int(shape>>24&31)

	r := handlers.Reply{Text: word(0), Visibility: handlers.Channel}
	n := 0
	for range charts {
		c := handlers.Chart{Kind: kind, Title: word(n), XTitle: word(n + 1), YTitle: word(n + 2), Stacked: shape&(1<<30) != 0}
		if shape&(1<<31) != 0 {
			c.Unit = handlers.Pounds
		}
		for i := range cats {
			c.Categories = append(c.Categories, word(n+3+i))
		}
		for s := range series {
			ser := handlers.Series{Name: word(n + s)}
			for i := range cats {
				ser.Values = append(ser.Values, value(n+s*cats+i))
			}
			c.Series = append(c.Series, ser)
		}
		r.Blocks = append(r.Blocks, c)
		n += 7
	}
	for range tables {
		t := handlers.Table{Caption: word(n), Overflow: handlers.Line(word(n + 1))}
		for c := range cols {
			t.Columns = append(t.Columns, handlers.Column{Title: word(n + c), Align: handlers.Align(c % 3), Wrap: c%2 == 0})
		}
		for i := range rows {
			row := make([]handlers.Rich, cols)
			for c := range row {
				w := word(n + i + c)
				switch (i + c) % 4 {
				case 1:
					row[c] = handlers.R(handlers.B(w))
				case 2:
					row[c] = handlers.R(handlers.L(w, "https://example.gov.uk/"+w))
				case 3:
					row[c] = handlers.R(handlers.M(w, w))
				default:
					row[c] = handlers.Line(strings.Repeat(w, 1+i%2))
				}
			}
			t.Rows = append(t.Rows, row)
		}
		r.Blocks = append(r.Blocks, t)
		n += 5
	}
	return r
}

// Whatever the charts and tables, the message keeps within Slack's limits,
// and so does its text version sent when Slack refuses them.
func FuzzRenderCharts(f *testing.F) {
	f.Add("Money ending\x1fJanuary 2026\x1fGreater Manchester Combined Authority\x1fNHS", []byte{100, 150, 0, 200}, uint32(0x0a_03_0f_35))
	f.Add("<!channel>\x1f<@U123>\x1f&amp;\x1f`code`\x1fé\u0301\x1f東京都", []byte{255, 254, 100}, uint32(0xff_ff_ff_ff))
	f.Add("", []byte{}, uint32(0))
	f.Add(strings.Repeat("word ", 110), []byte{1, 2, 3}, uint32(0x13_c8_4f_77))
	f.Fuzz(func(t *testing.T, names string, values []byte, shape uint32) {
		r := fuzzCharts(names, values, shape)
		m := RenderMessage(r)
		if problems := CheckLimits(m); len(problems) > 0 {
			t.Fatalf("over Slack's limits:\n%s", strings.Join(problems, "\n"))
		}
		if _, err := json.Marshal(m); err != nil {
			t.Fatalf("cannot be sent: %v", err)
		}
		if blocks, ok := withoutRichBlocks(m.Blocks.BlockSet, MaxMessageBlocks); ok {
			if problems := CheckBlocks(blocks, MaxMessageBlocks); len(problems) > 0 {
				t.Fatalf("the text version is over Slack's limits:\n%s", strings.Join(problems, "\n"))
			}
		}
		js, _ := encodeJSON(m)
		for _, bad := range []string{"<!channel>", "<!here>", "<@U123>"} {
			if strings.Contains(string(js), bad) {
				t.Fatalf("the message holds %q", bad)
			}
		}
		_ = handlers.RenderPlain(r)
	})
}
