// Command offprint turns a folder of articles into an edition: an EPUB 3
// for e-readers and a print-ready PDF, with every byline, source, licence,
// caption and photo credit carried through.
//
//	offprint build [DIR]             build the edition in DIR (default .)
//	offprint check [DIR]             report problems without building
//	offprint import FILE… --to DIR   turn saved pages and text into Markdown
//	offprint layouts [list|show N]   list layouts, or print one to copy
//	offprint init DIR                write a starter edition
//	offprint version                 print the version
//
// Settings come from flags, then OFFPRINT_* environment variables, then the
// edition file, then the layout's defaults.
package main
