package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressOnlyOnATerminal(t *testing.T) {
	if p := newProgress(&bytes.Buffer{}, time.Now()); p != nil {
		t.Fatal("a progress bar for output that is not a terminal")
	}
	var nilBar *progress
	nilBar.report("reading", 1, 2) // a nil bar is silent, not a crash
	nilBar.stop()
}

func TestProgressWaitsAMomentThenDraws(t *testing.T) {
	var buf bytes.Buffer
	quick := &progress{w: &buf, start: time.Now()}
	quick.report("reading", 1, 10)
	if buf.Len() > 0 {
		t.Fatalf("a bar drawn before the build took a moment: %q", buf.String())
	}
	slow := &progress{w: &buf, start: time.Now().Add(-time.Second)}
	slow.report("reading", 5, 10)
	slow.report("rendering", 1, 2)
	if !strings.Contains(buf.String(), "offprint: reading") {
		t.Errorf("no bar: %q", buf.String())
	}
	slow.stop()
	n := buf.Len()
	slow.report("rendering", 2, 2)
	if buf.Len() != n {
		t.Error("the bar drew after stop")
	}
}
