// Package packager makes an edition from a folder of articles. The work is
// a visible pipeline of exported steps:
//
//   - [Load] reads the edition's article files (by section: paths, globs and
//     selections) and imports each into the model;
//   - [Normalize] fills in the edition's metadata and defaults, gives
//     everything a stable id and resolves every picture against the edition
//     folder;
//   - [Render] hands the finished [model.Edition] to a [Renderer]: EPUB and
//     PDF are two implementations.
//
// [Build] runs the three and writes the outputs through a [Sink], which
// makes them visible only when every output is complete.
//
// The packager reads only the fs.FS it is given and writes only through
// the Sink; the clock, SOURCE_DATE_EPOCH and every option arrive as
// arguments. It never touches the network.
package packager
