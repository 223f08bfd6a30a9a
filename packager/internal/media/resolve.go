package media

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"
)

// LocalRef returns the file a relative picture reference names: the
// reference is cut at its query (?) or fragment (#) first and then
// unescaped, so that "hash%231.jpg" names the file hash#1.jpg and
// "what%3F.jpg" the file what?.jpg. ok is false for web addresses, data
// and absolute paths.
func LocalRef(src string) (ref string, ok bool) {
	ref = strings.TrimSpace(src)
	if ref == "" || strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, `\`) || len(ref) > 1 && ref[1] == ':' {
		return "", false
	}
	if u, err := url.Parse(ref); err == nil && (u.Scheme != "" && len(u.Scheme) > 1 || u.Host != "") {
		return "", false
	}
	if i := strings.IndexAny(ref, "?#"); i >= 0 {
		ref = ref[:i]
	}
	if p, err := url.PathUnescape(ref); err == nil {
		ref = p
	}
	return strings.ReplaceAll(ref, `\`, "/"), ref != ""
}

// linkOutsideError is a symbolic link that leads out of the edition
// folder.
type linkOutsideError struct {
	Link   string // the link's path in the edition folder
	Target string // where it points, as written in the link
}

func (e *linkOutsideError) Error() string {
	return fmt.Sprintf("%s is a link to %s, outside the edition folder", e.Link, e.Target)
}

// LinkLoopError is a chain of symbolic links that never ends in a file.
type LinkLoopError struct {
	Link string // the first link of the loop met
}

func (e *LinkLoopError) Error() string {
	return fmt.Sprintf("%s is a symbolic link loop: following it leads back to itself", e.Link)
}

// maxLinks is how many links one path may go through before it counts
// as a loop, as on Linux.
const maxLinks = 40

// ResolvePath is the one check for every file offprint reads from the
// edition folder (articles and pictures): it follows the symbolic links
// along p (a slash-separated path in fsys) and returns the path of the
// file they lead to, inside fsys. A link that points outside the folder
// (an absolute target, or one that climbs above it) is a
// *linkOutsideError; a chain of links that loops is a *LinkLoopError.
// Parts of p that do not exist are left for the caller's Open to report.
// On a file system that has no links, p is returned as it is.
func ResolvePath(fsys fs.FS, p string) (string, error) {
	rest := strings.Split(p, "/")
	cur := ""
	hops := 0
	firstLink := ""
	for len(rest) > 0 {
		c := rest[0]
		rest = rest[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if cur == "" {
				if firstLink == "" {
					return "", fmt.Errorf("%s is outside the edition folder", p)
				}
				return "", &linkOutsideError{Link: firstLink, Target: mustReadLink(fsys, firstLink)}
			}
			cur = path.Dir(cur)
			if cur == "." {
				cur = ""
			}
			continue
		}
		next := path.Join(cur, c)
		fi, err := fs.Lstat(fsys, next)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			if err != nil {
				// Let the caller's Open say what is wrong.
				return path.Join(append([]string{next}, rest...)...), nil
			}
			cur = next
			continue
		}
		if firstLink == "" {
			firstLink = next
		}
		if hops++; hops > maxLinks {
			return "", &LinkLoopError{Link: firstLink}
		}
		target, err := fs.ReadLink(fsys, next)
		if err != nil {
			return "", fmt.Errorf("reading the link %s: %w", next, err)
		}
		if strings.HasPrefix(target, "/") || strings.HasPrefix(target, `\`) || len(target) > 1 && target[1] == ':' {
			return "", &linkOutsideError{Link: next, Target: target}
		}
		// cur, the link's folder, stays; its target is read from there.
		rest = append(strings.Split(target, "/"), rest...)
		if path.Clean(path.Join(cur, target)) == ".." || strings.HasPrefix(path.Clean(path.Join(cur, target)), "../") {
			return "", &linkOutsideError{Link: next, Target: target}
		}
	}
	if cur == "" {
		return ".", nil
	}
	return cur, nil
}

func mustReadLink(fsys fs.FS, p string) string {
	t, err := fs.ReadLink(fsys, p)
	if err != nil {
		return "?"
	}
	return t
}
