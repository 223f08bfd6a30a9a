package main

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
)

//go:embed starter
var starter embed.FS

// initOptions are the settings of `offprint init`.
type initOptions struct {
	env env
	dir string
}

func newInitCmd(e env) *cobra.Command {
	opts := initOptions{env: e}
	return &cobra.Command{
		Use:   "init DIR",
		Short: "Write a starter edition that builds as it is",
		Long: `Write a starter edition into DIR: an edition.yaml with comments, two short
articles and a picture with its caption and credit. It builds as it is:

  offprint init weekly && offprint build weekly`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("init takes one folder").withHint("for example: offprint init weekly")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = args[0]
			return runInit(cmd.Context(), opts)
		},
	}
}

func runInit(_ context.Context, opts initOptions) error {
	if name, err := findEditionFile(opts.dir); err == nil {
		return usageErrorf("%s already holds an edition (%s)", opts.dir, name).withHint("choose a new folder; offprint init never overwrites")
	}
	var written []string
	err := fs.WalkDir(starter, "starter", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("starter", filepath.FromSlash(p))
		dst := filepath.Join(opts.dir, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := starter.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("%s already exists; offprint init never overwrites", dst)
			}
			return err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return err
		}
		written = append(written, dst)
		return f.Close()
	})
	if err != nil {
		return fmt.Errorf("init %s: %w", opts.dir, err)
	}
	u := newUI(opts.env.stderr, false)
	u.infof("wrote a starter edition in %s (%d files)", opts.dir, len(written))
	u.infof("next: offprint build %s", opts.dir)
	return nil
}
