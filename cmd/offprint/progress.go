package main

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressDelay is how long a build runs before a progress bar appears:
// quick builds print no bar at all.
const progressDelay = 400 * time.Millisecond

// progress shows a build's progress as a bar on a terminal. It stays
// silent until the build has run for progressDelay, and it is never shown
// when the output is not a terminal.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	start   time.Time
	bar     *progressbar.ProgressBar
	step    string
	base    int // files read, counted before rendering starts
	total   int
	stopped bool
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// newProgress returns a progress display writing to w, or nil when w is
// not a terminal (nil is a valid, silent *progress).
func newProgress(w io.Writer, now time.Time) *progress {
	if !isTerminal(w) {
		return nil
	}
	return &progress{w: w, start: now}
}

// report is a packager.BuildOptions.Progress function.
func (p *progress) report(step string, done, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	// One bar for the whole build: article files first, then formats.
	switch step {
	case "reading":
		p.base, p.total = total, total
	case "rendering":
		p.total = p.base + total
		done += p.base
	}
	if p.bar == nil {
		if time.Since(p.start) < progressDelay {
			return
		}
		p.bar = progressbar.NewOptions(p.total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetWidth(30),
			progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetPredictTime(false),
		)
	}
	if p.bar.GetMax() != p.total {
		p.bar.ChangeMax(p.total)
	}
	if step != p.step {
		p.step = step
		p.bar.Describe("offprint: " + step)
	}
	p.bar.Set(done)
}

// stop removes the bar before the build's results are printed.
func (p *progress) stop() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopped = true
	if p.bar != nil {
		p.bar.Clear()
	}
}
