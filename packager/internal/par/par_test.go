package par

import (
	"context"
	"sync/atomic"
	"testing"
)

func TestEachCallsEveryIndexOnce(t *testing.T) {
	seen := make([]int32, 1000)
	if err := Each(context.Background(), len(seen), func(i int) { atomic.AddInt32(&seen[i], 1) }); err != nil {
		t.Fatal(err)
	}
	for i, n := range seen {
		if n != 1 {
			t.Fatalf("index %d called %d times", i, n)
		}
	}
	if err := Each(context.Background(), 0, func(int) { t.Fatal("called for n = 0") }); err != nil {
		t.Fatal(err)
	}
}

func TestEachStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int32
	err := Each(ctx, 1_000_000, func(i int) {
		if calls.Add(1) == 10 {
			cancel()
		}
	})
	if err == nil || calls.Load() >= 1_000_000 {
		t.Errorf("err %v after %d calls", err, calls.Load())
	}
}
