package main

import (
	"bytes"
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/offprint/offprint/internal/testtool"
)

// TestSamplesAccessible builds every sample and runs DAISY Ace over its
// EPUB (built with its PDF, so with its page numbers): Ace reports
// nothing, of any impact. Ace drives a browser, so the
// check runs in the full suite only.
func TestSamplesAccessible(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: Ace runs in the full suite")
	}
	if !testtool.AcePresent() {
		if testtool.RequireTools() {
			t.Fatalf("DAISY Ace (%s) or %s is not installed, and OFFPRINT_REQUIRE_TOOLS=1", testtool.AceCommand, testtool.Chromium)
		}
		t.Skipf("not checked: DAISY Ace (%s, npm @daisy/ace-cli) or %s is not installed", testtool.AceCommand, testtool.Chromium)
	}
	editions, _ := filepath.Glob("../../samples/*/edition.*")
	if len(editions) < 2 {
		t.Fatalf("found %d samples", len(editions))
	}
	// Each Ace starts a browser; two at a time are enough.
	var sem = make(chan struct{}, 2)
	var wg sync.WaitGroup
	for _, ef := range editions {
		dir := filepath.Dir(ef)
		name := filepath.Base(dir)
		out := t.TempDir()
		var stderr bytes.Buffer
		if code := runEnv(context.Background(), []string{"build", dir, "-o", out}, env{&bytes.Buffer{}, &stderr, func(string) string { return "" }}); code != 0 {
			t.Fatalf("%s: exit %d\n%s", name, code, stderr.String())
		}
		eps, _ := filepath.Glob(filepath.Join(out, "*.epub"))
		if len(eps) != 1 {
			t.Fatalf("%s: outputs %v", name, eps)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			vs, err := testtool.Ace(eps[0], filepath.Join(out, "ace"))
			if err != nil {
				t.Errorf("%s: %v", name, err)
				return
			}
			for _, v := range vs {
				t.Errorf("%s: Ace: %s", name, v)
			}
		}()
	}
	wg.Wait()
}
