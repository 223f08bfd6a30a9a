package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestInterruptedBuildExits130 cancels a build as Ctrl-C does: the exit
// code is 130 and nothing says "context canceled". (The exit_codes script
// sends a real SIGINT to a running build.)
func TestInterruptedBuildExits130(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "articles"), 0o755)
	os.WriteFile(filepath.Join(dir, "edition.yaml"), []byte("title: Stopped\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "articles", "a.md"), []byte("# A\n\nText.\n"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, args := range [][]string{
		{"build", dir},
		{"build", "--json", dir},
		{"build", dir, dir},
		{"check", dir},
	} {
		var stdout, stderr bytes.Buffer
		code := runEnv(ctx, args, env{&stdout, &stderr, func(string) string { return "" }})
		if code != exitInterrupted {
			t.Errorf("%v: exit %d, want %d\n%s", args, code, exitInterrupted, stderr.String())
		}
		if bytes.Contains(stderr.Bytes(), []byte("context canceled")) || bytes.Contains(stdout.Bytes(), []byte("context canceled")) {
			t.Errorf("%v says context canceled:\n%s%s", args, stdout.String(), stderr.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "stopped.epub")); err == nil {
		t.Error("an interrupted build committed its EPUB")
	}
}
