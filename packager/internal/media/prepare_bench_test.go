package media

import (
	"bytes"
	"image/jpeg"
	"testing"
)

// BenchmarkPrepareScale scales a 3000 × 2000 photograph to 1600 pixels.
func BenchmarkPrepareScale(b *testing.B) {
	var src bytes.Buffer
	jpeg.Encode(&src, photo(3000, 2000), &jpeg.Options{Quality: 85})
	b.SetBytes(int64(src.Len()))
	b.ResetTimer()
	for range b.N {
		if _, err := prepare(src.Bytes(), Policy{MaxPx: 1600, Quality: 85}); err != nil {
			b.Fatal(err)
		}
	}
}
