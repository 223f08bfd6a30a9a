// Package model is the one description of an edition that every importer
// produces and every renderer reads: Edition › Section › Article › Block,
// with figures (picture, alt text, caption, credit) and each article's
// attribution (authors, source, URL, licence, copyright).
//
// The model knows nothing of Markdown, HTML, EPUB or PDF. Text inside a
// block is a flat sequence of styled [Span]s, which both renderers can lay
// out without parsing anything again.
package model
