// Package importer turns article files into the model: Markdown with YAML
// front matter (the primary format), saved web pages (.html, .htm) and
// scraped text (.txt). Each importer is small and separate; they share the
// front matter reader, so every format understands the same keys and
// aliases.
//
// Every importer finds pictures' credits the same way: cutCredit,
// splitCredit and isCredit recognise "Credit:", "Photo:", "©" and the like,
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
//
// Markdown is read as the tools people write it in write it. Front matter
// may be YAML (---), TOML (+++, Hugo and Zola, with [taxonomies], [extra]
// and [params]), a JSON object (Hugo), Pelican/MultiMarkdown header lines
// or a pandoc % title block; every form goes through one table of keys
// and aliases (frontforms.go, frontmatter.go). Hugo and Zola shortcodes,
// Jekyll Liquid and Obsidian %%comments%% are rewritten into plain
// Markdown before parsing, keeping every line's number (shortcodes.go);
// Obsidian wikilinks, embeds and ==highlights==, GitHub alerts and
// Obsidian callouts, heading attributes and definition lists are parsed
// as Markdown (mdsyntax.go). Links to other articles are kept as written
// (a relative path, a site path, or "wikilink:Note#Heading") for the
// presentation step to resolve; an embed's picture address starts with
// EmbedPrefix until the packager finds it by name. A file's path gives a
// title and a date when its text names none (paths.go).
package importer
