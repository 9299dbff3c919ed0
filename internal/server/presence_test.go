package server

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/caredesk/caredesk/model"
	"github.com/caredesk/caredesk/ui"
)

func woken(m *member) bool {
	select {
	case <-m.Wake():
		return true
	default:
		return false
	}
}

func TestPresenceHub(t *testing.T) {
	h := NewHub()
	ana, bo, bo2, chen := h.Join("ana"), h.Join("bo"), h.Join("bo"), h.Join("chen")
	ana.Set(7, ui.Viewing)
	if woken(bo) || woken(chen) {
		t.Fatal("sessions elsewhere were woken")
	}
	bo.Set(7, ui.Viewing)
	if !woken(ana) || woken(chen) {
		t.Fatal("ana was not woken when bo joined her case, or chen was")
	}
	bo2.Set(7, ui.WritingNote) // bo's second screen, typing a note
	if got, want := ana.Others(7), []ui.Activity{{Agent: "bo", Doing: ui.WritingNote}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("ana sees %+v, want %+v", got, want)
	}
	if got := bo.Others(7); !reflect.DeepEqual(got, []ui.Activity{{Agent: "ana"}}) {
		t.Fatalf("bo sees %+v: his own other screen is not someone else", got)
	}
	chen.Set(7, ui.Viewing)
	if got := ana.Others(7); len(got) != 2 || got[0].Agent != "bo" || got[1].Agent != "chen" {
		t.Fatalf("ana sees %+v", got)
	}
	woken(ana)
	bo.Leave()
	bo2.Set(0, ui.Viewing)
	if !woken(ana) {
		t.Fatal("ana was not woken when bo left")
	}
	if got := ana.Others(7); !reflect.DeepEqual(got, []ui.Activity{{Agent: "chen"}}) {
		t.Fatalf("after bo left ana sees %+v", got)
	}
	if ana.Others(0) != nil {
		t.Fatal("others on no case")
	}
}

// BenchmarkPresenceOpen200 is what a session's opening a case costs the
// hub's lock with 200 screens on a server (each on a case of its own): a
// Set, then the read of who else is there, as ui's publish does. Every
// screen does it for each case it opens, under the one lock.
func BenchmarkPresenceOpen200(b *testing.B) {
	h := NewHub()
	var ms []*member
	for i := range 200 {
		m := h.Join(fmt.Sprintf("agent%03d", i))
		m.Set(model.CaseID(1000+i), ui.Viewing)
		ms = append(ms, m)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m := ms[i%len(ms)]
		id := model.CaseID(1000 + (i*7)%len(ms))
		m.Set(id, ui.Viewing)
		_ = m.Others(id)
	}
}
