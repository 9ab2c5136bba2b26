package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/google/uuid"
	"github.com/jonboulle/clockwork"

	"frontdoor/handlers"
)

// Names of the scheduled jobs, in logs and in JobRun.
const (
	JobDigest    = "digest"
	JobReminders = "reminders"
	JobCatchUp   = "catch-up"
)

// ScheduleOptions configure the scheduler. Loc is required; a job runs only
// when what it needs is set.
type ScheduleOptions struct {
	// Digests and Channel turn on the weekly digest; Cron is its schedule
	// (FRONTDOOR_DIGEST_SCHEDULE), read in Loc.
	Digests *Digests
	Channel string
	Cron    string
	// Reminders turn on the reminders, each weekday at ReminderHour:ReminderMinute in Loc.
	Reminders                    *Reminders
	ReminderHour, ReminderMinute int
	// Loc is FRONTDOOR_TZ: the schedule's wall clock, across BST and GMT.
	Loc *time.Location
	// Clock defaults to the wall clock; tests pass a clockwork.FakeClock.
	Clock clockwork.Clock
	Log   *slog.Logger
	// Metrics counts recovered panics (Panics).
	Metrics *Metrics
	// StopTimeout bounds how long Stop waits for a running job (default 5 s,
	// inside serve's shutdown grace).
	StopTimeout time.Duration
	// Observe, when set, is told of every job run once it has ended.
	Observe func(JobRun)
}

// JobRun is one run of a scheduled job.
type JobRun struct {
	Job string
	// At is the scheduler's clock when the run started.
	At time.Time
	// Err is the run's error; it wraps gocron.ErrPanicRecovered after a panic.
	Err error
}

// Scheduler runs the weekly digest and the daily reminders with gocron: on
// the wall clock of FRONTDOOR_TZ (so 09:00 is 09:00 in BST and in GMT), one
// job at a time, each run's panic recovered and logged while the scheduler
// carries on. gocron does not catch up a run missed while nothing was
// running, so Start does: see catchUp.
type Scheduler struct {
	o     ScheduleOptions
	log   *slog.Logger
	s     gocron.Scheduler
	cron  gocron.Cron // the digest's schedule, parsed as gocron parses it
	jobs  map[string]gocron.Job
	mu    sync.Mutex
	start map[string]time.Time // when each job's current run started
}

// StartScheduler registers the jobs and starts them. Runs happen in ctx:
// when it ends, a run in progress stops sending (what Slack confirmed is
// still recorded). Call Stop to wait for it.
func StartScheduler(ctx context.Context, o ScheduleOptions) (*Scheduler, error) {
	if o.Loc == nil {
		return nil, errors.New("bot: scheduler: no zone given")
	}
	if o.Clock == nil {
		o.Clock = clockwork.NewRealClock()
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Metrics == nil {
		o.Metrics = NewMetrics()
	}
	if o.StopTimeout <= 0 {
		o.StopTimeout = 5 * time.Second
	}
	sch := &Scheduler{o: o, log: o.Log.With("component", "scheduler"), jobs: map[string]gocron.Job{}, start: map[string]time.Time{}}
	s, err := gocron.NewScheduler(
		gocron.WithLocation(o.Loc),
		gocron.WithClock(o.Clock),
		gocron.WithLogger(sch.log),
		gocron.WithStopTimeout(o.StopTimeout),
		// One job at a time: a Monday's digest and reminders queue behind each other.
		gocron.WithLimitConcurrentJobs(1, gocron.LimitModeWait),
	)
	if err != nil {
		return nil, fmt.Errorf("bot: scheduler: %w", err)
	}
	sch.s = s
	if o.Digests != nil && o.Channel != "" {
		sch.cron = gocron.NewDefaultCron(false)
		if err := sch.cron.IsValid(o.Cron, o.Loc, o.Clock.Now()); err != nil {
			return nil, fmt.Errorf("bot: scheduler: digest schedule %q: %w", o.Cron, err)
		}
		if err := sch.add(ctx, JobDigest, gocron.CronJob(o.Cron, false), sch.digestJob,
			gocron.WithSingletonMode(gocron.LimitModeReschedule)); err != nil {
			return nil, err
		}
	}
	if o.Reminders != nil {
		// Monday to Friday here; the job itself skips bank holidays.
		line := fmt.Sprintf("%d %d * * MON-FRI", o.ReminderMinute, o.ReminderHour)
		if err := sch.add(ctx, JobReminders, gocron.CronJob(line, false), sch.remindersJob,
			gocron.WithSingletonMode(gocron.LimitModeReschedule)); err != nil {
			return nil, err
		}
	}
	if len(sch.jobs) > 0 {
		if err := sch.add(ctx, JobCatchUp, gocron.OneTimeJob(gocron.OneTimeJobStartImmediately()), sch.catchUp); err != nil {
			return nil, err
		}
	}
	s.Start()
	sch.log.Info("scheduler started", "digest", o.Digests != nil && o.Channel != "", "schedule", o.Cron, "reminders", o.Reminders != nil,
		"zone", o.Loc.String())
	return sch, nil
}

// add registers a job whose runs are timed, observed and recovered.
func (s *Scheduler) add(ctx context.Context, name string, def gocron.JobDefinition, run func(ctx context.Context) error, extra ...gocron.JobOption) error {
	task := func(ctx context.Context) error {
		s.mu.Lock()
		s.start[name] = s.o.Clock.Now()
		s.mu.Unlock()
		return run(ctx)
	}
	opts := append([]gocron.JobOption{
		gocron.WithName(name),
		gocron.WithContext(ctx),
		gocron.WithEventListeners(
			// Registering this listener is what makes gocron recover a
			// panicking run (without it the panic ends the process).
			gocron.AfterJobRunsWithPanic(func(_ uuid.UUID, job string, recovered any) {
				s.o.Metrics.Panics.Inc()
				s.log.Error("panic recovered in a scheduled job; the scheduler carries on", "job", job, "panic", fmt.Sprint(recovered), "ref", newRef())
			}),
			gocron.AfterJobRuns(func(_ uuid.UUID, job string) { s.observe(job, nil) }),
			gocron.AfterJobRunsWithError(func(_ uuid.UUID, job string, err error) {
				if !errors.Is(err, gocron.ErrPanicRecovered) {
					s.log.Error("scheduled job failed", "job", job, "err", err.Error())
				}
				s.observe(job, err)
			}),
		),
	}, extra...)
	j, err := s.s.NewJob(def, gocron.NewTask(task), opts...)
	if err != nil {
		return fmt.Errorf("bot: scheduler: job %s: %w", name, err)
	}
	s.jobs[name] = j
	return nil
}

func (s *Scheduler) observe(job string, err error) {
	if s.o.Observe == nil {
		return
	}
	s.mu.Lock()
	at := s.start[job]
	s.mu.Unlock()
	s.o.Observe(JobRun{Job: job, At: at, Err: err})
}

// Stop stops the scheduler, waiting for a run in progress until ctx ends
// (or StopTimeout): no new run starts.
func (s *Scheduler) Stop(ctx context.Context) error {
	// gocron's Shutdown waits up to StopTimeout for a running job; ctx may
	// end sooner, and then Stop returns while Shutdown finishes on its own.
	done := make(chan error, 1)
	go func() { done <- s.s.Shutdown() }()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("bot: scheduler: stop: %w", err)
		}
	case <-ctx.Done():
		return fmt.Errorf("bot: scheduler: stop: %w", ctx.Err())
	}
	s.log.Info("scheduler stopped")
	return nil
}

// NextRun returns when job runs next.
func (s *Scheduler) NextRun(job string) (time.Time, error) {
	j, ok := s.jobs[job]
	if !ok {
		return time.Time{}, fmt.Errorf("bot: scheduler: no %s job", job)
	}
	return j.NextRun()
}

// digestJob posts this week's digest at its slot.
func (s *Scheduler) digestJob(ctx context.Context) error {
	today := handlers.DateIn(s.o.Clock.Now(), s.o.Loc)
	_, err := s.o.Digests.Send(ctx, s.o.Channel, today, handlers.ClaimScheduled)
	return err
}

// remindersJob sends today's reminders (Send skips bank holidays).
func (s *Scheduler) remindersJob(ctx context.Context) error {
	_, err := s.o.Reminders.Send(ctx, handlers.DateIn(s.o.Clock.Now(), s.o.Loc))
	return err
}

// catchUp runs once at start, for the runs gocron will not make up. The
// digest: if a slot of this week has passed, post the digest now when it is
// still the day of the latest such slot (in the zone) and the week has no
// post yet (or one Slack refused); on a later day, leave the week to its next
// slot when the schedule has another this week (FRONTDOOR_DIGEST_SCHEDULE may
// name several days), or else record the week as skipped, with the reason,
// so that it shows why nothing came and a person can post it deliberately.
// A week is recorded as skipped only once none of its slots is left. The reminders: if today is a working day and
// their time has passed, send them now; the claims keep it to one a person
// a day. Problems left by earlier runs (unconfirmed digests) are reported first.
func (s *Scheduler) catchUp(ctx context.Context) error {
	now := s.o.Clock.Now().In(s.o.Loc)
	today := handlers.DateIn(now, s.o.Loc)
	var errs []error
	if s.cron != nil {
		s.o.Digests.ReportProblems(ctx)
		week := handlers.WeekOf(today)
		y, m, d := week.YMD()
		monday := time.Date(y, m, d, 0, 0, 0, 0, s.o.Loc)
		var last time.Time // the week's latest slot so far
		for t := s.cron.Next(monday.Add(-time.Second)); !t.IsZero() && !t.After(now); t = s.cron.Next(t) {
			last = t
		}
		next := s.cron.Next(now) // zero when the schedule never fires again
		laterThisWeek := !next.IsZero() && handlers.WeekOf(handlers.DateIn(next, s.o.Loc)) == week
		switch {
		case last.IsZero():
			// This week's slot is still to come: the job posts it.
		case handlers.DateIn(last, s.o.Loc) == today:
			s.log.Info("digest slot missed today: posting now", "slot", last.Format(time.RFC3339))
			if _, err := s.o.Digests.Send(ctx, s.o.Channel, today, handlers.ClaimScheduled); err != nil {
				errs = append(errs, err)
			}
		case laterThisWeek:
			// A slot of an earlier day was missed, but the week has another
			// to come: that one posts the week (a skip now would cancel it).
			s.log.Info("digest slot missed on an earlier day: the week's next slot will post it",
				"missed", last.Format(time.RFC3339), "next", next.Format(time.RFC3339))
		default:
			reason := "Frontdoor was not running at the slot (" + last.Format("15:04 Mon 2 Jan 2006") + ") and started at " +
				now.Format("15:04 Mon 2 Jan 2006") + "; a missed digest is posted on the day of its slot only, and the week had no slot left"
			if _, _, err := s.o.Digests.Skip(ctx, s.o.Channel, week, reason); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if s.o.Reminders != nil {
		at := time.Date(now.Year(), now.Month(), now.Day(), s.o.ReminderHour, s.o.ReminderMinute, 0, 0, s.o.Loc)
		if !now.Before(at) && handlers.IsWorkingDay(today, s.o.Reminders.o.Holidays) {
			if _, err := s.o.Reminders.Send(ctx, today); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}
