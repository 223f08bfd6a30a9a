package importer

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/offprint/offprint/packager/model"
)

// importHTML imports a fixture from testdata/html as articles/NAME.
func importHTML(t *testing.T, name string, files fstest.MapFS) (*model.Article, []model.Diagnostic) {
	t.Helper()
	src, err := os.ReadFile("testdata/html/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var h HTML
	if files != nil {
		files["articles/"+name] = &fstest.MapFile{Data: src}
		h.Files = files
	}
	a, diags, err := h.Import("articles/"+name, src)
	if err != nil {
		t.Fatal(err)
	}
	checkArticle(t, a)
	return a, diags
}

// allText returns every text of an article's body, block by block, and
// every link and picture address.
func allText(a *model.Article) string {
	var b strings.Builder
	dumpBlocks(&b, a.Blocks, "")
	return b.String()
}

// paragraphs returns the text of the article's paragraphs, in order,
// those in quotes and lists included.
func paragraphs(a *model.Article) []string {
	var out []string
	var walk func([]model.Block)
	walk = func(bs []model.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case *model.Paragraph:
				out = append(out, model.PlainText(b.Spans))
			case *model.Quote:
				walk(b.Blocks)
			case *model.List:
				for _, it := range b.Items {
					walk(it.Blocks)
				}
			}
		}
	}
	walk(a.Blocks)
	return out
}

// checkStory checks that every paragraph of a story is there, in order,
// and that none of the page's furniture is.
func checkStory(t *testing.T, a *model.Article, story, furniture []string) {
	t.Helper()
	got := paragraphs(a)
	i := 0
	for _, p := range got {
		if i < len(story) && p == story[i] {
			i++
		}
	}
	if i < len(story) {
		t.Errorf("story paragraph %d missing or out of order: %q\nparagraphs:\n%s", i+1, story[i], strings.Join(got, "\n"))
	}
	all := allText(a)
	for _, f := range furniture {
		if strings.Contains(all, f) {
			t.Errorf("page furniture %q is in the article:\n%s", f, all)
		}
	}
}

type wantFigure struct {
	src, caption, credit, alt string
}

func checkFigures(t *testing.T, a *model.Article, want []wantFigure) {
	t.Helper()
	figs := a.Figures()
	if len(figs) != len(want) {
		t.Fatalf("%d figures, want %d:\n%s", len(figs), len(want), allText(a))
	}
	for i, f := range figs {
		w := want[i]
		src := "<none>"
		if f.Image != nil {
			src = f.Image.Src
		}
		if src != w.src || model.PlainText(f.Caption) != w.caption || f.Credit != w.credit || w.alt != "" && f.Alt != w.alt {
			t.Errorf("figure %d: src %q caption %q credit %q alt %q\nwant src %q caption %q credit %q alt %q", i+1, src, model.PlainText(f.Caption), f.Credit, f.Alt, w.src, w.caption, w.credit, w.alt)
		}
		if f.Line <= 0 {
			t.Errorf("figure %d has no line", i+1)
		}
	}
}

func TestHTMLNewsPage(t *testing.T) {
	a, diags := importHTML(t, "news.html", nil)
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	if a.Title != "Town's flood defences hold as river peaks" {
		t.Errorf("title %q", a.Title)
	}
	if strings.Join(a.Authors, "|") != "Jane Doe|Omar Haddad" {
		t.Errorf("authors %q", a.Authors)
	}
	if !a.Date.Equal(time.Date(2020, 1, 3, 7, 30, 0, 0, time.UTC)) {
		t.Errorf("date %v", a.Date)
	}
	for k, v := range map[string][2]string{
		"source":    {a.Source, "The Harbour Herald"},
		"url":       {a.URL, "https://www.harbourherald.example/news/2020/01/03/river-flood-defences"},
		"license":   {a.License, "CC BY 4.0"},
		"copyright": {a.Copyright, "© 2020 The Harbour Herald"},
		"lang":      {a.Lang, "en-GB"},
		"summary":   {a.Summary, "Engineers say the new barrier kept the river out of the old town for the first time in forty years."},
		"tags":      {strings.Join(a.Tags, "|"), "Weather|Flooding"},
		"dir":       {a.Dir, ""},
	} {
		if v[0] != v[1] {
			t.Errorf("%s %q, want %q", k, v[0], v[1])
		}
	}
	checkStory(t, a, []string{
		"The river reached its highest level for a decade on Friday morning, but the barrier finished last spring kept the water out of the old town's streets for the first time since the floods of 1980.",
		`Engineers from the county council walked the length of the defences at first light. They found seepage at two joints near the swing bridge, which crews sealed before the tide turned. "It did exactly what it was built to do," said the lead engineer, Rosa Martins. "We were watching the gauges all night and the line never moved."`,
		`Shopkeepers on Quay Street, who have emptied their ground floors four times in the past twenty years, stacked sandbags at their doors out of habit. Most were never wet. Aled Price, who runs the hardware shop his grandfather opened, said he had slept in the back room "just in case" and woke to dry floors.`,
		`The barrier cost £14 million and was paid for jointly by the council and the national flood agency. Its critics had called it oversized for a town of nine thousand people. On Friday the council's leader, Tom Ashby, said the night had "settled that argument for good".`,
		"The gauge at the swing bridge peaked at 4.31 metres at 05:40, eleven centimetres below the record set in 1980. The readings through the night were:",
		"Upstream, farmland between the two villages flooded as planned. The fields are designed to hold water when the river rises, and the farmers who own them are paid to let it spread there. The agency said the water would drain away within a week.",
		"Roads closed: the A48 at Pentre and the lane to the mill",
		"Schools shut: two, both in the upper valley",
		"Homes flooded: none reported in the town",
		`"Forty years ago my mother lost everything downstairs. Tonight I watched the water from my window and went to bed."`,
		"That was how Maria Evans, 71, put it as she walked her dog along the top of the wall in the afternoon. Her house on Mill Lane flooded in 1980 and again, though less badly, in 2012.",
		"The forecast for the weekend is drier, but the agency has kept its warnings in place for the lower valley until Sunday, because the ground is saturated and more rain is due on Monday. Residents can check the river levels on the agency's website, which publishes the gauge readings every fifteen minutes.",
	}, []string{
		"Skip to content", "Sport", "Opinion", "Subscribe", "Breaking", "Ferry services", "Advertisement",
		"Share", "Tweet", "Facebook", "Print this article", "Related stories", "stone by stone", "Ferry timetable",
		"42 comments", "riverwatcher", "Money well spent", "Bridge Road", "Write your comment", "Post comment",
		"newsletter", "Sign up", "About us", "Privacy policy", "Terms", "All rights reserved", "Read more",
		"track(", "dataLayer", "window.", "youtube", "javascript", "ads.example", "pixel", "analytics",
		"By Jane Doe", "3 January 2020", "Weather\n",
	})
	checkFigures(t, a, []wantFigure{
		{"https://cdn.harbourherald.example/img/2020/01/barrier-1200.jpg", "The new barrier holds back the river at dawn on Friday.", "Photograph: Kim Lee/Harbour Herald", "The barrier with the swollen river behind it"},
		{"https://cdn.harbourherald.example/img/2020/01/quay-street-900.jpg", "Sandbags at a shop door on Quay Street.", "Credit: Omar Haddad", "Sandbags stacked at a shop door on Quay Street"},
	})
	// Structure comes through: a heading, a table, a list and a quote.
	kinds := map[string]int{}
	for _, b := range a.Blocks {
		switch b := b.(type) {
		case *model.Heading:
			kinds["heading"]++
			if model.PlainText(b.Spans) != "What the gauges showed" || b.Level != 1 || b.ID != "what-the-gauges-showed" {
				t.Errorf("heading %+v", b)
			}
		case *model.Table:
			kinds["table"]++
			if len(b.Header) != 2 || len(b.Rows) != 3 || model.PlainText(b.Rows[2][1].Spans) != "4.31" {
				t.Errorf("table %+v", b)
			}
		case *model.List:
			kinds["list"]++
			if b.Ordered || !b.Tight || len(b.Items) != 3 {
				t.Errorf("list %+v", b)
			}
		case *model.Quote:
			kinds["quote"]++
		}
	}
	if kinds["heading"] != 1 || kinds["table"] != 1 || kinds["list"] != 1 || kinds["quote"] != 1 {
		t.Errorf("blocks %v, want one heading, table, list and quote", kinds)
	}
	// The one link left is the story's own.
	var links []string
	collect := func(bs []model.Block) {
		for _, b := range bs {
			if p, ok := b.(*model.Paragraph); ok {
				for _, s := range p.Spans {
					if s.Link != "" {
						links = append(links, s.Link)
					}
				}
			}
		}
	}
	collect(a.Blocks)
	if strings.Join(links, " ") != "https://flood.example.gov/levels" {
		t.Errorf("links %q", links)
	}
}

// savedFiles is what a browser saved next to saved-complete.html: not
// every srcset candidate, and a placeholder of a lazy picture.
func savedFiles() fstest.MapFS {
	fs := fstest.MapFS{}
	for _, f := range []string{"harbour-800.jpg", "harbour-1600.jpg", "placeholder.gif", "market.jpg", "ferry.jpg", "lead.jpg", "b.gif", "style.css", "analytics.js"} {
		fs["articles/saved-complete_files/"+f] = &fstest.MapFile{Data: []byte("x")}
	}
	return fs
}

func TestHTMLSavedComplete(t *testing.T) {
	a, diags := importHTML(t, "saved-complete.html", savedFiles())
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	if a.Title != "The harbour reopens after the storm" || strings.Join(a.Authors, "|") != "Sam Ortiz" || a.Source != "Coast Weekly" ||
		a.URL != "https://www.coastweekly.example/2020/01/harbour-reopens/" || a.License != "CC BY-SA 4.0" ||
		a.Copyright != "Copyright © 2020 Coast Weekly Cooperative" || !a.Date.Equal(time.Date(2020, 1, 6, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("metadata: %+v", a.Attribution)
	}
	checkFigures(t, a, []wantFigure{
		// The lead picture, saved beside the page but not in the story.
		{"saved-complete_files/lead.jpg", "Fishing boats leave the harbour at first light.", "Photo: Ines Duarte", ""},
		// The largest candidate that was saved.
		{"./saved-complete_files/harbour-1600.jpg", "Divers refloated the pontoons on Sunday.", "Ines Duarte/Coast Weekly", "The repaired pontoons in the inner harbour"},
		// A lazy picture: its real address, not the placeholder.
		{"./saved-complete_files/market.jpg", "The fish market opened at noon.", "Photo: Sam Ortiz", ""},
		// A <picture> whose WebP sources were not saved.
		{"./saved-complete_files/ferry.jpg", "The island ferry runs to its winter timetable from Tuesday.", "Coast Weekly Photo/Ines Duarte", ""},
		// Only online: its address and caption stay.
		{"https://media.coastweekly.example/2020/01/lighthouse.jpg", "Waves break over the lighthouse on Friday night.", "Credit: Harbour Trust", ""},
	})
	checkStory(t, a, []string{
		"The harbour master lifted the closure at six on Monday morning, three days after the storm tore two pontoons from their moorings and sank a crab boat at the inner wall. By seven, the first boats were heading out past the lighthouse.",
		"Divers from the county's salvage team spent the weekend refloating the pontoons and checking the chains on the rest of the moorings. The sunken boat, the Mary Ellen, will be lifted when the spring tides come at the end of the month; its owner, Pat Keane, has borrowed a boat from a cousin in the meantime.",
		`"You lose three days at this time of year and you feel it," Keane said on the quay, sorting pots. "But nobody was hurt, and that's what counts."`,
		"The fish market opened at noon with a short day's catch, mostly crab and a few boxes of pollack. Prices were up by a fifth on the week before the storm, the auctioneer said, because buyers from the city had stayed away on Friday and were keen to fill their vans.",
		"The island ferry will run to its winter timetable from Tuesday. The operator said the slipway on the island side had been inspected and was sound, though the waiting room there had lost part of its roof and would stay closed until it is repaired.",
		`The harbour trust will meet on Thursday to decide whether to bring forward the replacement of the outer breakwater, which was due to start in 2022. Its chair, Niamh Byrne, said the storm had "made the case better than any report could".`,
	}, []string{"Log in", "Donate", "Fishing\n", "Events", "Posted", "Tagged", "Post navigation", "Storm warning",
		"thoughts on", "Good to see", "Leave a Reply", "Post Comment", "WordPress", "b.gif", "placeholder"})

	// Without the folder, a saved reference is preferred by its form.
	a, _ = importHTML(t, "saved-complete.html", nil)
	if figs := a.Figures(); len(figs) != 4 || figs[0].Image.Src != "./saved-complete_files/harbour-2400.jpg" {
		t.Errorf("without files: %s", allText(a))
	}
}

func TestHTMLArabic(t *testing.T) {
	a, diags := importHTML(t, "rtl-arabic.html", nil)
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	if a.Lang != "ar" || a.Dir != "rtl" {
		t.Errorf("lang %q dir %q, want ar rtl", a.Lang, a.Dir)
	}
	if a.Title != "السد الجديد يحمي البلدة القديمة من الفيضان" || strings.Join(a.Authors, "|") != "ليلى حداد" || a.Source != "صحيفة الميناء" || a.Copyright != "© 2020 صحيفة الميناء" {
		t.Errorf("metadata: %q %q %q %q", a.Title, a.Authors, a.Source, a.Copyright)
	}
	checkFigures(t, a, []wantFigure{{"almina_files/sadd.jpg", "السد الجديد عند الفجر يوم الجمعة.", "تصوير: سامي نور", "السد الجديد عند الفجر"}})
	checkStory(t, a, []string{
		"بلغ منسوب النهر صباح الجمعة أعلى مستوى له منذ عشر سنوات، لكن السد الذي اكتمل بناؤه في الربيع الماضي منع المياه من دخول شوارع البلدة القديمة للمرة الأولى منذ فيضان عام ١٩٨٠.",
		"وتتوقع الأرصاد الجوية طقسًا أكثر جفافًا في عطلة نهاية الأسبوع، لكن الهيئة أبقت على تحذيراتها في الوادي الأسفل حتى يوم الأحد لأن التربة مشبعة بالمياه.",
	}, []string{"الرئيسية", "رياضة", "إعلان", "أخبار ذات صلة", "كيف بني السد", "بقلم"})
	if n := len(paragraphs(a)); n != 5 {
		t.Errorf("%d paragraphs, want 5", n)
	}
}

func TestHTMLWindows1252(t *testing.T) {
	a, diags := importHTML(t, "windows-1252.html", nil)
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	if a.Title != "Les digues tiennent bon à Saint-Malo" || strings.Join(a.Authors, "|") != "Hélène Mercier" || a.Lang != "fr" ||
		a.Copyright != "© Le Courrier de la Côte" || !a.Date.Equal(time.Date(2020, 1, 4, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("metadata: %q %q %q %q %v", a.Title, a.Authors, a.Lang, a.Copyright, a.Date)
	}
	checkStory(t, a, []string{
		"La marée d’équinoxe a atteint samedi matin un coefficient de 117, l’un des plus élevés de la décennie. Les digues du Sillon, renforcées l’été dernier, n’ont laissé passer que quelques paquets d’écume sur la promenade.",
		"« On s’attendait à pire », reconnaît Joël Le Bihan, qui tient la crêperie du front de mer depuis vingt-trois ans. Il avait pourtant démonté sa terrasse dès vendredi soir, « par précaution, comme toujours ».",
		"Les services techniques de la ville avaient fermé les accès à la plage et installé des batardeaux devant les portes de la cité intra-muros. Vers 7 h 30, au plus fort de la marée, les vagues dépassaient à peine le parapet à hauteur de l’esplanade Saint-Vincent.",
		"Le coût des travaux — 6,2 millions d’euros — avait été vivement critiqué au conseil municipal. « Ce matin, personne ne m’a parlé du prix », s’amuse l’adjoint chargé du littoral, André Caradec.",
		"Météo-France maintient néanmoins sa vigilance orange « vagues-submersion » jusqu’à dimanche midi, la houle devant encore forcir dans la nuit.",
	}, []string{"Accueil", "S’abonner", "Par Hélène", "\uFFFD", "Tous droits"})
}

// page wraps a story in a page with enough text for reader-mode
// extraction.
func page(head, story string) string {
	var b strings.Builder
	if !strings.Contains(head, "charset") {
		head = `<meta charset="utf-8">` + head
	}
	b.WriteString("<!DOCTYPE html><html><head>" + head + "<title>A test page</title></head><body><nav><a href=\"/\">Home</a></nav><article><h1>A test page</h1>")
	for i := range 4 {
		b.WriteString("<p>This paragraph is here to give the page enough running text for a reader mode to take the article for the main content, as it would on a real site, number ")
		b.WriteString(string(rune('1' + i)))
		b.WriteString(".</p>\n")
	}
	b.WriteString(story)
	b.WriteString("</article><footer>Site footer</footer></body></html>")
	return b.String()
}

func TestHTMLSanitise(t *testing.T) {
	src := page(`<script>alert("head")</script><style>p{color:red}</style>`, `
<p onclick="steal()" onmouseover="steal()">Clicking <a href="javascript:steal()">this link</a> or <a href=" JaVaScRiPt:steal()">that</a> or <a href="vbscript:x">the other</a> does nothing; <a href="https://example.org/ok" onclick="steal()">this one</a> and <a href="mailto:desk@example.org">mail</a> are kept.</p>
<script>document.write("<p>written by script</p>")</script>
<noscript><p>Turn on scripts to see this.</p></noscript>
<iframe src="https://evil.example/frame"><p>frame fallback</p></iframe>
<object data="movie.swf"><p>object fallback</p></object>
<embed src="movie.swf">
<form action="/steal"><p>Your password:</p><input type="password" value="hunter2"><textarea>typed text</textarea><select><option>choice</option></select><button>Send it</button></form>
<svg><text>svg text</text><script>alert(1)</script></svg>
<template><p>template text</p></template>
<p>Pictures: <img src="https://t.example/pixel.gif" width="1" height="1" alt="pixel one"><img src="https://www.facebook.com/tr?id=1&ev=PageView" alt="pixel two"><img src="x.jpg" width="0" height="0" alt="pixel three"><img src="y.jpg" style="display:none" alt="pixel four"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="pixel five">end.</p>
<figure><img src="https://example.org/real.jpg" onerror="steal()" alt="A real picture"><figcaption onclick="x()">A real caption. <span class="photo-credit">Jo Ng/Agency</span></figcaption></figure>
`)
	a, _, err := HTML{}.Import("a.html", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checkArticle(t, a)
	all := allText(a)
	for _, bad := range []string{"alert", "steal", "script", "Turn on scripts", "frame fallback", "object fallback", "password", "hunter2", "typed text", "choice", "Send it", "svg text", "template text", "pixel", "color:red", "Site footer", "Home", "javascript", "vbscript", "onclick", "onerror"} {
		if strings.Contains(strings.ToLower(all), strings.ToLower(bad)) {
			t.Errorf("%q survived:\n%s", bad, all)
		}
	}
	for _, good := range []string{"Clicking this link or that or the other does nothing; {link=https://example.org/ok|this one} and {link=mailto:desk@example.org|mail} are kept.", "Pictures: end."} {
		if !strings.Contains(all, good) {
			t.Errorf("%q is missing:\n%s", good, all)
		}
	}
	checkFigures(t, a, []wantFigure{{"https://example.org/real.jpg", "A real caption.", "Jo Ng/Agency", "A real picture"}})
}

func TestHTMLPictures(t *testing.T) {
	files := fstest.MapFS{
		"a_files/big.jpg":      {Data: []byte("x")},
		"a_files/small.jpg":    {Data: []byte("x")},
		"a_files/lazy.jpg":     {Data: []byte("x")},
		"a_files/blank.gif":    {Data: []byte("x")},
		"a_files/orig.jpg":     {Data: []byte("x")},
		"a_files/2x.jpg":       {Data: []byte("x")},
		"a_files/pic.avif":     {Data: []byte("x")},
		"a_files/My Photo.jpg": {Data: []byte("x")},
	}
	for _, c := range []struct{ name, img, want string }{
		{"src", `<img src="a_files/small.jpg" alt="c">`, "a_files/small.jpg"},
		{"largest saved srcset candidate", `<img src="a_files/small.jpg" srcset="a_files/small.jpg 400w, a_files/big.jpg 1200w, a_files/huge.jpg 2400w" alt="c">`, "a_files/big.jpg"},
		{"density descriptors", `<img src="a_files/small.jpg" srcset="a_files/small.jpg 1x, a_files/2x.jpg 2x" alt="c">`, "a_files/2x.jpg"},
		{"remote beats missing", `<img src="a_files/gone.jpg" srcset="https://x.example/i.jpg 800w" alt="c">`, "https://x.example/i.jpg"},
		{"lazy data-src over placeholder", `<img src="a_files/blank.gif" data-src="a_files/lazy.jpg" alt="c">`, "a_files/lazy.jpg"},
		{"lazy data-srcset", `<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-srcset="a_files/small.jpg 300w, a_files/big.jpg 900w" alt="c">`, "a_files/big.jpg"},
		{"data-original", `<img data-original="a_files/orig.jpg" alt="c">`, "a_files/orig.jpg"},
		{"picture source", `<picture><source srcset="a_files/pic.avif" type="image/avif"><source srcset="https://x.example/p.webp" type="image/webp"><img src="https://x.example/p.jpg" alt="c"></picture>`, "a_files/pic.avif"},
		{"protocol-relative", `<img src="//cdn.example/i.jpg" alt="c">`, "https://cdn.example/i.jpg"},
		{"root-relative resolved against the page", `<img src="/img/i.jpg" alt="c">`, "https://news.example/img/i.jpg"},
		{"escaped name", `<img src="a_files/My%20Photo.jpg" alt="c">`, "a_files/My%20Photo.jpg"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := page(`<link rel="canonical" href="https://news.example/story">`, "<figure>"+c.img+"<figcaption>The caption.</figcaption></figure>")
			a, _, err := HTML{Files: files}.Import("a.html", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			figs := a.Figures()
			if len(figs) != 1 || figs[0].Image == nil || figs[0].Image.Src != c.want || model.PlainText(figs[0].Caption) != "The caption." {
				t.Errorf("figures:\n%s\nwant src %q", allText(a), c.want)
			}
		})
	}
}

func TestHTMLCaptions(t *testing.T) {
	for _, c := range []struct{ name, html, caption, credit string }{
		{"credit prefix", `<figure><img src="i.jpg"><figcaption>Boats. Credit: AP</figcaption></figure>`, "Boats.", "Credit: AP"},
		{"photograph prefix", `<figure><img src="i.jpg"><figcaption>Boats Photograph: Jo Ng/Guardian</figcaption></figure>`, "Boats", "Photograph: Jo Ng/Guardian"},
		{"copyright sign", `<figure><img src="i.jpg"><figcaption>Boats © Jo Ng</figcaption></figure>`, "Boats", "© Jo Ng"},
		{"image prefix", `<figure><img src="i.jpg"><figcaption>Boats. Image: NASA</figcaption></figure>`, "Boats.", "Image: NASA"},
		{"credit class", `<figure><img src="i.jpg"><figcaption>Boats. <span class="caption-credit">Jo Ng</span></figcaption></figure>`, "Boats.", "Jo Ng"},
		{"byline class", `<figure><img src="i.jpg"><figcaption>Boats. <span class="byline">Jo Ng</span></figcaption></figure>`, "Boats.", "Jo Ng"},
		{"copyright class", `<figure><img src="i.jpg"><figcaption>Boats. <small class="copyright">Agency</small></figcaption></figure>`, "Boats.", "Agency"},
		{"hidden credit label", `<figure><img src="i.jpg"><figcaption><span>Boats in the harbour.</span><span><span class="visually-hidden">Credit</span><span>Jo Ng for The Times</span></span></figcaption></figure>`, "Boats in the harbour.", "Credit: Jo Ng for The Times"},
		{"caption element after the picture", `<div class="wp-caption"><img src="i.jpg" alt="Alt"><p class="wp-caption-text">Boats at dawn. Photo: Jo Ng</p></div>`, "Boats at dawn.", "Photo: Jo Ng"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, _, err := HTML{}.Import("a.html", []byte(page("", c.html)))
			if err != nil {
				t.Fatal(err)
			}
			figs := a.Figures()
			if len(figs) != 1 || model.PlainText(figs[0].Caption) != c.caption || figs[0].Credit != c.credit {
				t.Errorf("got\n%s\nwant caption %q credit %q", allText(a), c.caption, c.credit)
			}
			if len(a.Authors) > 0 {
				t.Errorf("a picture credit became the byline: %q", a.Authors)
			}
		})
	}
}

func TestHTMLCharsets(t *testing.T) {
	story := "<p>Caf\xe9 cr\xe8me \x93quoted\x94 \x80 5.</p>"
	for _, c := range []struct {
		name string
		src  []byte
		want string
		warn bool
	}{
		{"windows-1252 meta", []byte(page(`<meta charset="windows-1252">`, story)), "Café crème “quoted” € 5.", false},
		{"latin-1 http-equiv", []byte(page(`<meta http-equiv="content-type" content="text/html; charset=ISO-8859-1">`, story)), "Café crème “quoted” € 5.", false},
		{"undeclared legacy bytes", []byte(page("<!-- no charset -->", story)), "Café crème “quoted” € 5.", false},
		{"utf-8 with a byte order mark", append([]byte("\ufeff"), page("", "<p>Café “quoted”.</p>")...), "Café “quoted”.", false},
		{"declared legacy but saved as utf-8", []byte(page(`<meta charset="gb2312">`, "<p>Café “quoted”.</p>")), "Café “quoted”.", false},
		{"declared utf-8 with bad bytes", []byte(page("", "<p>Caf\xe9 ok.</p>")), "Caf\uFFFD ok.", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, diags, err := HTML{}.Import("a.html", c.src)
			if err != nil {
				t.Fatal(err)
			}
			checkArticle(t, a)
			ps := paragraphs(a)
			if len(ps) == 0 || ps[len(ps)-1] != c.want {
				t.Errorf("last paragraph %q, want %q", ps, c.want)
			}
			if warned := len(diags) == 1 && diags[0].Code == "encoding"; warned != c.warn {
				t.Errorf("diagnostics %v", diags)
			}
		})
	}
}

func TestHTMLHard(t *testing.T) {
	deep := strings.Repeat("<div>", 3000) + "<p>Deep text survives.</p>" + strings.Repeat("</div>", 3000)
	for _, c := range []struct {
		name, src, code, text string
	}{
		{"empty", "", "html-empty", ""},
		{"no body text", "<html><head><title>Only a title</title></head><body></body></html>", "html-empty", ""},
		{"too deep for reader mode", "<html><body><nav>Menu</nav>" + deep + "<footer>Foot</footer></body></html>", "html-extract", "Deep text survives."},
		{"text only", "Just some text, no markup at all, in a file called .html.", "", "Just some text, no markup at all, in a file called .html."},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, diags, err := HTML{}.Import("articles/a-page.html", []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			checkArticle(t, a)
			if a.Title == "" {
				t.Error("no title")
			}
			if c.code != "" && (len(diags) == 0 || diags[0].Code != c.code) {
				t.Errorf("diagnostics %v, want %s", diags, c.code)
			}
			all := allText(a)
			if c.text != "" && !strings.Contains(all, c.text) {
				t.Errorf("%q lost:\n%s", c.text, all)
			}
			if strings.Contains(all, "Menu") || strings.Contains(all, "Foot") {
				t.Errorf("navigation kept:\n%s", all)
			}
		})
	}
}

func TestHTMLStructure(t *testing.T) {
	for _, c := range []struct{ name, html, want string }{
		{"nested lists", `<ol start="3"><li>Three<ul><li>a</li><li>b</li></ul></li><li>Four</li></ol>`,
			"List ordered start=3 tight\n  -\n    Paragraph: Three\n    List bullet tight\n      -\n        Paragraph: a\n      -\n        Paragraph: b\n  -\n    Paragraph: Four\n"},
		{"loose list", `<ul><li><p>One</p><p>More</p></li><li><p>Two</p></li></ul>`,
			"List bullet\n  -\n    Paragraph: One\n    Paragraph: More\n  -\n    Paragraph: Two\n"},
		{"unclosed items", `<ul><li>One<li>Two</ul>`,
			"List bullet tight\n  -\n    Paragraph: One\n  -\n    Paragraph: Two\n"},
		{"quote in quote", `<blockquote><p>Outer</p><blockquote>Inner</blockquote></blockquote>`,
			"Quote\n  Paragraph: Outer\n  Quote\n    Paragraph: Inner\n"},
		{"table without header", `<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>`,
			"Table align=default,default\n  row: | a | b |\n  row: | c | d |\n"},
		{"header of th cells, caption, ragged rows", `<table><caption>Levels</caption><tr><th>T</th><th align="right">L</th></tr><tr><td>1</td></tr></table>`,
			"Paragraph: Levels\nTable align=default,right\n  header: | T | L |\n  row: | 1 |  |\n"},
		{"layout table", `<table><tr><td><p>Only</p><p>column</p></td></tr><tr><td>second</td></tr></table>`,
			"Paragraph: Only column\nParagraph: second\n"},
		{"table in a cell", `<table><tr><td>a<table><tr><td>inner</td></tr></table></td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>`,
			"Table align=default,default\n  row: | a inner | b |\n  row: | c | d |\n"},
		{"picture in a cell", `<table><tr><td><img data-offprint-img="0" alt="I"> x</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>`,
			"Table align=default,default\n  row: | x | b |\n  row: | c | d |\nFigure line=0 src=\"i.jpg\" alt=\"I\" credit=\"\"\n  caption: I\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			c2 := newMDConv("a.html", nil, 0)
			blocks := htmlDocBlocks(c2, c.html, []string{"i.jpg"})
			var b strings.Builder
			dumpBlocks(&b, blocks, "")
			if got := b.String(); got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
	// Lists and quotes nest no deeper than Markdown's.
	deep := strings.Repeat("<blockquote><ul><li>", 40) + "deepest" + strings.Repeat("</li></ul></blockquote>", 40)
	a := &model.Article{Blocks: htmlDocBlocks(newMDConv("a.html", nil, 0), deep, nil)}
	checkArticle(t, a)
	if !strings.Contains(allText(a), "deepest") {
		t.Error("deepest text lost")
	}
}

// TestMarkdownRawHTMLTable: a raw HTML table in Markdown is a table.
func TestMarkdownRawHTMLTable(t *testing.T) {
	a, _, err := Markdown{}.Import("a.md", []byte("Text.\n\n<table>\n<thead><tr><th>A</th><th>B</th></tr></thead>\n<tr><td><em>x</em></td><td>y<br>z</td></tr>\n</table>\n\nAfter."))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	dumpBlocks(&b, a.Blocks, "")
	want := "Paragraph: Text.\nTable align=default,default\n  header: | A | B |\n  row: | {em|x} | y⏎z |\nParagraph: After.\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
