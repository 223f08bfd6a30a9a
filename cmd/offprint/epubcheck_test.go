package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

const epubcheckJar = "/usr/share/java/epubcheck.jar"

// epubcheckBatch is the source of a program that runs epubcheck over
// several files in one JVM, as the command line does for each: starting
// a JVM costs more than checking a small EPUB.
const epubcheckBatch = `import com.adobe.epubcheck.tool.EpubChecker;

public class EpubcheckBatch {
  public static void main(String[] args) {
    System.setErr(System.out);
    for (String f : args) {
      System.out.println("=== epubcheck " + f);
      int code = new EpubChecker().run(new String[] {f});
      System.out.println("=== exit " + code);
    }
    System.out.flush();
  }
}
`

// epubBatch collects EPUBs while tests run and validates them together
// when the test that made it ends.
type epubBatch struct {
	dir   string
	mu    sync.Mutex
	files []string          // copies in dir
	what  map[string]string // copy → the test and file it came from
}

// newEPUBBatch starts a batch whose EPUBs are checked when t ends, after
// its parallel subtests; in -short mode nothing is checked.
func newEPUBBatch(t *testing.T) *epubBatch {
	b := &epubBatch{dir: t.TempDir(), what: map[string]string{}}
	t.Cleanup(func() { b.check(t) })
	return b
}

// add queues a copy of an EPUB (the original may be gone by the time the
// batch runs); what names it in messages.
func (b *epubBatch) add(what, file string) error {
	if testing.Short() {
		return nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	cp := filepath.Join(b.dir, fmt.Sprintf("%03d-%s", len(b.files), filepath.Base(file)))
	if err := os.WriteFile(cp, data, 0o644); err != nil {
		return err
	}
	b.files = append(b.files, cp)
	b.what[cp] = what
	return nil
}

// check runs epubcheck over every queued EPUB, failing t for each that has
// an error or a warning.
func (b *epubBatch) check(t *testing.T) {
	if len(b.files) == 0 || !requireTools(t, "epubcheck") {
		return
	}
	for f, out := range b.run(t) {
		if !epubcheckClean(out) {
			t.Errorf("epubcheck %s:\n%s", b.what[f], out)
		}
	}
}

// run returns epubcheck's report on each file: from one JVM when a JDK
// can run the batch program, else from one JVM per file.
func (b *epubBatch) run(t *testing.T) map[string]string {
	reports := map[string]string{}
	if _, err := exec.LookPath("javac"); err == nil {
		src := filepath.Join(b.dir, "EpubcheckBatch.java")
		if err := os.WriteFile(src, []byte(epubcheckBatch), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("java", append([]string{"-cp", epubcheckJar, src}, b.files...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("epubcheck batch: %v\n%s", err, out)
		}
		for _, part := range strings.Split(string(out), "=== epubcheck ")[1:] {
			file, report, _ := strings.Cut(part, "\n")
			reports[file] = report
		}
		if len(reports) == len(b.files) {
			return reports
		}
		t.Fatalf("epubcheck batch reported on %d of %d files:\n%s", len(reports), len(b.files), out)
	}
	for _, f := range b.files {
		out, err := exec.Command("java", "-jar", epubcheckJar, f).CombinedOutput()
		if err != nil {
			out = append(out, "\n=== exit 1"...)
		}
		reports[f] = string(out)
	}
	return reports
}

// epubcheckClean reports whether an epubcheck report has no error and no
// warning.
func epubcheckClean(report string) bool {
	for _, bad := range []string{"WARNING", "ERROR", "FATAL"} {
		if strings.Contains(report, bad) {
			return false
		}
	}
	return !strings.Contains(report, "=== exit ") || strings.Contains(report, "=== exit 0")
}
