package pdf

import (
	"reflect"
	"testing"
)

func TestSaddleOrder(t *testing.T) {
	got := saddleOrder(8)
	want := []sheetSide{{8, 1}, {2, 7}, {6, 3}, {4, 5}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("saddleOrder(8) = %v, want %v", got, want)
	}
	for _, n := range []int{4, 12, 16, 40} {
		seen := map[int]bool{}
		for i, s := range saddleOrder(n) {
			if s.left+s.right != n+1 {
				t.Errorf("n=%d side %d: %d + %d is not %d", n, i, s.left, s.right, n+1)
			}
			seen[s.left], seen[s.right] = true, true
			// Fronts put the even (verso) page on the left; backs too.
			if s.left%2 != 0 && i%2 == 1 || s.right%2 != 1 && i%2 == 0 {
				t.Errorf("n=%d side %d: %v has pages on the wrong sides", n, i, s)
			}
		}
		if len(seen) != n {
			t.Errorf("n=%d: %d pages placed", n, len(seen))
		}
	}
	if saddleOrder(6) != nil || saddleOrder(0) != nil {
		t.Error("a page count that is not a multiple of four was imposed")
	}
}
