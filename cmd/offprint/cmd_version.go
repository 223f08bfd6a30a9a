package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// versionOptions are the settings of `offprint version`.
type versionOptions struct {
	env env
}

func newVersionCmd(e env) *cobra.Command {
	opts := versionOptions{env: e}
	return &cobra.Command{
		Use:   "version",
		Short: "Print offprint's version",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVersion(cmd.Context(), opts)
		},
	}
}

// version is set by the linker for releases (-X main.version=v1.2.3);
// otherwise the module version from the build info is used.
var version = ""

func runVersion(_ context.Context, opts versionOptions) error {
	v := version
	if v == "" {
		v = "(devel)"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
			v = bi.Main.Version
		}
	}
	_, err := fmt.Fprintf(opts.env.stdout, "offprint %s %s/%s %s\n", v, runtime.GOOS, runtime.GOARCH, runtime.Version())
	return err
}
