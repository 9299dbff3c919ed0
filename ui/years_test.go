package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/caredesk/caredesk/model"
)

// TestYearsAreShownOutsideTheCurrentOne: month columns of a 2019–2020
// range say their years, and a 2019 case's timeline gives its dates with
// the year.
func TestYearsAreShownOutsideTheCurrentOne(t *testing.T) {
	hmAscii(t)
	db := hmOpenStore(t)
	var rows []model.ImportRow
	for i := range 40 {
		at := time.Date(2019, 10, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 3*i)
		rows = append(rows, model.ImportRow{Case: model.Case{ExternalID: fmt.Sprintf("Y-%d", i), CreatedAt: at,
			Subject: "old complaint", Tags: []string{"mortgage/escrow"}}})
	}
	if _, err := db.Import(rows); err != nil {
		t.Fatal(err)
	}
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		p := hmOpen(t, db, size[0], size[1])
		hmKeys(p, "m")
		v := p.View()
		lines := strings.Split(v, "\n")
		if !strings.Contains(lines[1], "2019") || !strings.Contains(v, "Dec") {
			t.Errorf("%dx%d: month columns without their year:\n%s", size[0], size[1], v)
		}
		if size[0] == 200 && !strings.Contains(lines[1], "2020") {
			t.Errorf("the year line does not mark 2020 where it starts:\n%s", v)
		}
		hmCheckLines(t, v, size[0], size[1])
	}

	h := newHarnessOn(t, db, hmNow, 120, 40)
	c, err := db.CaseByExternalID("Y-15")
	if err != nil {
		t.Fatal(err)
	}
	h.send(openCaseMsg{id: c.ID})
	if v := h.view(); !strings.Contains(v, "2019-11-15 00:00") {
		t.Errorf("the 2019 case's timeline lacks its year:\n%s", v)
	}
}
