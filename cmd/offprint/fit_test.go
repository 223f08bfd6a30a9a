package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/offprint/offprint/internal/testtool"
)

// TestFitWeekly asks for the weekly sample as a one-sheet handout (two
// pages), by flag and by OFFPRINT_FIT: it either takes two pages or the
// build fails saying by how much it overflows at the smallest size the
// layout allows. Asked for more pages than it needs, it keeps its size.
func TestFitWeekly(t *testing.T) {
	build := func(t *testing.T, fit string, args ...string) (int, string, string) {
		out := t.TempDir()
		var stdout, stderr bytes.Buffer
		code := runEnv(context.Background(), append([]string{"build", "../../samples/weekly", "--layout", "handout", "--format", "pdf", "-o", out}, args...),
			env{&stdout, &stderr, func(k string) string {
				switch k {
				case "SOURCE_DATE_EPOCH":
					return "1577836800"
				case "OFFPRINT_FIT":
					return fit
				}
				return ""
			}})
		pdfs, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
		pages := ""
		if len(pdfs) == 1 && testtool.Require(t, "pdfinfo") {
			info, _ := exec.Command("pdfinfo", pdfs[0]).Output()
			if m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(info); m != nil {
				pages = string(m[1])
			}
		}
		return code, pages, stderr.String()
	}
	overflow := regexp.MustCompile(`does not fit 1 sheet \(2 pages\): at the smallest size allowed \(80 %\) it takes (\d+) pages; (\d+) too many`)
	for _, c := range []struct {
		name, env string
		args      []string
	}{{"flag", "", []string{"--fit", "1 sheet"}}, {"env", "1 sheet", nil}} {
		t.Run(c.name, func(t *testing.T) {
			code, pages, stderr := build(t, c.env, c.args...)
			switch {
			case code == 0 && pages == "2":
			case code != 0 && overflow.MatchString(stderr):
			default:
				t.Errorf("exit %d, %s pages:\n%s", code, pages, stderr)
			}
		})
	}
	_, natural, _ := build(t, "")
	if code, pages, stderr := build(t, "", "--fit", "20 pages"); code != 0 || pages != natural {
		t.Errorf("fit 20 pages: exit %d, %s pages (%s without fit)\n%s", code, pages, natural, stderr)
	}
	// One page fewer than it takes at full size: found by scaling down.
	n, _ := strconv.Atoi(natural)
	if code, pages, stderr := build(t, "", "--fit", strconv.Itoa(n-1)+" pages"); code != 0 || pages != strconv.Itoa(n-1) {
		t.Errorf("fit %d pages: exit %d, %s pages\n%s", n-1, code, pages, stderr)
	}
	// offprint check reports what build would refuse.
	var stdout, stderr bytes.Buffer
	runEnv(context.Background(), []string{"check", "../../samples/weekly", "--layout", "handout", "--fit", "1 sheet"}, env{&stdout, &stderr, func(string) string { return "" }})
	if code, _, _ := build(t, "", "--fit", "1 sheet"); code != 0 && !overflow.MatchString(stderr.String()) {
		t.Errorf("check does not report the overflow:\n%s", stderr.String())
	}
	// The edition file's fit:, and a bad one named by its line.
	dir := filepath.Join(t.TempDir(), "weekly")
	if err := os.CopyFS(dir, os.DirFS("../../samples/weekly")); err != nil {
		t.Fatal(err)
	}
	edFile := filepath.Join(dir, "edition.yaml")
	orig, _ := os.ReadFile(edFile)
	for fit, want := range map[string]string{"1 sheet": "does not fit 1 sheet", "1 leaf": `edition.yaml:\d+: fit: "1 leaf" is not a fit`} {
		os.WriteFile(edFile, append(append([]byte(nil), orig...), "fit: "+fit+"\n"...), 0o644)
		var so, se bytes.Buffer
		code := runEnv(context.Background(), []string{"build", dir, "--layout", "handout", "--format", "pdf", "-o", t.TempDir()}, env{&so, &se, func(string) string { return "" }})
		if !regexp.MustCompile(want).MatchString(se.String()) && !(fit == "1 sheet" && code == 0) {
			t.Errorf("edition file fit: %s: exit %d\n%s", fit, code, se.String())
		}
	}
	if code, _, stderr := build(t, "", "--fit", "two pages"); code != 2 || !strings.Contains(stderr, "--fit") {
		t.Errorf("a bad --fit: exit %d\n%s", code, stderr)
	}
}
