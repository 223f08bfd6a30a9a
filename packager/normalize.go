package packager

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/offprint/offprint/packager/internal/media"
	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/model"
)

// NormalizeOptions are the facts Normalize needs from outside the edition
// folder.
type NormalizeOptions struct {
	// Now is the build clock: the edition's date when it names none.
	Now time.Time
	// Epoch, when set (from SOURCE_DATE_EPOCH), stamps the outputs and
	// stands in for the clock, so that builds are reproducible.
	Epoch *time.Time
	// Issue, when set, overrides the edition file's issue number.
	Issue int
	// Date, when set, overrides the edition file's date.
	Date time.Time
	// Range is the span of dates the edition covers, when one was asked
	// for.
	Range model.DateRange
	// MaxPixels refuses pictures larger than this by their header.
	MaxPixels int
}

// Normalize turns loaded articles into the edition model: edition metadata
// with its defaults (series, date, licence; the language is settled when
// the edition is presented), a stable identifier
// and slug, and every picture resolved against the edition
// folder and probed. Problems that leave a usable edition are returned as
// warnings (a missing picture keeps its caption); the rest are errors.
func Normalize(fsys fs.FS, cfg *Config, loaded *Loaded, opts NormalizeOptions) (*model.Edition, []model.Diagnostic, error) {
	var diags []model.Diagnostic
	now := opts.Now
	if opts.Epoch != nil {
		now = *opts.Epoch
	}
	ed := &model.Edition{
		Title:       strings.TrimSpace(cfg.Title),
		Subtitle:    strings.TrimSpace(cfg.Subtitle),
		Publisher:   strings.TrimSpace(cfg.Publisher),
		Language:    cfg.Language,
		Series:      strings.TrimSpace(cfg.Series),
		License:     strings.TrimSpace(cfg.License),
		Description: strings.TrimSpace(cfg.Description),
		Editor:      strings.TrimSpace(cfg.Editor),
		Tags:        cfg.Tags,
		TitleFormat: cfg.TitleFormat,
		Conforms:    cfg.Accessibility.Conforms,
		Modified:    now.UTC().Truncate(time.Second),
		Range:       opts.Range,
	}
	if ed.Series == "" {
		ed.Series = ed.Title
	}
	switch {
	case !opts.Date.IsZero():
		ed.Date = opts.Date
	case !cfg.settings.Date.IsZero():
		ed.Date = cfg.settings.Date
	default:
		ed.Date = now.UTC().Truncate(24 * time.Hour)
	}
	switch {
	case opts.Issue > 0:
		ed.Issue = opts.Issue
	case cfg.settings.AutoIssue:
		n, err := autoIssue(cfg, ed.Date)
		if err != nil {
			return nil, nil, err
		}
		ed.Issue = n
	default:
		ed.Issue = cfg.settings.Issue
	}
	ed.Slug = Slug(ed.Title, ed.Issue)
	ed.Identifier = Identifier(ed)

	if cfg.Cover != "" {
		im, d := resolveImage(fsys, "", cfg.Cover, opts.MaxPixels)
		if d != nil {
			d.File, d.Line, d.Code = cfg.File, 0, "cover"
			d.Msg = "cover: " + d.Msg
			diags = append(diags, *d)
		} else if im.Format == "svg" || im.Format == "webp" {
			diags = append(diags, model.Warnf("cover", cfg.File, 0, "cover: %s is %s; a cover must be JPEG, PNG or GIF, so a masthead is drawn instead", cfg.Cover, strings.ToUpper(im.Format)))
		} else {
			ed.Cover = im
		}
	}

	n := 0
	for _, ls := range loaded.Sections {
		sec := &model.Section{Title: strings.TrimSpace(ls.Title)}
		for _, a := range ls.Articles {
			n++
			a.Title = strings.TrimSpace(a.Title)
			if a.License == "" && ed.License != "" {
				a.License = ed.License
				a.LicenseFromEdition = true
			}
			for _, f := range a.Figures() {
				if f.Image == nil {
					continue
				}
				im, d := resolveImage(fsys, path.Dir(a.File), f.Image.Src, opts.MaxPixels)
				if d != nil {
					d.File, d.Line = a.File, f.Line
					if d.Severity == model.Error {
						return nil, nil, d
					}
					diags = append(diags, *d)
					f.Image = &model.Image{Src: f.Image.Src}
					continue
				}
				f.Image = im
			}
			sec.Articles = append(sec.Articles, a)
		}
		ed.Sections = append(ed.Sections, sec)
	}
	if n == 0 {
		return nil, nil, &model.Diagnostic{Severity: model.Error, Code: "empty", File: cfg.File,
			Msg: "the edition would have no articles", Hint: "check the sections and their selections, or pass --drafts if the articles are drafts"}
	}
	return ed, diags, nil
}

// autoIssue numbers an edition by ISO week: the week of first_issue_date
// is issue 1, the week after it issue 2, and so on.
func autoIssue(cfg *Config, date time.Time) (int, error) {
	first := cfg.settings.FirstIssueDate
	from, to := WeekStart(first), WeekStart(date)
	weeks := int(to.Sub(from).Hours()+12) / (7 * 24)
	if to.Before(from) {
		return 0, &ConfigError{File: cfg.File, Key: "issue", Msg: fmt.Sprintf("issue: auto counts from first_issue_date %s, and the edition's date %s comes before it", first.Format("2006-01-02"), date.Format("2006-01-02")),
			Hint: "check the edition's date (or --week), or move first_issue_date back"}
	}
	return weeks + 1, nil
}

// WeekStart returns the Monday (00:00 UTC) of the ISO week holding t.
func WeekStart(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	wd := (int(d.Weekday()) + 6) % 7 // Monday = 0
	return d.AddDate(0, 0, -wd)
}

// resolveImage finds a picture reference relative to dir in the edition
// folder and reads its header. It never fetches: remote references are
// reported, not followed.
func resolveImage(fsys fs.FS, dir, src string, maxPixels int) (*model.Image, *model.Diagnostic) {
	im := &model.Image{Src: src}
	warn := func(code, format string, a ...any) *model.Diagnostic {
		d := model.Warnf(code, "", 0, format, a...)
		return &d
	}
	ref := strings.TrimSpace(src)
	if ref == "" {
		return nil, warn("missing-image", "a picture has no address")
	}
	if u, err := url.Parse(ref); err == nil && (u.Scheme != "" && len(u.Scheme) > 1 || u.Host != "") {
		return nil, withHint(warn("remote-image", "picture %s is on the web and is not fetched", ref), "save it next to the article and refer to it by a relative path")
	}
	if strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, `\`) || (len(ref) > 1 && ref[1] == ':') {
		return nil, withHint(warn("outside-image", "picture %s is an absolute path; only pictures inside the edition folder are used", ref), "copy it into images/ and refer to it by a relative path")
	}
	ref, _ = media.LocalRef(ref)
	p := path.Join(dir, ref)
	if !fs.ValidPath(p) || p == "." || strings.HasPrefix(p, "../") || p == ".." {
		return nil, withHint(warn("outside-image", "picture %s is outside the edition folder and is not used", src), "copy it into images/ and refer to it by a relative path")
	}
	real, err := media.ResolvePath(fsys, p)
	if err != nil {
		var loop *media.LinkLoopError
		if errors.As(err, &loop) {
			return nil, &model.Diagnostic{Severity: model.Error, Code: "link-loop", Msg: "picture " + err.Error(), Err: err}
		}
		return nil, withHint(warn("outside-image", "picture %v; it is not used", err), "copy the picture into the edition folder instead of linking to it")
	}
	p = real
	f, err := fsys.Open(p)
	if err != nil {
		return nil, withHint(warn("missing-image", "picture %s not found", p), "check the path; it is relative to the article's folder")
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || st.IsDir() {
		return nil, warn("missing-image", "picture %s is a folder, not a file", p)
	}
	// The one reading of the picture's header: both renderers take what
	// they need to know from the model.
	info, err := media.ProbeDetail(f, maxPixels)
	if err != nil {
		var tl *media.TooLargeError
		if errors.As(err, &tl) {
			return nil, withHint(warn("image-too-large", "picture %s is refused: %v", p, err), "scale it down, or raise images.max_pixels in the layout")
		}
		return nil, warn("bad-image", "picture %s cannot be used: %v", p, err)
	}
	im.Path, im.Format, im.Width, im.Height = p, info.Format, info.Width, info.Height
	im.Orientation, im.Components, im.Plain = info.Orientation, info.Components, info.Plain
	return im, nil
}

func withHint(d *model.Diagnostic, h string) *model.Diagnostic { d.Hint = h; return d }

// Slug names output files: the title in lowercase words joined by hyphens,
// then the issue number in three digits ("corpus-weekly-012").
func Slug(title string, issue int) string {
	s := present.SlugWords(title, 60)
	if s == "" {
		s = "edition"
	}
	if issue > 0 {
		s += fmt.Sprintf("-%03d", issue)
	}
	return s
}

// Identifier derives a stable URN for the edition from its series, issue,
// date and title; see model.StableIdentifier.
func Identifier(ed *model.Edition) string { return model.StableIdentifier(ed) }
