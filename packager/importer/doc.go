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
// the edition folder afterwards.
package importer
