package media

import (
	"bytes"
	"image"
	"runtime/debug"
	"sync"
)

// decodeBudget is how many bytes of decoded pixels offprint holds at once
// while it prepares pictures, across all the pictures prepared in
// parallel. Each decode first reserves its picture's decoded size (4 bytes
// a pixel) from this budget and waits until that much is free, so that
// memory stays bounded however many cores work and however large the
// pictures are. A picture larger than the whole budget reserves all of it
// and is decoded alone. 512 MiB holds one 100-megapixel picture, or many
// phone photos at once.
const decodeBudget = 512 << 20

// bigRelease is the size of a decode after which memory is collected and
// given back before the budget is, so that the next large decode does not
// add to it.
const bigRelease = 64 << 20

// weighted is a semaphore whose permits are bytes.
type weighted struct {
	mu    sync.Mutex
	cond  *sync.Cond
	size  int64
	used  int64
	peak  int64 // the most ever reserved at once, for tests
	calls int
}

func newWeighted(size int64) *weighted {
	w := &weighted{size: size}
	w.cond = sync.NewCond(&w.mu)
	return w
}

// acquire reserves n bytes (at most the whole budget), waiting until they
// are free, and returns the function that gives them back.
func (w *weighted) acquire(n int64) (release func()) {
	n = max(0, min(n, w.size))
	w.mu.Lock()
	for w.used+n > w.size {
		w.cond.Wait()
	}
	w.used += n
	w.peak = max(w.peak, w.used)
	w.calls++
	w.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			if n >= bigRelease {
				// Free the decoded picture before the next decode may
				// start, or both would be in memory at once.
				debug.FreeOSMemory()
			}
			w.mu.Lock()
			w.used -= n
			w.mu.Unlock()
			w.cond.Broadcast()
		})
	}
}

// decodes is the budget every decode in this package reserves from.
var decodes = newWeighted(decodeBudget)

// decodedSize is the memory a picture takes once decoded: 4 bytes a
// pixel, with room for one same-sized copy when it is turned.
func decodedSize(w, h int, turned bool) int64 {
	n := int64(w) * int64(h) * 4
	if turned {
		n *= 2
	}
	return n
}

// acquireDecode reserves the budget for decoding src, read from its
// header; a header that cannot be read reserves nothing (the decode will
// fail on it anyway).
func acquireDecode(src []byte) (release func()) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(src))
	if err != nil {
		return func() {}
	}
	o := jpegOrientation(src[:min(len(src), 1<<16)])
	return decodes.acquire(decodedSize(cfg.Width, cfg.Height, o > 1))
}

// prepareCost is the memory prepare needs for a picture: the decoded
// picture (and its turned copy), plus the half-scaled picture the
// two-pass scaling holds between its passes (the new width by the old
// height).
func prepareCost(info Info, p Policy) int64 {
	n := decodedSize(info.Width, info.Height, info.Orientation > 1)
	if p.MaxPx > 0 && max(info.Width, info.Height) > p.MaxPx {
		n += int64(min(info.Width, p.MaxPx)) * int64(info.Height) * 4
	}
	return n
}
