package testtool

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// EpubcheckJar is where Debian's epubcheck package installs the validator.
const EpubcheckJar = "/usr/share/java/epubcheck.jar"

// ShortEpubcheck is what a test logs when -short leaves out epubcheck.
const ShortEpubcheck = "-short: epubcheck runs in the full suite"

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

// Present reports whether a validator is installed: "epubcheck" needs
// java and the jar, anything else is a command on the PATH.
func Present(name string) bool {
	if name == "epubcheck" {
		_, javaErr := exec.LookPath("java")
		_, jarErr := os.Stat(EpubcheckJar)
		return javaErr == nil && jarErr == nil
	}
	_, err := exec.LookPath(name)
	return err == nil
}

// Require reports whether a validator is installed; when it is not, it
// logs that the check is left out, or fails t under
// OFFPRINT_REQUIRE_TOOLS=1.
func Require(t testing.TB, name string) bool {
	t.Helper()
	if Present(name) {
		return true
	}
	if os.Getenv("OFFPRINT_REQUIRE_TOOLS") == "1" {
		t.Fatalf("%s is not installed, and OFFPRINT_REQUIRE_TOOLS=1", name)
	}
	t.Logf("not checked: %s is not installed", name)
	return false
}

// EPUBBatch collects EPUBs while tests run and validates them together,
// in one JVM, when the test that made it ends.
type EPUBBatch struct {
	dir   string
	mu    sync.Mutex
	files []string          // copies in dir
	what  map[string]string // copy → the test and file it came from
}

// NewEPUBBatch starts a batch whose EPUBs are checked when t ends, after
// its parallel subtests. With -short nothing is checked, and t says so.
func NewEPUBBatch(t *testing.T) *EPUBBatch {
	t.Helper()
	b := &EPUBBatch{dir: t.TempDir(), what: map[string]string{}}
	if testing.Short() {
		t.Log(ShortEpubcheck)
		return b
	}
	t.Cleanup(func() { b.check(t) })
	return b
}

// Add queues a copy of an EPUB file (the original may be gone by the time
// the batch runs); what names it in messages.
func (b *EPUBBatch) Add(what, file string) error {
	if testing.Short() {
		return nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	return b.AddData(what, filepath.Base(file), data)
}

// AddData queues an EPUB held in memory under the file name name; what
// names it in messages.
func (b *EPUBBatch) AddData(what, name string, data []byte) error {
	if testing.Short() {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	cp := filepath.Join(b.dir, fmt.Sprintf("%03d-%s", len(b.files), name))
	if err := os.WriteFile(cp, data, 0o644); err != nil {
		return err
	}
	b.files = append(b.files, cp)
	b.what[cp] = what
	return nil
}

// check runs epubcheck over every queued EPUB, failing t for each that has
// an error or a warning.
func (b *EPUBBatch) check(t *testing.T) {
	if len(b.files) == 0 || !Require(t, "epubcheck") {
		return
	}
	for f, out := range b.run(t) {
		if !EpubcheckClean(out) {
			t.Errorf("epubcheck %s:\n%s", b.what[f], out)
		}
	}
}

// run returns epubcheck's report on each file: from one JVM when a JDK
// can run the batch program, else from one JVM per file.
func (b *EPUBBatch) run(t *testing.T) map[string]string {
	reports := map[string]string{}
	if _, err := exec.LookPath("javac"); err == nil {
		src := filepath.Join(b.dir, "EpubcheckBatch.java")
		if err := os.WriteFile(src, []byte(epubcheckBatch), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("java", append([]string{"-cp", EpubcheckJar, src}, b.files...)...).CombinedOutput()
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
		out, err := exec.Command("java", "-jar", EpubcheckJar, f).CombinedOutput()
		if err != nil {
			out = append(out, "\n=== exit 1"...)
		}
		reports[f] = string(out)
	}
	return reports
}

// EpubcheckClean reports whether an epubcheck report has no error and no
// warning.
func EpubcheckClean(report string) bool {
	for _, bad := range []string{"WARNING", "ERROR", "FATAL"} {
		if strings.Contains(report, bad) {
			return false
		}
	}
	return !strings.Contains(report, "=== exit ") || strings.Contains(report, "=== exit 0")
}
