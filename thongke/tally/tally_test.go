package tally

import (
	"net/url"
	"testing"
	"time"

	"github.com/motcua/motcua/qcvn120"
)

func at(m time.Month, d, h int) time.Time { return time.Date(2023, m, d, h, 0, 0, 0, loc) }

// Each rule of Counts.Add, at its edges, for November 2023.
func TestCountsAdd(t *testing.T) {
	start, end := at(11, 1, 0), at(12, 1, 0)
	for _, c := range []struct {
		name         string
		c            Case
		in, received bool
		want         Counts
	}{
		{"resolved before the period", Case{Received: at(10, 1, 9), Due: at(10, 9, 9), Resolved: at(10, 31, 23)}, false, false, Counts{}},
		{"closed before the period", Case{Received: at(10, 1, 9), Closed: at(10, 2, 9)}, false, false, Counts{}},
		{"received after the period", Case{Received: at(12, 1, 0), Due: at(12, 9, 9)}, false, false, Counts{}},
		{"received at its first instant", Case{Received: start, Due: at(12, 9, 9)}, true, true, Counts{Received: 1, Open: 1, OpenOnTime: 1}},
		{"carried over, resolved on its due time", Case{Received: at(10, 30, 9), Due: at(11, 3, 9), Resolved: at(11, 3, 9)}, true, false,
			Counts{Carried: 1, Resolved: 1, OnTime: 1}},
		{"resolved late", Case{Received: at(11, 2, 9), Due: at(11, 3, 9), Resolved: at(11, 3, 10)}, true, true, Counts{Received: 1, Resolved: 1, Late: 1}},
		{"resolved at the end: still pending in the period", Case{Received: at(11, 2, 9), Due: at(12, 5, 9), Resolved: end}, true, true,
			Counts{Received: 1, Open: 1, OpenOnTime: 1}},
		{"pending past due", Case{Received: at(11, 2, 9), Due: at(11, 30, 9)}, true, true, Counts{Received: 1, Open: 1, OpenLate: 1}},
		{"refused in the period: neither resolved nor pending", Case{Received: at(11, 2, 9), Closed: at(11, 2, 10)}, true, true, Counts{Received: 1}},
		{"no appointment: never late", Case{Received: at(11, 2, 9), Resolved: at(11, 29, 9)}, true, true, Counts{Received: 1, Resolved: 1, OnTime: 1}},
	} {
		var n Counts
		in, received := n.Add(c.c, start, end)
		if in != c.in || received != c.received || n != c.want {
			t.Errorf("%s: in %v received %v %+v, want %v %v %+v", c.name, in, received, n, c.in, c.received, c.want)
		}
	}
}

func TestPacketAndPlus(t *testing.T) {
	a := Counts{Received: 2, Carried: 1, Resolved: 2, OnTime: 1, Late: 1, Open: 1, OpenLate: 1}
	b := Counts{Received: 1, Resolved: 1, OnTime: 1}
	s := a.Plus(b)
	if s != (Counts{Received: 3, Carried: 1, Resolved: 3, OnTime: 2, Late: 1, Open: 1, OpenLate: 1}) {
		t.Fatalf("plus: %+v", s)
	}
	p := s.Packet("000.00.06.H26", "Trung tâm", at(11, 15, 0))
	want := qcvn120.DongBoThongKeHoSo{MaDonVi: "000.00.06.H26", TenDonVi: "Trung tâm", Thang: 11, Nam: 2023, LoaiThongKe: "1",
		SoNhanTrongKy: 3, SoTonKyTruoc: 1, TongSoXuLy: 4, TongDaXuLy: 3, TongXuLyDungHan: 2, PhanTramXuLyDungHan: "66.67",
		TongXuLyTreHan: 1, PhanTramXuLyTreHan: "33.33", TongChuaXuLy: 1, TongChuaXuLyTrongHan: 0, PhanTramChuaXuLyTrongHan: "0.00",
		TongChuaXuLyTreHan: 1, PhanTramChuaXuLyTreHan: "100.00"}
	if p != want {
		t.Fatalf("packet:\n got %+v\nwant %+v", p, want)
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestParsePeriodAndMonths(t *testing.T) {
	for q, want := range map[string][2]time.Time{
		"thang=2023-11":                {at(11, 1, 0), at(12, 1, 0)},
		"nam=2024":                     {time.Date(2024, 1, 1, 0, 0, 0, 0, loc), time.Date(2025, 1, 1, 0, 0, 0, 0, loc)},
		"tu=2023-10-15&den=2023-11-30": {at(10, 15, 0), at(12, 1, 0)},
		"tu=2024-01-01&den=2024-12-31": {time.Date(2024, 1, 1, 0, 0, 0, 0, loc), time.Date(2025, 1, 1, 0, 0, 0, 0, loc)}, // 366 days
	} {
		v, _ := url.ParseQuery(q)
		s, e, err := ParsePeriod(v)
		if err != nil || !s.Equal(want[0]) || !e.Equal(want[1]) {
			t.Errorf("%s: %v %v %v", q, s, e, err)
		}
	}
	for _, q := range []string{"", "thang=2023-13", "nam=1999", "tu=2023-10-05&den=2023-10-01", "tu=2023-01-01&den=2024-01-02", "tu=x&den=2023-01-01"} {
		v, _ := url.ParseQuery(q)
		if _, _, err := ParsePeriod(v); err == nil {
			t.Errorf("%q accepted", q)
		}
	}
	var got []string
	_ = Months(at(10, 15, 0), at(12, 1, 0), at(11, 20, 0), func(m, next time.Time) error {
		got = append(got, m.Format("2006-01")+"/"+next.Format("2006-01"))
		return nil
	})
	if len(got) != 2 || got[0] != "2023-10/2023-11" || got[1] != "2023-11/2023-12" {
		t.Errorf("months: %v", got)
	}
	got = nil
	_ = Months(at(10, 15, 0), at(12, 1, 0), at(10, 20, 0), func(m, _ time.Time) error { got = append(got, m.Format("2006-01")); return nil })
	if len(got) != 1 {
		t.Errorf("months up to now: %v", got)
	}
	if a := NewAnswer("X", at(11, 1, 0), at(12, 1, 0)); a.Tu != "2023-11-01" || a.Den != "2023-11-30" || a.TheoThang == nil {
		t.Errorf("answer: %+v", a)
	}
}
