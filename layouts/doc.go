// Package layouts describes how an edition looks: page size, margins,
// columns, fonts, typography, furniture (running heads, folios, cover, table
// of contents, credits page) and, for the EPUB, its stylesheet and image
// policy.
//
// Built-in layouts are embedded in the binary. An edition's own
// layouts/NAME.yaml overrides a built-in of the same name, or names one with
// extends: and changes only the keys it sets. Every layout is decoded into
// the typed [Layout] and validated; errors name the file, the line and the
// key.
package layouts
