// Package pdf renders an edition as a print-ready PDF with go-pdf/fpdf.
package pdf
