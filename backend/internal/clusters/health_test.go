package clusters

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// A hung cluster costs one request the timeout; later requests learn it is down at once
// and it is found again once its checks pass.
func TestHealthCacheAnswersAKnownOutageAtOnce(t *testing.T) {
	var down atomic.Bool
	down.Store(true)
	h := &healthCache{ttl: 50 * time.Millisecond, check: func(ctx context.Context) error {
		if !down.Load() {
			return nil
		}
		select { // hang like a frozen API server, up to the check's own bound
		case <-time.After(200 * time.Millisecond):
			return errors.New("its API server does not answer")
		case <-ctx.Done():
			return ctx.Err()
		}
	}}
	get := func(timeout time.Duration) (error, time.Duration) {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		began := time.Now()
		err := h.get(ctx)
		return err, time.Since(began)
	}

	if err, took := get(100 * time.Millisecond); err == nil || took < 90*time.Millisecond {
		t.Fatalf("first request to a hung cluster: %v after %s, want its own timeout", err, took)
	}
	time.Sleep(150 * time.Millisecond) // the background probe ends (200 ms) and records the outage
	for i := range 5 {
		err, took := get(100 * time.Millisecond)
		if err == nil || err.Error() != "its API server does not answer" || took > 20*time.Millisecond {
			t.Fatalf("request %d to a known-down cluster: %v after %s, want its error at once", i, err, took)
		}
		time.Sleep(30 * time.Millisecond)
	}

	down.Store(false)
	deadline := time.Now().Add(2 * time.Second)
	for {
		err, _ := get(100 * time.Millisecond)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the cluster was not found again within 2 s of answering")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestHealthCacheProbesOnceAtATime(t *testing.T) {
	var calls atomic.Int32
	h := &healthCache{ttl: time.Hour, check: func(context.Context) error {
		calls.Add(1)
		time.Sleep(50 * time.Millisecond)
		return nil
	}}
	done := make(chan error, 10)
	for range 10 {
		go func() { done <- h.get(context.Background()) }()
	}
	for range 10 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Fatalf("10 concurrent requests ran %d checks, want 1", n)
	}
}
