// Package media reads pictures: it tells their format and size from the
// header alone (so that an oversized or corrupt picture is refused before
// it is decoded), and prepares them for an output (scaled, re-encoded or
// passed through untouched).
package media
