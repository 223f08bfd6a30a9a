// Package present settles, once for every output, what a reader sees of a
// normalized edition that does not depend on the format: the edition's
// labels and their wording (issue, date, range of days), titles and
// fallbacks, alternative text, bylines and lists of names, the credits
// page as ready entries, where every link leads (in the same article,
// another article of the edition, or outside it), unique ids, the language
// and direction of every article, and the print-resolution warning.
//
// Edition fills the fields of the model that are documented as set by the
// presentation step. The EPUB and PDF renderers lay out what it hands them
// and decide none of it again.
package present
