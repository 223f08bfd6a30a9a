package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/offprint/offprint/layouts"
)

// layoutsOptions are the settings of `offprint layouts`.
type layoutsOptions struct {
	env  env
	dir  string // the edition whose layouts/ folder counts too
	show string // a layout to print, or "" to list
}

func newLayoutsCmd(e env) *cobra.Command {
	opts := layoutsOptions{env: e}
	cmd := &cobra.Command{
		Use:   "layouts [list | show NAME]",
		Short: "List the layouts, or print one's YAML to copy and edit",
		Long: `List the built-in layouts and the edition's own (layouts/*.yaml), or print
a layout's YAML. Copy it into your edition's layouts/ folder to change it,
or start a file of your own with "extends: NAME" and only the keys you change.`,
		Example: `  offprint layouts
  offprint layouts show magazine > weekly/layouts/mine.yaml`,
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case len(args) == 0, len(args) == 1 && args[0] == "list":
				return nil
			case len(args) == 2 && args[0] == "show":
				return nil
			case len(args) >= 1 && args[0] == "show":
				return usageErrorf("layouts show takes one layout name").withHint("for example: offprint layouts show magazine")
			}
			return usageErrorf("unknown layouts command %q", args[0]).withHint("use: offprint layouts list, or offprint layouts show NAME")
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 2 {
				opts.show = args[1]
			}
			return runLayouts(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.dir, "edition", "C", ".", "edition folder whose layouts/ to include")
	return cmd
}

func runLayouts(_ context.Context, opts layoutsOptions) error {
	var edition fs.FS
	if st, err := os.Stat(opts.dir); err == nil && st.IsDir() {
		edition = os.DirFS(opts.dir)
	}
	if opts.show != "" {
		src, err := layouts.Source(opts.show, edition)
		if err != nil {
			return err
		}
		_, err = opts.env.stdout.Write(src)
		return err
	}
	list, err := layouts.List(edition)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(opts.env.stdout, 0, 0, 2, ' ', 0)
	for _, l := range list {
		origin := ""
		if l.Origin != "built-in" {
			origin = "  (" + l.Origin + ")"
		}
		fmt.Fprintf(tw, "%s\t%s%s\n", l.Name, l.Description, origin)
	}
	return tw.Flush()
}
