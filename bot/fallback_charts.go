package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/slack-go/slack"

	"frontdoor/handlers"
)

// When Slack refuses a chart or a table. The data_visualization, table and
// data_table blocks are new and reach workspaces one by one; where one is
// not there yet, Slack refuses the whole message with invalid_blocks (or
// invalid_attachments, as a table travels as an attachment). Frontdoor then
// sends the same message once more with each of those blocks replaced by
// its text version, logs it and counts it in
// frontdoor_slack_rich_block_fallbacks_total. A refused message was never
// posted, so the second try cannot post it twice; only if that is refused
// too does the Poster fall back to plain text, as for any invalid_blocks.
// The text is worked out from the blocks themselves, so a digest stored as
// JSON and posted later falls back the same way.

// withoutRichBlocks is a refused message's blocks with every chart and table
// replaced by its text, within maxBlocks; false when there was none.
func withoutRichBlocks(blocks []slack.Block, maxBlocks int) ([]slack.Block, bool) {
	rich := 0
	for _, b := range blocks {
		if hasRichBlocks([]slack.Block{b}) {
			rich++
		}
	}
	if rich == 0 {
		return blocks, false
	}
	// Each chart or table takes its share of the blocks left, one at least:
	// the message never grows past the limit it was within.
	share := max(1, min(maxTextSections, (maxBlocks-(len(blocks)-rich))/rich))
	out := make([]slack.Block, 0, len(blocks)+rich*(share-1))
	for _, b := range blocks {
		switch b := richBlock(b).(type) {
		case *slack.DataVisualizationBlock:
			out = append(out, textSections(handlers.ChartText(chartOfBlock(b)), share)...)
		case *slack.TableBlock:
			out = append(out, textSections(handlers.TableText(tableOfBlock(b)), share)...)
		case *slack.DataTableBlock:
			out = append(out, textSections(handlers.TableText(tableOfDataTable(b)), share)...)
		default:
			out = append(out, b)
		}
	}
	return out, true
}

// chartOfBlock reads a chart back from its block: what Slack was to draw,
// with the unit its block_id names.
func chartOfBlock(b *slack.DataVisualizationBlock) handlers.Chart {
	c := handlers.Chart{Title: b.Title}
	if id, ok := strings.CutPrefix(b.BlockID, chartBlockPrefix); ok {
		id, c.Stacked = strings.CutSuffix(id, "_stacked")
		if strings.HasSuffix(id, "_gbp") {
			c.Unit = handlers.Pounds
		}
	}
	var series []slack.DataVisualizationDataSeries
	var axis slack.DataVisualizationAxisConfig
	switch ch := b.Chart.(type) {
	case *slack.DataVisualizationPieChart:
		c.Kind = handlers.PieChart
		s := handlers.Series{}
		for _, seg := range ch.Segments {
			c.Categories = append(c.Categories, seg.Label)
			s.Values = append(s.Values, seg.Value)
		}
		c.Series = []handlers.Series{s}
		return c
	case *slack.DataVisualizationBarChart:
		c.Kind, series, axis = handlers.BarChart, ch.Series, ch.AxisConfig
	case *slack.DataVisualizationLineChart:
		c.Kind, series, axis = handlers.LineChart, ch.Series, ch.AxisConfig
	case *slack.DataVisualizationAreaChart:
		c.Kind, series, axis = handlers.AreaChart, ch.Series, ch.AxisConfig
	}
	c.Categories, c.XTitle, c.YTitle = axis.Categories, axis.XLabel, axis.YLabel
	at := map[string]int{}
	for i, cat := range axis.Categories {
		at[cat] = i
	}
	for _, ser := range series {
		s := handlers.Series{Name: ser.Name, Values: make([]float64, len(axis.Categories))}
		for _, p := range ser.Data {
			if i, ok := at[p.Label]; ok {
				s.Values[i] = p.Value
			}
		}
		c.Series = append(c.Series, s)
	}
	return c
}

// tableOfBlock reads a table back from its block: the first row is the header.
func tableOfBlock(b *slack.TableBlock) handlers.Table {
	var t handlers.Table
	for r, row := range b.Rows {
		cells := make([]handlers.Rich, len(row))
		for c, cell := range row {
			cells[c] = handlers.Line(tableCellWords(cell))
		}
		if r == 0 {
			for c, cell := range cells {
				col := handlers.Column{Title: cell.PlainText()}
				for align, sa := range slackAlign {
					if c < len(b.ColumnSettings) && b.ColumnSettings[c].Align == sa {
						col.Align = align
					}
				}
				t.Columns = append(t.Columns, col)
			}
			continue
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

func tableOfDataTable(b *slack.DataTableBlock) handlers.Table {
	t := handlers.Table{Caption: b.Caption}
	for r, row := range b.Rows {
		cells := make([]handlers.Rich, len(row))
		for c, cell := range row {
			var text string
			switch cell := cell.(type) {
			case *slack.DataTableRawTextCell:
				text = cell.Text
			case *slack.DataTableRawNumberCell:
				text = firstNonBlank(cell.Text, fmt.Sprint(cell.Value))
			case *slack.DataTableRichTextCell:
				text = richWords(cell.Elements)
			}
			cells[c] = handlers.Line(text)
		}
		if r == 0 {
			for _, cell := range cells {
				t.Columns = append(t.Columns, handlers.Column{Title: cell.PlainText()})
			}
			continue
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

func tableCellWords(cell slack.TableCell) string {
	switch c := cell.(type) {
	case *slack.TableRawTextCell:
		return c.Text
	case *slack.TableRawNumberCell:
		return firstNonBlank(c.Text, fmt.Sprint(c.Value))
	case *slack.TableRichTextCell:
		return richWords(c.Elements)
	}
	return ""
}

// richWords is the text a reader sees of rich text: words, link labels (or
// addresses) and mentions.
func richWords(els []slack.RichTextElement) string {
	var b strings.Builder
	for _, el := range els {
		sec, ok := el.(*slack.RichTextSection)
		if !ok {
			continue
		}
		for _, e := range sec.Elements {
			switch e := e.(type) {
			case *slack.RichTextSectionTextElement:
				b.WriteString(e.Text)
			case *slack.RichTextSectionLinkElement:
				b.WriteString(firstNonBlank(e.Text, e.URL))
			case *slack.RichTextSectionUserElement:
				b.WriteString("@" + e.UserID)
			}
		}
	}
	return b.String()
}

// dropRichBlocks switches a post Slack refused to its blocks without charts
// and tables, once; false when it has none or had them dropped already.
func (p *Poster) dropRichBlocks(post *Post, res *PostResult, method string) bool {
	if res.AsPlainText || res.WithoutRichBlocks {
		return false
	}
	blocks, ok := withoutRichBlocks(post.Message.Blocks.BlockSet, MaxMessageBlocks)
	if !ok {
		return false
	}
	post.Message.Blocks = slack.Blocks{BlockSet: blocks}
	res.WithoutRichBlocks = true
	countRichFallback(p.opts.Metrics, method)
	p.opts.Log.Warn("slack refused a chart or table (not in this workspace yet?): sending the message again with their text in their place",
		"method", method, "channel", post.Channel, "kind", post.Kind)
	return true
}

func countRichFallback(m *Metrics, method string) {
	if m != nil && m.RichBlockFallbacks != nil {
		m.RichBlockFallbacks.WithLabelValues(method).Inc()
	}
}

// responseURLError is a response_url's refusal: its status and the start of
// its body, which names Slack's reason ("invalid_blocks").
type responseURLError struct {
	where  string
	status int
	body   string
}

func (e *responseURLError) Error() string {
	return fmt.Sprintf("bot: response_url %s: status %d: %s", e.where, e.status, e.body)
}

// refusedBlocks reports whether a Web API or response_url error is Slack
// refusing the message's blocks.
func refusedBlocks(err error) bool {
	var re *responseURLError
	if errors.As(err, &re) {
		code, _, _ := strings.Cut(strings.TrimSpace(re.body), " ")
		return re.status == http.StatusBadRequest && isBlocksRefusal(code)
	}
	kind, _ := classifyPostError(err)
	return kind == errKindInvalidBlocks
}

func isBlocksRefusal(code string) bool {
	switch code {
	case "invalid_blocks", "invalid_blocks_format", "invalid_attachments":
		return true
	}
	return false
}

// post sends one payload to the response_url; when Slack refuses a chart or
// table in it, it sends it once more with their text in their place.
func (r *responder) post(ctx context.Context, p responsePayload) error {
	err := r.postOnce(ctx, p)
	if err == nil || !refusedBlocks(err) {
		return err
	}
	blocks, ok := withoutRichBlocks(p.Blocks.BlockSet, MaxMessageBlocks)
	if !ok {
		return err
	}
	countRichFallback(r.metrics, "response_url")
	if r.log != nil {
		r.log.Warn("slack refused a chart or table (not in this workspace yet?): sending the reply again with their text in their place",
			"method", "response_url", "address", redactURL(r.url))
	}
	p.Blocks = slack.Blocks{BlockSet: blocks}
	return r.postOnce(ctx, p)
}

// publishHomeView publishes an App Home view; when Slack refuses a chart or
// table in it, it publishes it once more with their text in their place.
func (b *Bot) publishHomeView(ctx context.Context, req slack.PublishViewContextRequest) error {
	_, err := b.api.PublishViewContext(ctx, req)
	if err == nil || !refusedBlocks(err) {
		return err
	}
	blocks, ok := withoutRichBlocks(req.View.Blocks.BlockSet, MaxViewBlocks)
	if !ok {
		return err
	}
	b.apiError("views.publish", err)
	countRichFallback(b.metrics, "views.publish")
	b.log.Warn("slack refused a chart or table (not in this workspace yet?): publishing the App Home again with their text in their place",
		"method", "views.publish", "user", req.UserID)
	req.View.Blocks = slack.Blocks{BlockSet: blocks}
	_, err = b.api.PublishViewContext(ctx, req)
	return err
}
