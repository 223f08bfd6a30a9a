package pdf

// sheetSide is one side of a printed sheet: the reading-order pages
// (1-based; 0 for none) on its left and right halves.
type sheetSide struct{ left, right int }

// saddleOrder returns the sides of the sheets for saddle-stitching n pages
// (n a multiple of four): sheet 1's front holds the last page and page 1,
// its back page 2 and the second-to-last, and so on inwards.
func saddleOrder(n int) []sheetSide {
	if n <= 0 || n%4 != 0 {
		return nil
	}
	sides := make([]sheetSide, 0, n/2)
	for s := 0; s < n/4; s++ {
		sides = append(sides,
			sheetSide{left: n - 2*s, right: 1 + 2*s},
			sheetSide{left: 2 + 2*s, right: n - 1 - 2*s})
	}
	return sides
}
