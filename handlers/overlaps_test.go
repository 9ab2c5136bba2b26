package handlers_test

import (
	"fmt"
	"testing"

	h "frontdoor/handlers"
)

func TestScratchDemoDigest(t *testing.T) {
	ix := demoIndex(t)
	d, _ := ix.BuildDigest(h.DigestInput{On: h.DateOf(2026, 1, 12), CliffDays: 90})
	fmt.Println(d.Plain())
	for i, m := range d.Messages() {
		fmt.Println("MSG", i, len(m.Blocks), m.Text)
	}
	r, err := ix.EndingReply(h.Command{Name: "ending"}, h.DateOf(2026, 1, 12), 90)
	fmt.Println(h.RenderPlain(r), err)
	r, err = ix.GapsReply(h.Command{Name: "gaps", Area: "South Yorkshire"}, h.DateOf(2026, 1, 12))
	fmt.Println(h.RenderPlain(r), err)
	r, err = ix.OverlapsReply(h.Command{Name: "overlaps", Area: "Sheffield"}, h.DateOf(2026, 1, 12))
	fmt.Println(h.RenderPlain(r), err)
}
