package epub

import "testing"

func BenchmarkMasthead(b *testing.B) {
	ed, _ := testEdition(b)
	for b.Loop() {
		if _, err := drawMasthead(presented(ed)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	ed, fsys := testEdition(b)
	for b.Loop() {
		renderBook(b, ed, fsys, nil)
	}
}
