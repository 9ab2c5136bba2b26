package command

import (
	"context"
	"fmt"
	"time"

	"frontdoor/handlers/index"
)

// indexBuild is one build of the index, shared by everyone who waits for it.
type indexBuild struct {
	done chan struct{} // closed when ix and err are set
	ix   *index.Index
	err  error
}

// buildTimeout bounds a background build, so a stuck database cannot hold
// the single build slot for ever.
const buildTimeout = 2 * time.Minute

// Index returns the in-memory index of the register. The version check is
// one small query, so a change (an import by this or any other process) is
// noticed by the next request, or within FreshFor where a server sets it.
//
// Building an index of a large register takes longer than Slack waits for
// an answer, so it never happens on a request's path once there is an index:
// a request that notices a new version starts one build in the background
// (one at a time, however many requests notice) and is answered from the
// last good index; requests after the build has finished get the new one.
// Only the very first index, when there is none to answer from, is waited
// for (a server builds it before it listens: see Refresh). A build that
// fails leaves the last good index in use; the next request tries again.
func (s *Service) Index(ctx context.Context) (*index.Index, error) {
	if s.freshFor > 0 && s.monotonic != nil {
		s.mu.Lock()
		ix, fresh := s.ix, s.ix != nil && s.monotonic.Now().Sub(s.checked) < s.freshFor
		s.mu.Unlock()
		if fresh {
			return ix, nil
		}
	}
	v, err := s.registers.RegisterVersion(ctx)
	if err != nil {
		return nil, fmt.Errorf("handlers: register version: %w", err)
	}
	s.mu.Lock()
	if s.monotonic != nil {
		s.checked = s.monotonic.Now()
	}
	if s.ix != nil && v == s.version {
		ix := s.ix
		s.mu.Unlock()
		return ix, nil
	}
	b := s.startBuild(ctx, v)
	if ix := s.ix; ix != nil {
		s.mu.Unlock()
		return ix, nil // the last good index, while b builds the new one
	}
	s.mu.Unlock()
	return b.wait(ctx)
}

// Refresh returns an index of the register's current version, building it
// if need be and waiting for it: for start-up (so that no request waits for
// the first build) and for a caller that must see a change it has just made.
func (s *Service) Refresh(ctx context.Context) (*index.Index, error) {
	for {
		v, err := s.registers.RegisterVersion(ctx)
		if err != nil {
			return nil, fmt.Errorf("handlers: register version: %w", err)
		}
		s.mu.Lock()
		if s.ix != nil && v == s.version {
			ix := s.ix
			s.mu.Unlock()
			return ix, nil
		}
		ours := s.build == nil
		b := s.startBuild(ctx, v)
		s.mu.Unlock()
		if _, err := b.wait(ctx); err != nil && ours {
			return nil, err
		}
		// A build someone else started may have been for an older version, or
		// have failed: check again, and build if need be.
	}
}

// startBuild returns the build in flight, or starts one for version v. The
// caller holds s.mu. The build runs apart from the request that started it
// (its cancellation does not stop it), bounded by buildTimeout.
func (s *Service) startBuild(ctx context.Context, v int64) *indexBuild {
	if s.build != nil {
		return s.build
	}
	b := &indexBuild{done: make(chan struct{})}
	s.build = b
	bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), buildTimeout)
	go func() {
		defer cancel()
		ix, err := s.buildIndex(bctx)
		s.mu.Lock()
		if err == nil {
			s.ix, s.version = ix, v
		}
		b.ix, b.err = ix, err
		s.build = nil
		s.mu.Unlock()
		close(b.done)
	}()
	return b
}

// buildIndex loads the register and indexes it; a panic is an error, since
// no request is there to recover it.
func (s *Service) buildIndex(ctx context.Context) (ix *index.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			ix, err = nil, fmt.Errorf("handlers: build index: panic: %v", r)
		}
	}()
	reg, err := s.registers.LoadRegister(ctx)
	if err != nil {
		return nil, fmt.Errorf("handlers: load register: %w", err)
	}
	return index.NewIndex(reg), nil
}

func (b *indexBuild) wait(ctx context.Context) (*index.Index, error) {
	select {
	case <-b.done:
		return b.ix, b.err
	case <-ctx.Done():
		return nil, fmt.Errorf("handlers: wait for the register: %w", ctx.Err())
	}
}
