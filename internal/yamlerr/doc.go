// Package yamlerr turns YAML parser errors into a line number and a
// message, so that every YAML file offprint reads (edition files, front
// matter, layouts) reports its errors the same way, and finds the tab
// indentation YAML does not allow.
package yamlerr
