package command

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"frontdoor/handlers/due"

	"frontdoor/handlers"
	"frontdoor/handlers/grammar"
	"frontdoor/handlers/index"
	"frontdoor/handlers/view"
)

var (
	// slackMention is Slack's form of a mention; its id must be a user id
	// (handlers.IsSlackUserID) to name anyone.
	slackMention = regexp.MustCompile(`<@([UW][A-Z0-9]+)(?:\|([^>]*))?>`)
	atName       = regexp.MustCompile(`(?:^|[\s(])@([\p{L}][\p{L}\p{N}._\-]*)`)
)

// owner finds who an action is for: the first mention the chat linked, or
// else the first @name, which the way in resolves (a console takes the name;
// Slack cannot, so it names someone unknown: id ""). ok=false means none was
// named.
func (s *Service) owner(text string) (id, name string, ok bool) {
	if m := slackMention.FindStringSubmatch(text); m != nil && handlers.IsSlackUserID(m[1]) {
		return m[1], m[2], true
	}
	if m := atName.FindStringSubmatch(text); m != nil {
		if s.people != nil {
			if id, ok := s.people.Typed(m[1]); ok {
				return id, m[1], true
			}
		}
		// A typed @name the way in cannot resolve is nobody it knows:
		// report it rather than guess.
		return "", m[1], true
	}
	return "", "", false
}

// dueError turns a due-date refusal into a user error.
func dueError(err error) error {
	var de *due.Error
	if errors.As(err, &de) {
		return handlers.Errorf(handlers.EInvalid, "%s", de.Message)
	}
	return fmt.Errorf("handlers: read due date: %w", err)
}

// canChange reports whether p may change a: its creator, its owner, or an editor.
func (s *Service) canChange(a *handlers.Action, p handlers.Person) bool {
	return p.ID != "" && (p.ID == a.OwnerID || p.ID == a.CreatorID || s.isEditor(p))
}

func (s *Service) isEditor(p handlers.Person) bool {
	return p.ID != "" && s.editors[p.ID]
}

// logAction handles `log <text>`.
func (s *Service) logAction(ctx context.Context, ix *index.Index, today handlers.Date, req handlers.Request, text string) (handlers.Reply, error) {
	if s.actions == nil {
		return handlers.Reply{}, handlers.Errorf(handlers.EUnavailable, "The action log is not available here.")
	}
	// What is checked is what is stored: the guard runs on the trimmed text,
	// before the owner, the due date or the tags are read from it.
	text = strings.TrimSpace(text)
	if err := checkStoredText(fieldAction, text); err != nil {
		return handlers.Reply{}, err
	}
	a := handlers.Action{Text: text, CreatorID: req.User.ID, Status: handlers.ActionOpen, ChannelID: req.ChannelID}
	id, name, named := s.owner(text)
	switch {
	case named && id == "":
		return handlers.Reply{}, handlers.Errorf(handlers.EInvalid, "I don't know @%s in this workspace. Mention them so Slack links the name (type @ and pick them from the list), or leave the owner out to own it yourself.", name)
	case named:
		name, err := s.knownOwner(ctx, req, id, name)
		if err != nil {
			return handlers.Reply{}, err
		}
		a.OwnerID, a.OwnerName = id, name
	default:
		a.OwnerID, a.OwnerName = req.User.ID, req.User.Name
	}
	r, found, err := due.Find(text, today)
	if err != nil {
		return handlers.Reply{}, dueError(err)
	}
	if found {
		a.Due = r.Date // NoDate for "ASAP": r.Note says so
	}
	a.Tags = ix.ActionTags(text)
	created, replayed, err := s.actions.CreateAction(ctx, a, req.Key)
	if err != nil {
		return handlers.Reply{}, handlers.StoreError(err)
	}
	verb := "Logged"
	if replayed {
		verb = "Already logged as"
	}
	reply := view.ActionReply(s.budget, ix, &created, today, verb)
	if found && r.Note != "" {
		reply.Blocks = append(reply.Blocks, view.DueNote(r.Note, created.ID, r.Date.IsZero()))
	}
	return reply, nil
}

// knownOwner checks, in Slack, that Slack knows the person named as owner
// (users.info), and returns their display name when the mention carried none.
// The console has no directory: its names are taken as typed.
func (s *Service) knownOwner(ctx context.Context, req handlers.Request, id, name string) (string, error) {
	if s.people == nil {
		return name, nil
	}
	resolved, err := s.people.Lookup(ctx, id)
	if errors.Is(err, handlers.ErrNotFound) {
		return "", handlers.Errorf(handlers.EInvalid, "Slack does not know the person named as owner. Mention someone in this workspace, or leave the owner out to own it yourself.")
	}
	if err != nil {
		return "", fmt.Errorf("handlers: look up owner: %w", err)
	}
	if name == "" {
		name = resolved
	}
	return name, nil
}

// changeAction runs one of done/reopen/assign/due/note/delete.
func (s *Service) changeAction(ctx context.Context, ix *index.Index, today handlers.Date, req handlers.Request, cmd grammar.Command) (handlers.Reply, error) {
	if s.actions == nil {
		return handlers.Reply{}, handlers.Errorf(handlers.EUnavailable, "The action log is not available here.")
	}
	var prep func(a *handlers.Action) (handlers.ActionChange, error)
	dueSaid := "" // what the reply must say about a new due date
	ref := "#" + strconv.FormatInt(cmd.Number, 10)
	notOpen := func(a *handlers.Action, what string) error {
		if a.Status == handlers.ActionDeleted {
			return handlers.Errorf(handlers.EConflict, "Action %s was deleted, so it cannot be %s. It stays in the audit trail.", ref, what)
		}
		return nil
	}
	switch cmd.Name {
	case grammar.CmdDone:
		prep = func(a *handlers.Action) (handlers.ActionChange, error) {
			if err := notOpen(a, "closed"); err != nil {
				return handlers.ActionChange{}, err
			}
			if a.Status == handlers.ActionDone {
				return handlers.ActionChange{}, handlers.Errorf(handlers.EConflict, "Action %s is already done.", ref)
			}
			a.Status, a.ClosedAt = handlers.ActionDone, s.clock.Now().UTC()
			return handlers.ActionChange{Kind: "action.done"}, nil
		}
	case grammar.CmdReopen:
		prep = func(a *handlers.Action) (handlers.ActionChange, error) {
			if err := notOpen(a, "reopened"); err != nil {
				return handlers.ActionChange{}, err
			}
			if a.Status == handlers.ActionOpen {
				return handlers.ActionChange{}, handlers.Errorf(handlers.EConflict, "Action %s is already open.", ref)
			}
			a.Status, a.ClosedAt = handlers.ActionOpen, timeZero
			return handlers.ActionChange{Kind: "action.reopen"}, nil
		}
	case grammar.CmdDelete:
		prep = func(a *handlers.Action) (handlers.ActionChange, error) {
			if err := notOpen(a, "deleted again"); err != nil {
				return handlers.ActionChange{}, err
			}
			a.Status = handlers.ActionDeleted
			return handlers.ActionChange{Kind: "action.delete"}, nil
		}
	case grammar.CmdAssign:
		id, name, named := s.owner(cmd.Text)
		if !named {
			return handlers.Reply{}, grammar.Usage(grammar.CmdAssign, "Say who to assign it to, for example `assign "+strconv.FormatInt(cmd.Number, 10)+" @sam`.")
		}
		if id == "" {
			return handlers.Reply{}, handlers.Errorf(handlers.EInvalid, "I don't know @%s in this workspace. Mention them so Slack links the name.", name)
		}
		name, err := s.knownOwner(ctx, req, id, name)
		if err != nil {
			return handlers.Reply{}, err
		}
		prep = func(a *handlers.Action) (handlers.ActionChange, error) {
			if err := notOpen(a, "reassigned"); err != nil {
				return handlers.ActionChange{}, err
			}
			a.OwnerID, a.OwnerName = id, name
			return handlers.ActionChange{Kind: "action.assign"}, nil
		}
	case grammar.CmdDue:
		r, err := due.Parse(cmd.Text, today)
		if err != nil {
			return handlers.Reply{}, dueError(err)
		}
		dueSaid = r.Note
		prep = func(a *handlers.Action) (handlers.ActionChange, error) {
			if err := notOpen(a, "given a new date"); err != nil {
				return handlers.ActionChange{}, err
			}
			a.Due = r.Date
			return handlers.ActionChange{Kind: "action.due"}, nil
		}
	case grammar.CmdNote:
		// Checked before the action is loaded: a note holding an identifier
		// is refused, and not audited, whoever's action it is for.
		note := strings.TrimSpace(cmd.Text)
		if err := checkStoredText(fieldNote, note); err != nil {
			return handlers.Reply{}, err
		}
		prep = func(a *handlers.Action) (handlers.ActionChange, error) {
			if err := notOpen(a, "given notes"); err != nil {
				return handlers.ActionChange{}, err
			}
			return handlers.ActionChange{Kind: "action.note", Detail: note}, nil
		}
	}
	change := func(a *handlers.Action) (handlers.ActionChange, error) {
		if !s.canChange(a, req.User) {
			return handlers.ActionChange{Kind: "action." + cmd.Name}, handlers.Errorf(handlers.EForbidden,
				"Only the person who logged action %s, its owner or an editor can change it. Ask one of them, or an editor of this unit.", ref)
		}
		return prep(a)
	}
	a, replayed, err := s.actions.UpdateAction(ctx, cmd.Number, req.Key, req.User.ID, s.clock.Now().UTC(), change)
	if errors.Is(err, handlers.ErrNotFound) {
		return handlers.Reply{}, handlers.Errorf(handlers.ENotFound, "There is no action %s. `actions all` lists them.", ref)
	}
	if err != nil {
		return handlers.Reply{}, handlers.StoreError(err)
	}
	verb := map[string]string{grammar.CmdDone: "Done", grammar.CmdReopen: "Reopened", grammar.CmdDelete: "Deleted", grammar.CmdAssign: "Reassigned", grammar.CmdDue: "New due date for", grammar.CmdNote: "Note added to"}[cmd.Name]
	if replayed {
		verb = "Already: " + strings.ToLower(verb[:1]) + verb[1:]
	}
	reply := view.ActionReply(s.budget, ix, &a, today, verb)
	if dueSaid != "" {
		reply.Blocks = append(reply.Blocks, view.DueNote(dueSaid, a.ID, false))
	}
	return reply, nil
}

// LogFromForm records an action from the modal: the same checks as `log`
// (text, residents' identifiers, owner known to Slack), with the owner, due
// date and agencies as picked rather than read from the text.
func (s *Service) LogFromForm(ctx context.Context, req handlers.Request, form handlers.LogForm) (handlers.Reply, error) {
	if s.actions == nil {
		return handlers.Reply{}, handlers.Errorf(handlers.EUnavailable, "The action log is not available here.")
	}
	if !s.mayWrite(req.User) {
		return handlers.Reply{}, handlers.Errorf(handlers.EForbidden, "Only members of this unit's workspace can change the record.")
	}
	form.Text = strings.TrimSpace(form.Text)
	if err := checkStoredText(fieldAction, form.Text); err != nil {
		return handlers.Reply{}, err
	}
	today := s.Today()
	a := handlers.Action{Text: form.Text, CreatorID: req.User.ID, Status: handlers.ActionOpen, ChannelID: req.ChannelID, Link: form.Link, Due: form.Due}
	a.OwnerID, a.OwnerName = req.User.ID, req.User.Name
	if form.OwnerID != "" && form.OwnerID != req.User.ID {
		name, err := s.knownOwner(ctx, req, form.OwnerID, "")
		if err != nil {
			return handlers.Reply{}, err
		}
		a.OwnerID, a.OwnerName = form.OwnerID, name
	}
	ix, err := s.Index(ctx)
	if err != nil {
		return handlers.Reply{}, err
	}
	seen := map[handlers.Tag]bool{}
	for _, id := range form.AgencyIDs {
		if ix.Agency(id) == nil {
			return handlers.Reply{}, handlers.Errorf(handlers.EInvalid, "The agency %q is no longer in the register; pick another.", id)
		}
		t := handlers.Tag{Kind: handlers.TagAgency, ID: id}
		if !seen[t] {
			seen[t] = true
			a.Tags = append(a.Tags, t)
		}
	}
	for _, t := range ix.ActionTags(form.Text) {
		if !seen[t] {
			seen[t] = true
			a.Tags = append(a.Tags, t)
		}
	}
	created, replayed, err := s.actions.CreateAction(ctx, a, req.Key)
	if err != nil {
		return handlers.Reply{}, handlers.StoreError(err)
	}
	verb := "Logged"
	if replayed {
		verb = "Already logged as"
	}
	reply := view.ActionReply(s.budget, ix, &created, today, verb)
	if !created.Due.IsZero() && created.Due < today {
		reply.Blocks = append(reply.Blocks, handlers.Context{Items: []handlers.Rich{handlers.Line("⚠ The due date " + created.Due.UK() + " is already past.")}})
	}
	return reply, nil
}
