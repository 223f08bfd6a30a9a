// Package yamlerr turns YAML parser errors into a line number and a
// message, so that every YAML file offprint reads (edition files, front
// matter, layouts) reports its errors the same way.
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
