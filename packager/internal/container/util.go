package container

import (
	"strconv"
	"strings"
)

// fmtSscan reads a srcset descriptor ("800w", "2x") into its number and
// unit.
func fmtSscan(s string, n *float64, unit *string) (int, error) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '.') })
	if i < 0 {
		i = len(s)
	}
	v, err := strconv.ParseFloat(s[:i], 64)
	if err != nil {
		return 0, err
	}
	*n, *unit = v, s[i:]
	return 2, nil
}
