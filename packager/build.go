package packager

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/epub"
	"github.com/offprint/offprint/packager/internal/media"
	"github.com/offprint/offprint/packager/internal/pdf"
	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/model"
)

// Renderer turns a presented edition into one output format.
type Renderer interface {
	// Format names the output and is its file extension: "epub", "pdf".
	Format() string
	// Render writes the edition, starting each output file with
	// open(name), and returns the files it wrote.
	Render(ctx context.Context, ed *model.Edition, open func(name string) (io.Writer, error)) ([]RenderedFile, error)
}

// RenderedFile is one file a renderer wrote.
type RenderedFile struct {
	Name  string
	Pages int // 0 for formats without pages
	// PrintPages says where each page begins in the text, for a file of
	// pages in reading order.
	PrintPages []model.PageStart
}

// Formats lists the output formats offprint makes.
var Formats = []string{"epub", "pdf"}

// RendererOptions is what every renderer is made with.
type RendererOptions struct {
	Layout *layouts.Layout
	// FS is the edition folder: pictures are read from it.
	FS fs.FS
	// Warn receives problems found while rendering; it is safe for
	// concurrent use.
	Warn func(model.Diagnostic)
	// Cache keeps prepared pictures between builds; nil for none.
	Cache media.Cache
	// WaitPrint, for the EPUB, returns once the edition's PrintPages are
	// set by the PDF built with it; nil when there is none.
	WaitPrint func(ctx context.Context)
}

// NewRenderer returns the renderer for a format.
func NewRenderer(format string, opts RendererOptions) (Renderer, error) {
	switch format {
	case "epub":
		return epubRenderer{epub.New(epub.Options{Layout: opts.Layout, FS: opts.FS, Warn: opts.Warn, Cache: opts.Cache, WaitPrint: opts.WaitPrint})}, nil
	case "pdf":
		return pdfRenderer{pdf.New(pdf.Options{Layout: opts.Layout, FS: opts.FS, Warn: opts.Warn})}, nil
	}
	return nil, fmt.Errorf("unknown format %q (there are: epub, pdf)", format)
}

type epubRenderer struct{ r *epub.Renderer }

func (e epubRenderer) Format() string { return e.r.Format() }

func (e epubRenderer) Render(ctx context.Context, ed *model.Edition, open func(string) (io.Writer, error)) ([]RenderedFile, error) {
	var files []RenderedFile
	err := e.r.Render(ctx, ed, func(name string) (io.Writer, error) {
		files = append(files, RenderedFile{Name: name})
		return open(name)
	})
	return files, err
}

type pdfRenderer struct{ r *pdf.Renderer }

func (p pdfRenderer) Format() string { return p.r.Format() }

func (p pdfRenderer) Render(ctx context.Context, ed *model.Edition, open func(string) (io.Writer, error)) ([]RenderedFile, error) {
	files, err := p.r.Render(ctx, ed, open)
	if fe := (*pdf.FitError)(nil); errors.As(err, &fe) {
		err = &model.Diagnostic{Severity: model.Error, Code: "no-fit", Msg: fe.Error(), Hint: fe.Hint(), Err: fe}
	}
	out := make([]RenderedFile, len(files))
	for i, f := range files {
		out[i] = RenderedFile{f.Name, f.Pages, f.PrintPages}
	}
	return out, err
}

// Render runs one renderer over a presented edition, writing its outputs
// through sink. It returns the outputs it started, uncommitted: the caller
// commits them once every renderer has succeeded.
func Render(ctx context.Context, r Renderer, ed *model.Edition, sink Sink) ([]*PendingOutput, error) {
	var outs []*PendingOutput
	open := func(name string) (io.Writer, error) {
		for _, o := range outs {
			if o.Name == name {
				return nil, fmt.Errorf("output %s opened twice", name)
			}
		}
		f, err := sink.Create(name)
		if err != nil {
			return nil, err
		}
		o := &PendingOutput{Name: name, Format: r.Format(), out: f}
		o.w = bufio.NewWriterSize(countingWriter{f, &o.Bytes}, 256<<10)
		outs = append(outs, o)
		return o.w, nil
	}
	files, err := r.Render(ctx, ed, open)
	if err == nil {
		for _, o := range outs {
			if ferr := o.w.Flush(); ferr != nil {
				err = fmt.Errorf("writing %s: %w", o.Name, ferr)
				break
			}
		}
	}
	if err != nil {
		for _, o := range outs {
			o.out.Abort()
		}
		return nil, err
	}
	for _, f := range files {
		for _, o := range outs {
			if o.Name == f.Name {
				o.Pages, o.PrintPages = f.Pages, f.PrintPages
			}
		}
	}
	return outs, nil
}

// PendingOutput is a finished but not yet committed output.
type PendingOutput struct {
	Name   string
	Format string
	Bytes  int64
	Pages  int // for PDFs; 0 otherwise
	// PrintPages says where each page of a PDF in reading order begins.
	PrintPages []model.PageStart
	out        Output
	w          *bufio.Writer
}

type countingWriter struct {
	w io.Writer
	n *int64
}

func (c countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	*c.n += int64(n)
	return n, err
}

// BuildOptions is everything Build needs.
type BuildOptions struct {
	// FS is the edition folder.
	FS fs.FS
	// Config is the edition file, decoded and validated.
	Config *Config
	// Layout is the resolved layout.
	Layout *layouts.Layout
	// Formats to build; empty means the layout's formats.
	Formats []string
	// Out receives the outputs.
	Out Sink
	// Strict turns warnings into a failed build.
	Strict bool
	// CacheDir keeps prepared pictures between builds; empty for none.
	CacheDir string

	Load      LoadOptions
	Normalize NormalizeOptions

	// Progress, when set, hears how far the build has come: step is
	// "reading" (done and total count article files) or "rendering"
	// (done and total count output formats). It may be called from any
	// goroutine.
	Progress func(step string, done, total int)
}

// Report says what a build did.
type Report struct {
	Edition  *model.Edition
	Outputs  []OutputInfo
	Articles int
	Figures  int
	Diags    []model.Diagnostic
	Timings  []Timing
}

// OutputInfo is one file a build wrote.
type OutputInfo struct {
	Name   string `json:"name"`
	Format string `json:"format"`
	Bytes  int64  `json:"bytes"`
	Pages  int    `json:"pages,omitempty"`
}

// Timing is how long one step took.
type Timing struct {
	Step     string        `json:"step"`
	Duration time.Duration `json:"duration"`
}

// Warnings returns the report's warnings.
func (r *Report) Warnings() []model.Diagnostic {
	var out []model.Diagnostic
	for _, d := range r.Diags {
		if d.Severity == model.Warning {
			out = append(out, d)
		}
	}
	return out
}

// StrictError fails a --strict build that has warnings.
type StrictError struct {
	Warnings int
}

func (e *StrictError) Error() string {
	s := "s"
	if e.Warnings == 1 {
		s = ""
	}
	return fmt.Sprintf("%d warning%s, and --strict makes warnings fail the build", e.Warnings, s)
}

// Build loads, normalizes and renders an edition, then commits every output
// at once. When anything fails, no output is committed and the previous
// outputs stay as they were. The report is returned even on failure, with
// the diagnostics found so far.
func Build(ctx context.Context, opts BuildOptions) (*Report, error) {
	rep := &Report{}
	step := func(name string, t0 time.Time) {
		rep.Timings = append(rep.Timings, Timing{name, time.Since(t0).Round(time.Microsecond)})
	}
	formats := opts.Formats
	if len(formats) == 0 {
		formats = opts.Layout.Formats
	}
	for _, f := range formats {
		if !slices.Contains(Formats, f) {
			return rep, fmt.Errorf("unknown format %q (there are: epub, pdf)", f)
		}
	}

	if _, err := opts.Config.Validate(); err != nil {
		return rep, err
	}
	progress := opts.Progress
	if progress == nil {
		progress = func(string, int, int) {}
	}
	lopts := opts.Load
	if lopts.Progress == nil {
		lopts.Progress = func(done, total int) { progress("reading", done, total) }
	}
	t0 := time.Now()
	loaded, err := Load(ctx, opts.FS, opts.Config, lopts)
	step("load", t0)
	if err != nil {
		return rep, err
	}
	rep.Diags = append(rep.Diags, loaded.Diags...)

	t0 = time.Now()
	nopts := opts.Normalize
	if nopts.MaxPixels == 0 {
		nopts.MaxPixels = opts.Layout.Images.MaxPixels
	}
	files := loaded.FS(opts.FS) // with the pictures of saved pages and archives
	ed, diags, err := Normalize(files, opts.Config, loaded, nopts)
	step("normalize", t0)
	if err != nil {
		return rep, err
	}
	rep.Edition = ed
	rep.Diags = append(rep.Diags, diags...)
	t0 = time.Now()
	rep.Diags = append(rep.Diags, present.Edition(ed)...)
	step("present", t0)
	if d := present.ConformanceRefused(ed, present.Descriptions(ed)); d != nil {
		rep.Diags = append(rep.Diags, *d)
		return rep, d
	}
	for _, a := range ed.Articles() {
		rep.Articles++
		rep.Figures += len(a.Figures())
	}
	if opts.Strict && len(rep.Warnings()) > 0 {
		return rep, &StrictError{len(rep.Warnings())}
	}

	// Render every format concurrently.
	var mu sync.Mutex
	warn := func(d model.Diagnostic) {
		mu.Lock()
		defer mu.Unlock()
		rep.Diags = append(rep.Diags, d)
	}
	type result struct {
		outs []*PendingOutput
		err  error
		took time.Duration
	}
	results := make([]result, len(formats))
	var rendered atomic.Int64
	progress("rendering", 0, len(formats))
	// With both formats, the EPUB marks where the PDF's pages begin: it
	// prepares its pictures while the PDF is laid out, then waits for it.
	both := slices.Contains(formats, "pdf") && slices.Contains(formats, "epub")
	printReady := make(chan struct{})
	var waitPrint func(context.Context)
	if both {
		waitPrint = func(ctx context.Context) {
			select {
			case <-printReady:
			case <-ctx.Done():
			}
		}
	}
	var wg sync.WaitGroup
	for i, f := range formats {
		var cache media.Cache
		if opts.CacheDir != "" {
			cache = media.DirCache{Dir: opts.CacheDir}
		}
		r, err := NewRenderer(f, RendererOptions{Layout: opts.Layout, FS: files, Warn: warn, Cache: cache, WaitPrint: waitPrint})
		if err != nil {
			return rep, err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.Now()
			outs, err := Render(ctx, r, ed, opts.Out)
			results[i] = result{outs, err, time.Since(t)}
			if f == "pdf" && both {
				for _, o := range outs {
					if len(o.PrintPages) > 0 {
						ed.PrintPages, ed.PrintSource = o.PrintPages, o.Name
					}
				}
				close(printReady)
			}
			progress("rendering", int(rendered.Add(1)), len(formats))
		}()
	}
	wg.Wait()
	var firstErr error
	for i, r := range results {
		rep.Timings = append(rep.Timings, Timing{"render " + formats[i], r.took.Round(time.Microsecond)})
		if r.err != nil && firstErr == nil {
			firstErr = fmt.Errorf("%s: %w", formats[i], r.err)
		}
	}
	if firstErr == nil && ctx.Err() != nil {
		firstErr = ctx.Err()
	}
	if firstErr == nil && opts.Strict && len(rep.Warnings()) > 0 {
		firstErr = &StrictError{len(rep.Warnings())}
	}
	if firstErr != nil {
		for _, r := range results {
			for _, o := range r.outs {
				o.out.Abort()
			}
		}
		return rep, firstErr
	}
	for _, r := range results {
		for _, o := range r.outs {
			if err := o.out.Commit(); err != nil && firstErr == nil {
				firstErr = err
			}
			rep.Outputs = append(rep.Outputs, OutputInfo{o.Name, o.Format, o.Bytes, o.Pages})
		}
	}
	return rep, firstErr
}
