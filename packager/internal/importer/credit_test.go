package importer

import (
	"testing"

	"github.com/offprint/offprint/packager/model"
)

func TestCutCredit(t *testing.T) {
	for _, c := range []struct{ in, rest, credit string }{
		// Every prefix, at the start: all of it is the credit.
		{"Credit: AP", "", "Credit: AP"},
		{"Credits: AP/Reuters", "", "Credits: AP/Reuters"},
		{"Photo: Jane Doe", "", "Photo: Jane Doe"},
		{"Photograph: Jane Doe", "", "Photograph: Jane Doe"},
		{"Photos: Jane Doe", "", "Photos: Jane Doe"},
		{"Image: NASA", "", "Image: NASA"},
		{"Illustration: Kim Lee", "", "Illustration: Kim Lee"},
		{"Source: World Bank", "", "Source: World Bank"},
		{"© 2020 AFP", "", "© 2020 AFP"},
		{"©AFP", "", "©AFP"},
		{"(c) 2020 AFP", "", "(c) 2020 AFP"},
		{"(C) AFP", "", "(C) AFP"},
		{"Copyright 2020 AFP", "", "Copyright 2020 AFP"},
		{"Copyright: AFP", "", "Copyright: AFP"},
		{"Copyright © AFP", "", "Copyright © AFP"},
		{"credit: ap", "", "credit: ap"},
		{"PHOTO: AP", "", "PHOTO: AP"},
		{"Photo : AP", "", "Photo : AP"},
		{"Photo credit: AP", "", "Photo credit: AP"},
		{"Photo by Jane Doe on Unsplash", "", "Photo by Jane Doe on Unsplash"},
		{"  Credit:   AP  ", "", "Credit: AP"},
		// Appended to a caption.
		{"Protesters in Baghdad. Credit: AFP/GETTY", "Protesters in Baghdad.", "Credit: AFP/GETTY"},
		{"Protesters in Baghdad Credit: AFP/GETTY", "Protesters in Baghdad", "Credit: AFP/GETTY"},
		{"Protesters in Baghdad (Photo: AFP)", "Protesters in Baghdad", "Photo: AFP"},
		{"Protesters in Baghdad [Photo: AFP].", "Protesters in Baghdad", "Photo: AFP"},
		{"Protesters in Baghdad | Photo: AFP", "Protesters in Baghdad", "Photo: AFP"},
		{"Protesters in Baghdad — Photo: AFP", "Protesters in Baghdad", "Photo: AFP"},
		{"Protesters in Baghdad. © 2020 AFP", "Protesters in Baghdad.", "© 2020 AFP"},
		{"Protesters in Baghdad © AFP", "Protesters in Baghdad", "© AFP"},
		{"Protesters in Baghdad. (c) 2020 AFP", "Protesters in Baghdad.", "(c) 2020 AFP"},
		{"Protesters in Baghdad. Copyright 2020 AFP", "Protesters in Baghdad.", "Copyright 2020 AFP"},
		{"Protesters in Baghdad. Image: Reuters", "Protesters in Baghdad.", "Image: Reuters"},
		{"Protesters in Baghdad. Source: Reuters", "Protesters in Baghdad.", "Source: Reuters"},
		{"Protesters in Baghdad. Illustration: Kim Lee", "Protesters in Baghdad.", "Illustration: Kim Lee"},
		{"Protesters in Baghdad.\nCredit: AFP", "Protesters in Baghdad.", "Credit: AFP"},
		{"A boat. Photo: Jo Ng. Credit: AP", "A boat.", "Photo: Jo Ng. Credit: AP"},
		// Two credits.
		{"A boat (Photo: Jo Ng) Credit: AP", "A boat", "Photo: Jo Ng; Credit: AP"},
		// Other languages.
		{"Les digues. Crédit photo : Jo Ng", "Les digues.", "Crédit photo : Jo Ng"},
		{"Die Deiche. Foto: Jo Ng", "Die Deiche.", "Foto: Jo Ng"},
		{"السد الجديد عند الفجر. تصوير: سامي نور", "السد الجديد عند الفجر.", "تصوير: سامي نور"},
		// News agencies' photo credits in parentheses.
		{"Protesters in Baghdad. (AP Photo/Hadi Mizban)", "Protesters in Baghdad.", "AP Photo/Hadi Mizban"},
		{"Protesters in Baghdad (AP Photo/Hadi Mizban, File).", "Protesters in Baghdad", "AP Photo/Hadi Mizban, File"},
		{"A rally in Tehran (Reuters Photo)", "A rally in Tehran", "Reuters Photo"},
		{"(AP Photo/Hadi Mizban)", "", "AP Photo/Hadi Mizban"},
		// Not credits.
		{"A rally (see photo)", "A rally (see photo)", ""},
		{"A rally (AP Photo/)", "A rally (AP Photo/)", ""},
		{"Protesters in Baghdad.", "Protesters in Baghdad.", ""},
		{"", "", ""},
		{"Credit:", "Credit:", ""},
		{"The river's source: a spring in the hills", "The river's source: a spring in the hills", ""},
		{"Options (a), (b) and (c) are shown", "Options (a), (b) and (c) are shown", ""},
		{"A photographer at work", "A photographer at work", ""},
		{"Copyrighted works on a shelf", "Copyrighted works on a shelf", ""},
		{"Sourdough, photo by the baker's window", "Sourdough, photo by the baker's window", ""},
		{"Images: ", "Images:", ""},
	} {
		rest, credit := cutCredit(c.in)
		if rest != c.rest || credit != c.credit {
			t.Errorf("cutCredit(%q) = %q, %q; want %q, %q", c.in, rest, credit, c.rest, c.credit)
		}
	}
}

func TestIsCredit(t *testing.T) {
	for s, want := range map[string]bool{
		"Credit: AP": true, "  photo: AP": true, "© AFP": true, "(c) 2020": true, "Copyright AFP": true,
		"Source: ONS": true, "Illustration: Kim": true, "A boat. Credit: AP": false, "Credit:": false, "Photographer": false,
	} {
		if got := isCredit(s); got != want {
			t.Errorf("isCredit(%q) = %v", s, got)
		}
	}
}

func TestSplitCredit(t *testing.T) {
	for _, c := range []struct{ caption, title, wantCaption, wantCredit string }{
		{"Boats leave the harbour", "Photo: Jo Ng", "Boats leave the harbour", "Photo: Jo Ng"},
		{"Boats leave the harbour", "Jo Ng", "Boats leave the harbour", "Jo Ng"},
		{"Boats leave the harbour", "", "Boats leave the harbour", ""},
		{"Boats. Credit: AP", "", "Boats.", "Credit: AP"},
		{"Boats. Photo: Jo Ng", "© AFP", "Boats.", "Photo: Jo Ng; © AFP"},
		{"Boats. Credit: AP", "Credit: AP", "Boats.", "Credit: AP"},
		{"Boats", "Boats", "Boats", ""},
		{"", "Boats leave. Photo: Jo Ng", "Boats leave.", "Photo: Jo Ng"},
		{"Boats", "Boats leave. Photo: Jo Ng", "Boats", "Photo: Jo Ng"},
		{"  Boats \n leave ", "  Photo:\tJo   Ng ", "Boats leave", "Photo: Jo Ng"},
	} {
		capt, credit := splitCredit(c.caption, c.title)
		if capt != c.wantCaption || credit != c.wantCredit {
			t.Errorf("splitCredit(%q, %q) = %q, %q; want %q, %q", c.caption, c.title, capt, credit, c.wantCaption, c.wantCredit)
		}
	}
}

func TestSplitCreditSpans(t *testing.T) {
	spans := []model.Span{
		{Text: "The "}, {Text: "Lowen", Style: model.Emph}, {Text: " at sea. "}, {Kind: model.NoteRef, Note: 1, Text: "1"},
		{Text: "Photo: "}, {Text: "Jo Ng", Style: model.Strong},
	}
	got, credit := splitCreditSpans(spans, "")
	if credit != "Photo: Jo Ng" {
		t.Errorf("credit = %q", credit)
	}
	if d := dumpSpans(got); d != "The {em|Lowen} at sea." {
		t.Errorf("caption = %s", d)
	}
	got, credit = splitCreditSpans([]model.Span{{Text: "Credit: AP"}}, "")
	if got != nil || credit != "Credit: AP" {
		t.Errorf("got %v, %q", got, credit)
	}
	got, credit = splitCreditSpans(nil, "A view. © X")
	if dumpSpans(got) != "A view." || credit != "© X" {
		t.Errorf("got %v, %q", got, credit)
	}
}

func TestJoinCredits(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"", " "}, ""},
		{[]string{"AP", "Credit: AP"}, "Credit: AP"},
		{[]string{"Credit: AP", "ap"}, "Credit: AP"},
		{[]string{"Photo: Jo Ng", "© AFP"}, "Photo: Jo Ng; © AFP"},
	} {
		if got := joinCredits(c.in...); got != c.want {
			t.Errorf("joinCredits(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
