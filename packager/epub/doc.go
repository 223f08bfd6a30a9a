// Package epub renders an edition as an EPUB 3 book with go-shiori/go-epub.
package epub
