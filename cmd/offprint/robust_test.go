package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func buildSample(t *testing.T, sample, out string) {
	t.Helper()
	var stderr bytes.Buffer
	code := runEnv(context.Background(), []string{"build", "-q", sample, "-o", out}, env{&bytes.Buffer{}, &stderr, func(k string) string {
		if k == "SOURCE_DATE_EPOCH" {
			return "1577836800"
		}
		return ""
	}})
	if code != 0 {
		t.Fatalf("build %s: exit %d\n%s", sample, code, stderr.String())
	}
}

// TestReproducibleBuilds: the same input and SOURCE_DATE_EPOCH give
// byte-identical EPUB and PDF files, built twice into different folders.
func TestReproducibleBuilds(t *testing.T) {
	for _, sample := range []string{"../../samples/weekly", "../../samples/blog"} {
		a, b := t.TempDir(), t.TempDir()
		buildSample(t, sample, a)
		buildSample(t, sample, b)
		files, _ := filepath.Glob(filepath.Join(a, "*.*"))
		if len(files) < 2 {
			t.Fatalf("%s: built %v", sample, files)
		}
		for _, f := range files {
			x, _ := os.ReadFile(f)
			y, err := os.ReadFile(filepath.Join(b, filepath.Base(f)))
			if err != nil || !bytes.Equal(x, y) {
				t.Errorf("%s differs between two builds (%v)", filepath.Base(f), err)
			}
		}
	}
}

// TestKilledBuildKeepsPreviousOutputs kills a build with SIGKILL at several
// moments and checks that the previous outputs are intact and no partial
// file sits under a final name.
func TestKilledBuildKeepsPreviousOutputs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "offprint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// An edition big enough that a build takes a while: the weekly
	// sample plus a long article.
	ed := t.TempDir()
	if err := os.CopyFS(ed, os.DirFS("../../samples/weekly")); err != nil {
		t.Fatal(err)
	}
	para := strings.Repeat("The tide came in and went out again, as it always does. ", 40) + "\n\n"
	os.WriteFile(filepath.Join(ed, "articles/town/long.md"), []byte("---\ntitle: Long\n---\n\n"+strings.Repeat(para, 2000)), 0o644)
	out := filepath.Join(t.TempDir(), "out")
	run := func(kill time.Duration) error {
		cmd := exec.Command(bin, "build", "-q", ed, "-o", out)
		cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1577836800")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if kill > 0 {
			time.Sleep(kill)
			cmd.Process.Signal(syscall.SIGKILL)
		}
		return cmd.Wait()
	}
	if err := run(0); err != nil {
		t.Fatalf("first build: %v", err)
	}
	good := map[string][]byte{}
	finals, _ := filepath.Glob(filepath.Join(out, "[^.]*.*"))
	for _, f := range finals {
		good[f], _ = os.ReadFile(f)
	}
	if len(good) != 2 {
		t.Fatalf("first build made %v", finals)
	}
	// Kill at moments spread over a build, then check.
	for _, ms := range []int{5, 30, 80, 150, 250, 400, 600, 900, 1300} {
		run(time.Duration(ms) * time.Millisecond)
		var now []string
		all, _ := filepath.Glob(filepath.Join(out, "*.*"))
		for _, f := range all {
			if !strings.HasPrefix(filepath.Base(f), ".") { // temporaries are dot files
				now = append(now, f)
			}
		}
		for _, f := range now {
			b, _ := os.ReadFile(f)
			if prev, ok := good[f]; !ok || !bytes.Equal(prev, b) {
				t.Fatalf("after a kill at %dms, %s is not the previous output", ms, filepath.Base(f))
			}
		}
		if len(now) != len(good) {
			t.Fatalf("after a kill at %dms the outputs are %v", ms, now)
		}
	}
	// The next build cleans up temporaries left by the killed ones.
	if err := run(0); err != nil {
		t.Fatalf("build after kills: %v", err)
	}
	left, _ := filepath.Glob(filepath.Join(out, ".offprint-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left after a clean build: %v", left)
	}
}
