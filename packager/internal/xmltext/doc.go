// Package xmltext escapes text for the XML offprint writes (the e-book's
// pages and package, the shelf's catalog and page), one way for all.
package xmltext
