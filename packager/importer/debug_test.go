package importer

import (
	"os"
	"testing"
)

func TestDebugDump(t *testing.T) {
	f := os.Getenv("DUMP")
	if f == "" {
		t.Skip()
	}
	src, _ := os.ReadFile(f)
	a, d, err := Markdown{}.Import(f, src)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + dumpArticle(a, d))
}
