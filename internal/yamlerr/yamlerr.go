package yamlerr

import (
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Split returns the 1-based line of src that an error from
// gopkg.in/yaml.v3 points at (0 when it names none) and its message without
// the "yaml: line N: " prefix.
//
// yaml.v3 reports parser errors that carry a context ("did not find
// expected ',' or ']'", raised while parsing a flow sequence) with the
// context's 0-based line; Split corrects those to the 1-based line where
// the unfinished construct starts. A line past the end of src (an error
// found at the end of the text) is reported as its last line.
func Split(err error, src []byte) (int, string) {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, e := fmt.Sscanf(rest, "%d", &line); n == 1 && e == nil {
			if i := strings.Index(rest, ": "); i >= 0 {
				msg = rest[i+2:]
			}
		}
	}
	if line > 0 && strings.HasPrefix(msg, "did not find expected") {
		line++
	}
	if last := lastLine(src); line > last {
		line = last
	}
	return line, msg
}

// lastLine is the number of the last line of src that holds anything.
func lastLine(src []byte) int {
	s := strings.TrimRight(string(src), " \t\r\n")
	if s == "" {
		return 1
	}
	return strings.Count(s, "\n") + 1
}

// Tabs reports the line indented with a tab that caused a YAML syntax
// error, or 0 when the error has another cause. YAML allows only spaces
// in indentation, and yaml.v3 says so only as "found character that
// cannot start any token", often naming the line before.
func Tabs(err error, src []byte) int {
	msg := err.Error()
	if !strings.Contains(msg, "cannot start any token") && !strings.Contains(msg, "tab character") {
		return 0
	}
	reported := 0
	if rest, ok := strings.CutPrefix(strings.TrimPrefix(msg, "yaml: "), "line "); ok {
		fmt.Sscanf(rest, "%d", &reported)
	}
	first := 0
	for i, l := range strings.Split(string(src), "\n") {
		indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if !strings.Contains(indent, "\t") || strings.TrimSpace(l) == "" {
			continue
		}
		if i+1 >= reported-1 {
			return i + 1
		}
		if first == 0 {
			first = i + 1
		}
	}
	return first
}

// TabHint is the advice for a file whose line is indented with a tab.
func TabHint(file string, line int) string {
	return fmt.Sprintf("%s:%d is indented with a tab; tabs are not allowed in YAML indentation, indent with spaces", file, line)
}
