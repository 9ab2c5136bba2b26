package view_test

import (
	"strings"
	"testing"

	h "frontdoor/handlers"
	"frontdoor/handlers/regtest"

	"frontdoor/handlers/index"
	"frontdoor/handlers/view"
	"frontdoor/handlers/view/viewtest"
)

func TestReminderReply(t *testing.T) {
	ix := index.NewIndex(regtest.Small())
	today := h.DateOf(2026, 1, 14)
	action := func(id int64, due h.Date, text string) h.Action {
		return h.Action{ID: id, Text: text, OwnerID: "U0SAM", Due: due, Status: h.ActionOpen}
	}
	tests := []struct {
		name     string
		due      []h.Action
		wantText string
		wantIn   []string
	}{
		{"one due today", []h.Action{action(7, today, "send the data sharing agreement")},
			"Frontdoor reminder: 1 action is due today", []string{"#7", "send the data sharing agreement", "today"}},
		{"all overdue", []h.Action{action(3, today.AddDays(-2), "book the room"), action(4, today.AddDays(-1), "chase DWP")},
			"Frontdoor reminder: 2 actions are overdue", []string{"#3", "#4", "overdue by 2 days"}},
		{"both", []h.Action{action(3, today.AddDays(-2), "book the room"), action(7, today, "send it")},
			"Frontdoor reminder: 2 actions are due today or overdue (1 overdue)", []string{"#3", "#7"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := view.Reminder(viewtest.Budget, ix, tt.due, today)
			if r.Text != tt.wantText {
				t.Errorf("Text = %q, want %q", r.Text, tt.wantText)
			}
			plain := h.RenderPlain(r)
			for _, w := range tt.wantIn {
				if !strings.Contains(plain, w) {
					t.Errorf("reminder lacks %q:\n%s", w, plain)
				}
			}
		})
	}
	var many []h.Action
	for i := range 45 {
		many = append(many, action(int64(i+1), today, "action number "+string(rune('a'+i%26))))
	}
	plain := h.RenderPlain(view.Reminder(viewtest.Budget, ix, many, today))
	if !strings.Contains(plain, "…and 25 more") || strings.Contains(plain, "#21 ") {
		t.Errorf("45 actions: want the first 20 and '…and 25 more':\n%s", plain)
	}
}
