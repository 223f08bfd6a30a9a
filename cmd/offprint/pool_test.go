package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/offprint/offprint/internal/testtool"
)

// writePool writes an edition over a pool of 60 articles dated one a day
// from 2020-01-01, tagged by the day of the week, numbered by ISO week.
func writePool(t *testing.T) (string, map[string][]string) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "articles"), 0o755)
	os.WriteFile(filepath.Join(dir, "edition.yaml"), []byte(`title: Pool Weekly
issue: auto
first_issue_date: 2020-01-01
sections:
  - title: Weekdays
    select: {tags: [weekday], sort: date}
  - title: Weekend
    select: {tags: [weekend], sort: date}
`), 0o644)
	byWeek := map[string][]string{}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 60 {
		d := start.AddDate(0, 0, i)
		tag := "weekday"
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			tag = "weekend"
		}
		title := fmt.Sprintf("Dispatch %02d", i+1)
		y, w := d.ISOWeek()
		week := fmt.Sprintf("%d-W%02d", y, w)
		byWeek[week] = append(byWeek[week], title)
		os.WriteFile(filepath.Join(dir, "articles", fmt.Sprintf("%02d.md", i+1)), []byte(fmt.Sprintf(
			"---\ntitle: %s\ndate: %s\ntags: [%s]\nauthor: Pool Writer\n---\n\nNews of %s.\n", title, d.Format("2006-01-02"), tag, d.Format("2 January"))), 0o644)
	}
	return dir, byWeek
}

func zipEntry(t *testing.T, file, suffix string) string {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, suffix) {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			return string(b)
		}
	}
	t.Fatalf("%s has no %s", file, suffix)
	return ""
}

// TestWeeklyIssuesFromAPool cuts three consecutive weeks from a pool of 60
// articles: each issue holds exactly that week's articles, the issues are
// numbered in sequence, and their series metadata shelves them in order.
func TestWeeklyIssuesFromAPool(t *testing.T) {
	dir, byWeek := writePool(t)
	for n, week := range []string{"2020-W02", "2020-W03", "2020-W04"} {
		out := filepath.Join(t.TempDir(), week)
		var stderr bytes.Buffer
		code := runEnv(context.Background(), []string{"build", "-q", "--format", "epub", "--week", week, "-o", out, dir},
			env{&bytes.Buffer{}, &stderr, func(string) string { return "" }})
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s", week, code, stderr.String())
		}
		issue := n + 2 // week 1 of 2020 is issue 1
		epub := filepath.Join(out, fmt.Sprintf("pool-weekly-%03d.epub", issue))
		nav := zipEntry(t, epub, "nav.xhtml")
		got := regexp.MustCompile(`Dispatch \d\d`).FindAllString(nav, -1)
		for _, want := range byWeek[week] {
			if !strings.Contains(nav, want) {
				t.Errorf("%s: %s missing from the issue", week, want)
			}
		}
		if len(got) != 7 {
			t.Errorf("%s: %d articles, want 7", week, len(got))
		}
		opf := zipEntry(t, epub, ".opf")
		for _, want := range []string{
			`property="belongs-to-collection"`, ">Pool Weekly<",
			`property="group-position"`, fmt.Sprintf(">%d<", issue),
			`name="calibre:series" content="Pool Weekly"`,
			fmt.Sprintf(`name="calibre:series_index" content="%d"`, issue),
			"<dc:coverage>",
		} {
			if !strings.Contains(opf, want) {
				t.Errorf("%s: package.opf lacks %s", week, want)
			}
		}
		if testtool.Present("ebook-meta") {
			meta, err := exec.Command("ebook-meta", epub).CombinedOutput()
			if err != nil {
				t.Fatalf("ebook-meta: %v\n%s", err, meta)
			}
			if want := fmt.Sprintf("Pool Weekly #%d", issue); !regexp.MustCompile(`Series\s*:\s*` + regexp.QuoteMeta(want)).Match(meta) {
				t.Errorf("ebook-meta does not show series %q:\n%s", want, meta)
			}
		} else {
			t.Logf("not checked with calibre: ebook-meta is not installed")
		}
	}
}
