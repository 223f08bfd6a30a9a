package epub

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

const epubcheckJar = "/usr/share/java/epubcheck.jar"

// needTool skips the test when a tool is missing, or fails it when
// OFFPRINT_REQUIRE_TOOLS=1.
func needTool(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("OFFPRINT_REQUIRE_TOOLS") == "1" {
		t.Fatalf("%s is not installed, and OFFPRINT_REQUIRE_TOOLS=1", what)
	}
	t.Skipf("%s is not installed; skipping (set OFFPRINT_REQUIRE_TOOLS=1 to fail instead)", what)
}

// epubcheck runs epubcheck on a book and fails on any error or warning.
func epubcheck(t *testing.T, name string, data []byte) {
	t.Helper()
	java, err := exec.LookPath("java")
	if err != nil {
		needTool(t, "java (for epubcheck)")
	}
	if _, err := os.Stat(epubcheckJar); err != nil {
		needTool(t, "epubcheck ("+epubcheckJar+")")
	}
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(java, "-jar", epubcheckJar, file).CombinedOutput()
	report := string(out)
	bad := regexp.MustCompile(`(?m)^(FATAL|ERROR|WARNING)\(`).FindAllString(report, -1)
	if err != nil || len(bad) > 0 || !regexp.MustCompile(`No errors or warnings detected`).MatchString(report) {
		t.Errorf("epubcheck %s: %v\n%s", name, err, report)
	}
}

func TestEpubcheck(t *testing.T) {
	ed, fsys := testEdition(t)
	for _, c := range []struct {
		name   string
		layout string
	}{{"ereader.epub", "ereader"}, {"handout.epub", "handout"}} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			data, _ := renderBook(t, ed, fsys, builtinLayout(t, c.layout))
			epubcheck(t, c.name, data)
		})
	}
	t.Run("single-section.epub", func(t *testing.T) {
		t.Parallel()
		data, _ := renderBook(t, singleSection(), nil, nil)
		epubcheck(t, "single-section.epub", data)
	})
}
