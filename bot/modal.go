package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"frontdoor/handlers"
	"frontdoor/handlers/grammar"
)

// The "Log an action" modal: opened by `/fd log` with no text and by the
// "Log as action" message shortcut.
const (
	// ModalLogCallbackID is the callback_id of the modal.
	ModalLogCallbackID = "log_action"
	// ShortcutLogCallbackID is the callback_id of the message shortcut (the manifest's).
	ShortcutLogCallbackID = "log_as_action"

	blockText     = "text"
	blockOwner    = "owner"
	blockDue      = "due"
	blockAgencies = "agencies"

	modalTitle  = "Log an action"
	modalSubmit = "Log it"
	modalClose  = "Cancel"

	// maxStaticOptions is Slack's limit on a select's options; beyond it the
	// agencies are searched through block_suggestion.
	maxStaticOptions = 100
	maxOptionText    = 75
	maxOptionValue   = 75
	maxInputLength   = 3000
	maxMetadata      = 3000
	maxModalText     = 24

	// textNotCopied is completed with the kinds of identifier found.
	textNotCopied = "The message looks like it holds %s, so it was not copied in: Frontdoor keeps no residents' identifiers. Write what needs doing without it, and edit the message to take it out of the channel."
)

// modalMeta travels in the modal's private_metadata: where the record is
// posted once logged, and the link back to a message it came from.
type modalMeta struct {
	Channel     string `json:"c,omitempty"`
	ResponseURL string `json:"r,omitempty"`
	// At is when the response_url was issued (Unix seconds): it lasts 30 minutes.
	At   int64  `json:"a,omitempty"`
	Link string `json:"l,omitempty"`
	// MessageTS is the message of a shortcut, until its permalink is known.
	MessageTS string `json:"-"`
}

func (m modalMeta) encode() string {
	js, err := json.Marshal(m)
	if err != nil || textLen(string(js)) > maxMetadata {
		// A link is the first thing to give up: the record matters more.
		m.Link = ""
		js, _ = json.Marshal(m)
	}
	if textLen(string(js)) > maxMetadata {
		return ""
	}
	return string(js)
}

func decodeModalMeta(s string) modalMeta {
	var m modalMeta
	_ = json.Unmarshal([]byte(s), &m) // missing or bad metadata: post nowhere but the user's DM
	return m
}

// loadingView is shown at once, while the trigger_id is fresh (about 3 s);
// the real form follows through views.update.
func loadingView() slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type:       slack.VTModal,
		CallbackID: ModalLogCallbackID,
		Title:      plain(modalTitle),
		Close:      plain(modalClose),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(plain("Loading…"), nil, nil),
		}},
	}
}

// logModal is the form, filled with text when it comes from a message; note,
// when set, is shown above the form (why the message was not copied in).
func logModal(agencies []handlers.Agency, meta modalMeta, text, note string) slack.ModalViewRequest {
	textInput := slack.NewPlainTextInputBlockElement(plain("What needs doing, by whom, by when"), blockText)
	textInput.Multiline = true
	textInput.MaxLength = maxInputLength
	textInput.InitialValue = clipText(strings.TrimSpace(text), maxInputLength)

	owner := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, plain("Choose a person"), blockOwner)
	due := slack.NewDatePickerBlockElement(blockDue)

	var agencyEl slack.BlockElement
	if options := agencyOptions(agencies, ""); len(agencies) <= maxStaticOptions {
		agencyEl = slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, plain("Choose agencies"), blockAgencies, options...)
	} else {
		ext := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeExternal, plain("Type to search agencies"), blockAgencies)
		minQuery := 1
		ext.MinQueryLength = &minQuery
		agencyEl = ext
	}

	var blocks []slack.Block
	if note != "" {
		blocks = append(blocks, slack.NewContextBlock("", mdText(mdEscape(note))))
	}
	blocks = append(blocks,
		slack.NewInputBlock(blockText, plain("Action"), nil, textInput),
		optional(slack.NewInputBlock(blockOwner, plain("Owner"), plain("Leave empty to own it yourself."), owner)),
		optional(slack.NewInputBlock(blockDue, plain("Due"), nil, due)),
	)
	if len(agencies) > 0 {
		blocks = append(blocks, optional(slack.NewInputBlock(blockAgencies, plain("Agencies"), nil, agencyEl)))
	}
	if meta.Link != "" && isWebLink(meta.Link) {
		blocks = append(blocks, slack.NewContextBlock("", mdText("From <"+mdEscape(meta.Link)+"|this message>")))
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      ModalLogCallbackID,
		Title:           plain(modalTitle),
		Submit:          plain(modalSubmit),
		Close:           plain(modalClose),
		PrivateMetadata: meta.encode(),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

func optional(b *slack.InputBlock) *slack.InputBlock {
	b.Optional = true
	return b
}

// agencyOptions lists agencies as select options, those matching query
// (name, alias or id, any case) when it is not empty, at most 100, by name.
// An agency whose id does not fit an option's value is left out: a cut id
// would name another agency, or none.
func agencyOptions(agencies []handlers.Agency, query string) []*slack.OptionBlockObject {
	q := strings.ToLower(strings.TrimSpace(query))
	sorted := make([]handlers.Agency, 0, len(agencies))
	for _, a := range agencies {
		if textLen(a.ID) > maxOptionValue || a.ID == "" {
			continue
		}
		if q != "" && !agencyMatches(a, q) {
			continue
		}
		sorted = append(sorted, a)
	}
	sort.SliceStable(sorted, func(i, j int) bool { return strings.ToLower(sorted[i].Name) < strings.ToLower(sorted[j].Name) })
	var out []*slack.OptionBlockObject
	for _, a := range sorted {
		if len(out) == maxStaticOptions {
			break
		}
		name := a.Name
		if name == "" {
			name = a.ID
		}
		out = append(out, slack.NewOptionBlockObject(a.ID, plain(clip(name, maxOptionText)), nil))
	}
	return out
}

func agencyMatches(a handlers.Agency, q string) bool {
	if strings.Contains(strings.ToLower(a.Name), q) || strings.Contains(strings.ToLower(a.ID), q) {
		return true
	}
	for _, al := range a.Aliases {
		if strings.Contains(strings.ToLower(al), q) {
			return true
		}
	}
	return false
}

// openLogModal opens the modal with a loading view while trigger_id is
// fresh, then fills it in with views.update. It returns at once. text fills
// the form (a message's, from the shortcut), unless it holds a resident's
// identifier: then the form opens empty and says why, so the identifier is
// not copied anywhere new.
func (b *Bot) openLogModal(triggerID string, meta modalMeta, text string) {
	note := ""
	if kinds := handlers.FindIdentifiers(text); len(kinds) > 0 {
		text = ""
		note = fmt.Sprintf(textNotCopied, handlers.KindsPhrase(kinds))
	}
	b.goBackground("open modal", func(ctx context.Context) {
		openCtx, cancel := context.WithTimeout(ctx, AckDeadline)
		opened, err := b.api.OpenViewContext(openCtx, triggerID, loadingView())
		cancel()
		if err != nil {
			b.apiError("views.open", err)
			return
		}
		if meta.Link == "" && meta.MessageTS != "" && meta.Channel != "" {
			link, err := b.api.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: meta.Channel, Ts: meta.MessageTS})
			if err != nil {
				b.apiError("chat.getPermalink", err)
			} else {
				meta.Link = link
			}
		}
		agencies, err := b.svc.Agencies(ctx)
		if err != nil {
			b.log.Warn("modal without agencies: register unavailable", "err", err.Error())
		}
		view := logModal(agencies, meta, text, note)
		if _, err := b.api.UpdateViewContext(ctx, view, "", opened.View.Hash, opened.View.ID); err != nil {
			b.apiError("views.update", err)
		}
	})
}

// apiError counts and logs an error from a Web API call.
func (b *Bot) apiError(method string, err error) {
	kind, _ := classifyPostError(err)
	if kind == errKindSlack {
		kind = errorKindText(err)
	}
	b.metrics.SlackErrors.WithLabelValues(method, kind).Inc()
	b.log.Warn("slack api error", "method", method, "err", errorKindText(err))
}

// suggestAgencies answers a block_suggestion for the agencies select.
func (b *Bot) suggestAgencies(ctx context.Context, query string) *slack.OptionsResponse {
	agencies, err := b.svc.Agencies(ctx)
	if err != nil {
		return &slack.OptionsResponse{Options: []*slack.OptionBlockObject{}}
	}
	opts := agencyOptions(agencies, query)
	if opts == nil {
		opts = []*slack.OptionBlockObject{}
	}
	return &slack.OptionsResponse{Options: opts}
}

// formFromView reads the modal's answers.
func formFromView(v slack.View) (handlers.LogForm, map[string]string) {
	var form handlers.LogForm
	problems := map[string]string{}
	if v.State == nil {
		problems[blockText] = "Say what the action is."
		return form, problems
	}
	get := func(block string) (slack.BlockAction, bool) {
		a, ok := v.State.Values[block][block]
		return a, ok
	}
	if a, ok := get(blockText); ok {
		form.Text = strings.TrimSpace(a.Value)
	}
	if form.Text == "" {
		problems[blockText] = "Say what the action is."
	}
	if a, ok := get(blockOwner); ok {
		form.OwnerID = a.SelectedUser
	}
	if a, ok := get(blockDue); ok && a.SelectedDate != "" {
		d, err := handlers.ParseISODate(a.SelectedDate)
		if err != nil {
			problems[blockDue] = "That date is not one I can read."
		} else {
			form.Due = d
		}
	}
	if a, ok := get(blockAgencies); ok {
		for _, o := range a.SelectedOptions {
			if o.Value != "" {
				form.AgencyIDs = append(form.AgencyIDs, o.Value)
			}
		}
	}
	return form, problems
}

// submitLogModal handles the modal's submission and returns the
// acknowledgement: nil closes the modal; errors keep it open with a message
// by the field. The record is posted in the channel once it is committed.
func (b *Bot) submitLogModal(ctx context.Context, cb slack.InteractionCallback) *slack.ViewSubmissionResponse {
	start := b.clock.Now()
	person, refusal, _ := b.admit(ctx, asker{TeamID: cb.Team.ID, EnterpriseID: cb.Enterprise.ID, UserID: cb.User.ID,
		UserName: cb.User.Name, UserTeam: cb.User.TeamID})
	if refusal != "" {
		b.countCommand(grammar.CmdLog, "refused", start, transportModal)
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockText: refusal})
	}
	form, problems := formFromView(cb.View)
	if len(problems) > 0 {
		return slack.NewErrorsViewSubmissionResponse(problems)
	}
	meta := decodeModalMeta(cb.View.PrivateMetadata)
	form.Link = meta.Link
	req := handlers.Request{Text: form.Text, User: person, ChannelID: meta.Channel,
		Key: "view:" + cb.View.ID + ":" + cb.View.Hash}
	run := func(ctx context.Context) (handlers.Reply, error) { return b.svc.LogFromForm(ctx, req, form) }

	done := make(chan answer, 1)
	b.goBackground("modal submission", func(bctx context.Context) { done <- b.runSafely(bctx, grammar.CmdLog, run) })
	select {
	case a := <-done:
		if a.err != nil && !errors.Is(a.err, handlers.ErrBusy) && a.ref == "" {
			// The person can fix it: say so by the text, keep the modal open.
			b.finish(grammar.CmdLog, req, a, start, transportModal)
			return slack.NewErrorsViewSubmissionResponse(map[string]string{blockText: handlers.ErrorMessage(a.err)})
		}
		b.goBackground("modal record", func(bctx context.Context) { b.deliverLogged(bctx, req, meta, a, run, start) })
	case <-b.clock.After(b.budget):
		b.goBackground("modal record", func(bctx context.Context) { b.deliverLogged(bctx, req, meta, <-done, run, start) })
	}
	return nil
}

// deliverLogged posts the logged action's record in the channel, after
// retrying a busy database; failures are told to the person privately.
func (b *Bot) deliverLogged(ctx context.Context, req handlers.Request, meta modalMeta, a answer,
	run func(context.Context) (handlers.Reply, error), start time.Time) {
	for _, d := range b.busyDelays {
		if !errors.Is(a.err, handlers.ErrBusy) {
			break
		}
		if sleep(ctx, b.clock, d) != nil {
			break
		}
		a = b.runSafely(ctx, grammar.CmdLog, run)
	}
	b.finish(grammar.CmdLog, req, a, start, transportModal)
	ru := b.responderFromMeta(meta)
	if errors.Is(a.err, handlers.ErrBusy) {
		b.tellPrivately(ctx, ru, req.User.ID, textNotSaved)
		return
	}
	if a.err != nil {
		b.tellPrivately(ctx, ru, req.User.ID, handlers.ErrorMessage(a.err))
		return
	}
	msg := RenderMessage(a.reply)
	msg.ResponseType = slack.ResponseTypeInChannel
	if ru.usable() {
		if err := ru.post(ctx, responsePayload{Message: msg}); err == nil {
			return
		}
	}
	if meta.Channel != "" {
		if res := b.poster.Post(ctx, Post{Channel: meta.Channel, Message: msg, Plain: plainText(a.reply)}); res.Outcome != Refused {
			return
		}
	}
	// Nowhere in the channel to post: the record is saved, so tell the person.
	b.tellPrivately(ctx, nil, req.User.ID, a.reply.Text)
}

func (b *Bot) responderFromMeta(meta modalMeta) *responder {
	if meta.ResponseURL == "" {
		return nil
	}
	ru := b.newResponder(meta.ResponseURL) // nil when the address is not Slack's
	if ru != nil && meta.At > 0 {
		ru.start = time.Unix(meta.At, 0)
	}
	return ru
}

// tellPrivately sends a short message to one person: through the
// response_url when there is one, else in their direct messages with the app.
func (b *Bot) tellPrivately(ctx context.Context, ru *responder, userID, text string) {
	msg := *ephemeral(text)
	if ru.usable() {
		if err := ru.post(ctx, responsePayload{Message: msg}); err == nil {
			return
		}
	}
	msg.ResponseType = ""
	b.poster.Post(ctx, Post{Channel: userID, Message: msg})
}

// plainText is a reply as escaped plain text, for the invalid_blocks fallback.
func plainText(r handlers.Reply) string {
	return mdEscape(handlers.RenderPlain(r))
}
