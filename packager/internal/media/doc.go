// Package media reads pictures: it tells their format, upright size and
// EXIF orientation from the header alone (so that an oversized or corrupt
// picture is refused before it is decoded), and prepares them for an
// output (scaled, turned upright, re-encoded or passed through untouched).
//
// It is the one place where these decisions are made, for every output:
//   - LocalRef and ResolvePath find the file a picture reference names,
//     refusing symbolic links that leave the edition folder or loop;
//   - Probe reads the header; Upright and prepare turn phone photos the
//     right way up by their EXIF orientation;
//   - SafeSVG cleans or refuses SVG drawings;
//   - decodes share decodeBudget, so that memory stays bounded;
//   - DirCache keeps prepared pictures between builds, checked by hash.
package media
