// Package importer turns article files into the model: Markdown with YAML
// front matter (the primary format), saved web pages (.html, .htm) and
// scraped text (.txt). Each importer is small and separate; they share the
// front matter reader, so every format understands the same keys and
// aliases.
//
// Every importer finds pictures' credits the same way: CutCredit,
// SplitCredit and IsCredit recognise "Credit:", "Photo:", "©" and the like,
// at the start of a caption or title or appended to a caption.
//
// Importers only read the bytes they are given. They record each picture's
// reference as written (model.Image.Src); the packager resolves it against
// the edition folder afterwards. The one exception is the HTML importer,
// which may ask the edition folder (ForFS) whether a picture's candidate
// files exist, to choose among a saved page's srcset and lazy-loading
// addresses; it never opens them.
//
// Saved pages (.html) go through reader-mode extraction and a sanitiser,
// then through the same HTML converter the Markdown importer uses for raw
// HTML, so that a figure, a list or a table reads the same from either.
// FormatMarkdown writes any imported article back as Markdown that
// imports to the same article; `offprint import` is built on it.
package importer
