package command

import (
	"context"
	"strings"
	"sync"
	"time"

	"frontdoor/handlers"
	"frontdoor/handlers/digest"
	"frontdoor/handlers/grammar"
	"frontdoor/handlers/index"
	"frontdoor/handlers/view"
)

// Options configure a Service. Registers and Clock are required.
type Options struct {
	Registers handlers.RegisterStore
	// Actions keeps the action log; nil where there is none.
	Actions handlers.ActionStore
	// Digests tells the App Home about posted digests; nil until there are any.
	Digests handlers.DigestLog
	// History finds the last digest posted to a channel, which a new digest
	// is compared with; nil: none is compared.
	History handlers.DigestHistory
	// People names and checks the people commands come from and mention
	// (handlers.ConsolePeople, or Slack's bot.People); nil: nobody may write.
	People handlers.People
	// Editors are the people (Slack user ids, or console names) who may
	// change any action.
	Editors []string
	Clock   handlers.Clock
	// Loc is the unit's zone (nil: UTC).
	Loc *time.Location
	// CliffDays is how far ahead `ending` and the digest look for funding
	// that ends (FRONTDOOR_CLIFF_DAYS; 0 means 90).
	CliffDays int
	// DigestChannel is the channel whose last posted digest the `digest`
	// preview compares against.
	DigestChannel string
	// FreshFor lets a server skip the register-version query for this long
	// after the last one (a change by another process is then seen within
	// it); Monotonic tells the time for that (the wall clock, where Clock may
	// be fixed to a day). Zero: check on every request.
	FreshFor  time.Duration
	Monotonic handlers.Clock
	// Budget is what one message may hold, as the renderer that draws the
	// replies knows it (bot.Budget): every reply is laid out within it.
	// None (no Cost): view.PlainBudget, for replies only read as text.
	Budget view.Budget
}

// Service answers commands. It is safe for concurrent use. New makes one;
// its settings do not change afterwards.
type Service struct {
	registers     handlers.RegisterStore
	actions       handlers.ActionStore
	digests       handlers.DigestLog
	history       handlers.DigestHistory
	people        handlers.People
	editors       map[string]bool
	clock         handlers.Clock
	loc           *time.Location
	cliffDaysSet  int
	digestChannel string
	freshFor      time.Duration
	monotonic     handlers.Clock
	budget        view.Budget

	mu      sync.Mutex
	ix      *index.Index
	version int64
	checked time.Time
	build   *indexBuild // the build in flight, or nil
}

// New returns a Service with the settings of o: the one way to make one.
func New(o Options) *Service {
	if o.Loc == nil {
		o.Loc = time.UTC
	}
	if o.Budget.Cost == nil {
		o.Budget = view.PlainBudget
	}
	return &Service{
		registers: o.Registers, actions: o.Actions, digests: o.Digests, history: o.History, people: o.People,
		editors: setOf(o.Editors),
		clock:   o.Clock, loc: o.Loc, cliffDaysSet: o.CliffDays, digestChannel: o.DigestChannel,
		freshFor: o.FreshFor, monotonic: o.Monotonic, budget: o.Budget,
	}
}

func setOf(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// Loc is the unit's zone.
func (s *Service) Loc() *time.Location { return s.loc }

// Today returns today's date in the service's zone.
func (s *Service) Today() handlers.Date { return handlers.DateIn(s.clock.Now(), s.loc) }

// Snapshot is what one request is answered from: the register's index and
// today's date, taken once. The zero Snapshot takes them when first needed.
// Two snapshots are equal when they answer alike, so a transport may key
// the answers it keeps on one.
type Snapshot struct {
	Index *index.Index
	Day   handlers.Date
}

// Agencies are the register's agencies in stored order (for a pick list).
func (s *Service) Agencies(ctx context.Context) ([]handlers.Agency, error) {
	ix, err := s.Index(ctx)
	if err != nil {
		return nil, err
	}
	return ix.Register().Agencies, nil
}

// Snapshot takes the current index (see Index) and today's date.
func (s *Service) Snapshot(ctx context.Context) (Snapshot, error) {
	ix, err := s.Index(ctx)
	if err != nil {
		return Snapshot{}, err
	}
	return Snapshot{Index: ix, Day: s.Today()}, nil
}

// Handle parses and answers one request (see Answer).
func (s *Service) Handle(ctx context.Context, req handlers.Request) (handlers.Reply, error) {
	cmd, err := grammar.Parse(req.Text)
	return s.Answer(ctx, Snapshot{}, req, cmd, err)
}

// Answer answers a request already parsed: cmd, or perr when its text did
// not parse. It answers from snap (the zero Snapshot: the current register
// and today). It always returns a reply to show: on error, a reply that
// explains it (see view.ErrorReply), with the error too so the caller can
// choose an exit code, count it and log unexpected ones. A lookup's reply
// carries its text as the command its share button runs again.
//
// Text holding a resident's identifier is refused before anything else, so
// that no reply, not even "No cohort matches …", can repeat it.
func (s *Service) Answer(ctx context.Context, snap Snapshot, req handlers.Request, cmd grammar.Command, perr error) (handlers.Reply, error) {
	if ierr := handlers.RefuseIdentifiers(req.Text, perr == nil && cmd.IsWrite()); ierr != nil {
		return view.ErrorReply(ierr, ""), ierr
	}
	if perr != nil {
		return view.Unechoed(perr)
	}
	r, err := s.run(ctx, snap, req, cmd)
	if err != nil {
		return view.Unechoed(err)
	}
	if r.Shareable {
		r.ShareCommand = strings.TrimSpace(req.Text)
	}
	return r, nil
}

// run answers a parsed command from snap.
func (s *Service) run(ctx context.Context, snap Snapshot, req handlers.Request, cmd grammar.Command) (handlers.Reply, error) {
	if snap.Day.IsZero() {
		snap.Day = s.Today()
	}
	on := cmd.AsOf
	if on.IsZero() {
		on = snap.Day
	}
	switch cmd.Name {
	case grammar.CmdHelp:
		return view.Help(cmd.Subject)
	}
	ix := snap.Index
	if ix == nil {
		var err error
		if ix, err = s.Index(ctx); err != nil {
			return handlers.Reply{}, err
		}
	}
	switch cmd.Name {
	case grammar.CmdWhoFunds:
		return rendered(s.budget, view.WhoFunds)(ix.WhoFunds(grammar.SplitIn(cmd.Subject), on))
	case grammar.CmdAgencyFunds:
		return rendered(s.budget, view.AgencyFunds)(ix.AgencyFunds(cmd.Subject, on))
	case grammar.CmdProgramme:
		return rendered(s.budget, view.ProgrammeCard)(ix.ProgrammeCard(cmd.Subject, on))
	case grammar.CmdCohort:
		return rendered(s.budget, view.CohortCard)(ix.CohortCard(cmd.Subject, on))
	case grammar.CmdArea:
		return rendered(s.budget, view.AreaCard)(ix.AreaCard(cmd.Subject, on))
	case grammar.CmdAgency:
		return rendered(s.budget, view.AgencyCard)(ix.AgencyCard(cmd.Subject, on))
	}
	switch cmd.Name {
	case grammar.CmdOverlaps:
		return rendered(s.budget, view.Overlaps)(ix.Overlaps(handlers.Period{Start: on, End: on}, cmd.Area, cmd.For))
	case grammar.CmdGaps:
		return rendered(s.budget, view.Gaps)(ix.Gaps(on, cmd.Area, cmd.For))
	case grammar.CmdEnding:
		// Without `within`, the window is FRONTDOOR_CLIFF_DAYS.
		days := cmd.Within
		if days <= 0 {
			days = s.cliffDays()
		}
		return rendered(s.budget, view.Ending)(ix.Ending(on, days, cmd.Area))
	case grammar.CmdDigest:
		d, _, err := s.Digest(ctx, ix, on, s.digestChannel)
		if err != nil {
			return handlers.Reply{}, err
		}
		return view.DigestPreview(s.budget, d), nil
	}
	if cmd.IsWrite() && !s.mayWrite(req.User) {
		return handlers.Reply{}, handlers.Errorf(handlers.EForbidden, "Only members of this unit's workspace can change the record.")
	}
	switch cmd.Name {
	case grammar.CmdLog:
		return s.logAction(ctx, ix, snap.Day, req, cmd.Text)
	case grammar.CmdActions:
		return s.listActions(ctx, ix, snap.Day, req, cmd.Subject)
	case grammar.CmdAction:
		return s.actionCard(ctx, ix, snap.Day, cmd.Number)
	case grammar.CmdDone, grammar.CmdReopen, grammar.CmdAssign, grammar.CmdDue, grammar.CmdNote, grammar.CmdDelete:
		return s.changeAction(ctx, ix, snap.Day, req, cmd)
	}
	return handlers.Reply{}, handlers.Errorf(handlers.EInvalid, "`%s` is not available yet.", cmd.Name)
}

// rendered turns a query's answer into its reply within bud, passing an
// error on.
func rendered[A any](bud view.Budget, view func(view.Budget, A) handlers.Reply) func(A, error) (handlers.Reply, error) {
	return func(a A, err error) (handlers.Reply, error) {
		if err != nil {
			return handlers.Reply{}, err
		}
		return view(bud, a), nil
	}
}

func (s *Service) cliffDays() int {
	if s.cliffDaysSet > 0 {
		return s.cliffDaysSet
	}
	return 90
}

// Digest builds the digest of the week containing on, compared with the last
// digest posted to channel before that week (everything is new when there
// was none), with the open actions and those closed since.
func (s *Service) Digest(ctx context.Context, ix *index.Index, on handlers.Date, channel string) (*digest.Digest, digest.Snapshot, error) {
	var prev *handlers.DigestPost
	if s.history != nil {
		p, ok, err := s.history.PreviousDigest(ctx, channel, handlers.WeekOf(on))
		if err != nil {
			return nil, digest.Snapshot{}, handlers.StoreError(err)
		}
		if ok {
			prev = &p
		}
	}
	in, err := digest.InputFor(ctx, s.actions, on, s.cliffDays(), prev)
	if err != nil {
		return nil, digest.Snapshot{}, handlers.StoreError(err)
	}
	return digest.Build(ix, in)
}

// WeeklyDigest builds the digest of the week containing on, as it is posted
// to channel ("" for any): from the register as it is now (a post answers no
// request, so it waits for the current register's index rather than use the
// last one built), compared with the last digest posted there. The bot only
// delivers what this builds.
func (s *Service) WeeklyDigest(ctx context.Context, channel string, on handlers.Date) (*digest.Digest, digest.Snapshot, error) {
	ix, err := s.Refresh(ctx)
	if err != nil {
		return nil, digest.Snapshot{}, err
	}
	return s.Digest(ctx, ix, on, channel)
}

// Reminder is one person's reminder of a day: their open actions due then or
// before, overdue first, and the direct message that lists them.
type Reminder struct {
	// Owner is who it is for: a Slack user id, or a name given at a console.
	Owner   string
	Actions []int64
	Reply   handlers.Reply
}

// Reminders groups the open actions due on day or before by owner, owners in
// the order of their first action as the store lists them (overdue first),
// each with their message. Whether day is a working day is the caller's to
// decide.
func (s *Service) Reminders(ctx context.Context, day handlers.Date) ([]Reminder, error) {
	if s.actions == nil {
		return nil, nil
	}
	due, _, err := s.actions.ListActions(ctx, handlers.ActionFilter{DueOnOrBefore: day})
	if err != nil {
		return nil, err
	}
	ix, err := s.Refresh(ctx)
	if err != nil {
		return nil, err
	}
	var out []Reminder
	at := map[string]int{}
	var byOwner [][]handlers.Action
	for _, a := range due {
		i, ok := at[a.OwnerID]
		if !ok {
			i = len(out)
			at[a.OwnerID] = i
			out = append(out, Reminder{Owner: a.OwnerID})
			byOwner = append(byOwner, nil)
		}
		byOwner[i] = append(byOwner[i], a)
		out[i].Actions = append(out[i].Actions, a.ID)
	}
	for i := range out {
		out[i].Reply = view.Reminder(s.budget, ix, byOwner[i], day)
	}
	return out, nil
}

// mayWrite denies writes by default: the way the person came in says who
// may write (a console name, or a Slack user of an allowed workspace).
func (s *Service) mayWrite(p handlers.Person) bool {
	return s.people != nil && s.people.MayWrite(p)
}
