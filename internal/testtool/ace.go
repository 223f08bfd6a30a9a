package testtool

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// AceCommand is the command npm installs for DAISY Ace (@daisy/ace-cli).
const AceCommand = "ace-cli"

// Chromium is Debian's Chromium, the browser Ace is run with.
const Chromium = "/usr/bin/chromium"

// AcePresent reports whether Ace and the Chromium it runs are installed.
func AcePresent() bool {
	if _, err := exec.LookPath(AceCommand); err != nil {
		return false
	}
	_, err := os.Stat(chromium())
	return err == nil
}

// chromium is the browser Ace drives: PUPPETEER_EXECUTABLE_PATH when
// set, else Debian's.
func chromium() string {
	if p := os.Getenv("PUPPETEER_EXECUTABLE_PATH"); p != "" {
		return p
	}
	return Chromium
}

// AceViolation is one problem Ace reports.
type AceViolation struct {
	Impact string // critical, serious, moderate or minor
	Rule   string
	File   string
	Title  string
}

func (v AceViolation) String() string {
	return fmt.Sprintf("%s %s in %s: %s", v.Impact, v.Rule, v.File, v.Title)
}

// Ace runs DAISY Ace over an EPUB, writing its report under outDir, and
// returns every violation it reports.
func Ace(epub, outDir string) ([]AceViolation, error) {
	cmd := exec.Command(AceCommand, "--force", "--silent", "--outdir", outDir, epub)
	cmd.Env = append(os.Environ(), "PUPPETEER_EXECUTABLE_PATH="+chromium(), "PUPPETEER_SKIP_DOWNLOAD=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("%s %s: %w\n%s", AceCommand, filepath.Base(epub), err, out)
	}
	raw, err := os.ReadFile(filepath.Join(outDir, "report.json"))
	if err != nil {
		return nil, err
	}
	return aceViolations(raw)
}

// aceViolations reads the violations out of Ace's report.json, an EARL
// report: one assertion per checked document, holding one assertion per
// failed rule.
func aceViolations(raw []byte) ([]AceViolation, error) {
	type assertion struct {
		Test struct {
			Impact string `json:"earl:impact"`
			Title  string `json:"dct:title"`
			Desc   string `json:"dct:description"`
		} `json:"earl:test"`
		Subject struct {
			URL string `json:"url"`
		} `json:"earl:testSubject"`
		Result struct {
			Outcome string `json:"earl:outcome"`
		} `json:"earl:result"`
		Assertions []json.RawMessage `json:"assertions"`
	}
	var rep struct {
		Assertions []assertion `json:"assertions"`
	}
	if err := json.Unmarshal(raw, &rep); err != nil {
		return nil, fmt.Errorf("reading Ace's report: %w", err)
	}
	var out []AceViolation
	for _, doc := range rep.Assertions {
		for _, r := range doc.Assertions {
			var a assertion
			if err := json.Unmarshal(r, &a); err != nil {
				return nil, fmt.Errorf("reading Ace's report: %w", err)
			}
			if a.Result.Outcome == "pass" {
				continue
			}
			out = append(out, AceViolation{Impact: a.Test.Impact, Rule: a.Test.Title, File: doc.Subject.URL, Title: strings.TrimSpace(a.Test.Desc)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out, nil
}

// RequireTools reports whether OFFPRINT_REQUIRE_TOOLS=1 asks for a
// validator that is not installed to fail the test instead of skipping it.
func RequireTools() bool { return os.Getenv("OFFPRINT_REQUIRE_TOOLS") == "1" }
