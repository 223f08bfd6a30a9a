package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPreflightGray checks the weekly sample against a layout that prints
// in grey: offprint check and offprint build both name each colour
// picture.
func TestPreflightGray(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "weekly")
	if err := os.CopyFS(dir, os.DirFS("../../samples/weekly")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "layouts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "layouts", "bw.yaml"), []byte("extends: handout\ncolor: gray\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		var stdout, stderr bytes.Buffer
		runEnv(context.Background(), args, env{&stdout, &stderr, func(k string) string {
			if k == "SOURCE_DATE_EPOCH" {
				return "1577836800"
			}
			return ""
		}})
		return stderr.String()
	}
	check := run("check", "--layout", "bw", dir)
	build := run("build", "--layout", "bw", "--format", "pdf", "-o", t.TempDir(), dir)
	for _, out := range []string{check, build} {
		if n := strings.Count(out, "in colour (RGB) in a layout that prints in grey"); n < 2 || !strings.Contains(out, "warning: images/") {
			t.Errorf("%d colour pictures named:\n%s", n, out)
		}
	}
	if strings.Count(check, "in colour (RGB)") != strings.Count(build, "in colour (RGB)") {
		t.Errorf("check and build disagree:\n%s\n%s", check, build)
	}
}
