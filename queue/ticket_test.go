package queue

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestFormatNumber(t *testing.T) {
	letter := func(d int) *Config { return &Config{TicketFormat: "letter", Digits: d} }
	numeric := &Config{TicketFormat: "numeric", Digits: 3}
	tests := []struct {
		cfg    *Config
		prefix string
		seq    int
		want   string
		cap    bool
	}{
		{letter(3), "A", 1, "A001", false},
		{letter(3), "A", 42, "A042", false},
		{letter(3), "AB", 999, "AB999", false},
		{letter(3), "A", 1000, "", true},
		{letter(2), "B", 99, "B99", false},
		{letter(2), "B", 100, "", true},
		{letter(4), "C", 1000, "C1000", false},
		{letter(4), "C", 9999, "C9999", false},
		{letter(4), "C", 10000, "", true},
		{numeric, "1001", 1, "1001", false},
		{numeric, "1001", 25, "1025", false},
		{numeric, "1001", 999, "1999", false},
		{numeric, "1001", 1000, "", true},
		{numeric, "2501", 1, "2501", false},
		{numeric, "2501", 499, "2999", false},
		{numeric, "2501", 500, "", true},
		{numeric, "3000", 1, "3000", false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s/%d", tt.cfg.TicketFormat, tt.prefix, tt.seq), func(t *testing.T) {
			got, err := FormatNumber(tt.cfg, tt.prefix, tt.seq)
			if tt.cap {
				if !errors.Is(err, ErrCapReached) {
					t.Fatalf("got %q, %v; want daily_cap error", got, err)
				}
				var qe *Error
				if !errors.As(err, &qe) || !strings.Contains(qe.Message, "Đã hết số thứ tự") {
					t.Errorf("message %v", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if _, err := FormatNumber(letter(3), "A", 0); err == nil {
		t.Error("seq 0 accepted")
	}
	if _, err := FormatNumber(numeric, "X1", 1); err == nil {
		t.Error("non-numeric prefix accepted in numeric format")
	}
}

// Numbers of one prefix are distinct for every seq the block allows.
func TestFormatNumberUnique(t *testing.T) {
	for _, c := range []*Config{{TicketFormat: "letter", Digits: 3}, {TicketFormat: "numeric", Digits: 3}} {
		prefix := "A"
		if c.TicketFormat == "numeric" {
			prefix = "1001"
		}
		seen := map[string]int{}
		for seq := 1; ; seq++ {
			n, err := FormatNumber(c, prefix, seq)
			if err != nil {
				if seq < 999 {
					t.Fatalf("%s: block ended at %d: %v", c.TicketFormat, seq, err)
				}
				break
			}
			if prev, dup := seen[n]; dup {
				t.Fatalf("%s: %s for seq %d and %d", c.TicketFormat, n, prev, seq)
			}
			seen[n] = seq
		}
	}
}

var testPolicy = Policy{InterleaveK: 2, AgingMin: 30, AppointmentEarlyMin: 10, MaxRecalls: 3, DefaultServiceMin: 8}

func baseTicket(s Status) Ticket {
	t0 := time.Date(2025, 3, 3, 8, 0, 0, 0, Loc)
	called := t0.Add(5 * time.Minute)
	tk := Ticket{ID: "t1", Number: "A001", Day: "2025-03-03", Seq: 1, Service: "hotich", Status: s, IssuedAt: t0, ArrivalAt: t0}
	switch s {
	case Called, Serving, Parked:
		tk.Counter, tk.Officer, tk.CalledAt = "q1", "canbo1", &called
	case Done, NoShow, Cancelled:
		tk.FinishedAt = &called
	}
	if s == Serving || s == Parked {
		tk.StartedAt = &called
	}
	return tk
}

// Every (operation, state) pair: the legal ones give the expected state,
// every other one is a typed invalid_state error and leaves the ticket alone.
func TestApplyTransitions(t *testing.T) {
	legal := map[Op]map[Status]Status{
		OpCall:       {Waiting: Called},
		OpRecall:     {Called: Called},
		OpStart:      {Called: Serving},
		OpFinish:     {Serving: Done, Called: Done},
		OpNoShow:     {Called: NoShow},
		OpCancel:     {Waiting: Cancelled, Called: Cancelled, Parked: Cancelled},
		OpTransfer:   {Waiting: Waiting, Called: Waiting, Serving: Waiting, Parked: Waiting},
		OpRedirect:   {Waiting: Waiting, Called: Waiting, Serving: Waiting, Parked: Waiting},
		OpPark:       {Called: Parked, Serving: Parked},
		OpResume:     {Parked: Waiting},
		OpReactivate: {NoShow: Waiting, Cancelled: Waiting},
	}
	all := []Status{Waiting, Called, Serving, Done, NoShow, Cancelled, Parked}
	ops := append([]Op{OpCall}, Ops...)
	now := time.Date(2025, 3, 3, 9, 0, 0, 0, Loc)
	for _, op := range ops {
		for _, s := range all {
			t.Run(string(op)+"/"+string(s), func(t *testing.T) {
				in := baseTicket(s)
				args := Args{Counter: "q2", Officer: "canbo2", Service: "chungthuc"}
				out, auto, err := Apply(in, op, args, now, testPolicy)
				want, ok := legal[op][s]
				if !ok {
					if !errors.Is(err, ErrTransition) {
						t.Fatalf("want invalid_state, got %v", err)
					}
					var qe *Error
					if !errors.As(err, &qe) || qe.Message == "" || !strings.Contains(qe.Message, in.Number) {
						t.Errorf("error without Vietnamese message naming the ticket: %#v", qe)
					}
					if out.Status != s {
						t.Errorf("status changed to %s on error", out.Status)
					}
					return
				}
				if err != nil || auto {
					t.Fatalf("err %v auto %v", err, auto)
				}
				if out.Status != want {
					t.Errorf("status %s, want %s", out.Status, want)
				}
				if in.Status != s || in.Service != "hotich" {
					t.Errorf("input ticket modified: %+v", in)
				}
				if out.Number != in.Number || out.Seq != in.Seq || !out.ArrivalAt.Equal(in.ArrivalAt) {
					t.Errorf("identity or place changed: %+v", out)
				}
			})
		}
	}
}

func TestApplyEffects(t *testing.T) {
	now := time.Date(2025, 3, 3, 9, 0, 0, 0, Loc)
	p := testPolicy

	called, _, err := Apply(baseTicket(Waiting), OpCall, Args{Counter: "q2", Officer: "cb"}, now, p)
	if err != nil || called.Counter != "q2" || called.Officer != "cb" || called.CalledAt == nil || !called.CalledAt.Equal(now) {
		t.Errorf("call: %+v %v", called, err)
	}
	if _, _, err := Apply(baseTicket(Waiting), OpCall, Args{}, now, p); !errors.Is(err, ErrInvalid) {
		t.Errorf("call without counter: %v", err)
	}

	fin, _, _ := Apply(baseTicket(Called), OpFinish, Args{}, now, p)
	if fin.StartedAt == nil || fin.FinishedAt == nil || !fin.FinishedAt.Equal(now) {
		t.Errorf("finish from called must take the call as start: %+v", fin)
	}

	// Transfer keeps number and arrival (the citizen keeps their turn) and
	// clears the counter.
	tr, _, err := Apply(baseTicket(Serving), OpTransfer, Args{Service: "datdai"}, now, p)
	if err != nil || tr.Service != "datdai" || tr.Counter != "" || tr.CalledAt != nil || tr.TargetCounter != "" ||
		!tr.ArrivalAt.Equal(baseTicket(Serving).ArrivalAt) || tr.Number != "A001" {
		t.Errorf("transfer: %+v %v", tr, err)
	}
	if _, _, err := Apply(baseTicket(Waiting), OpTransfer, Args{}, now, p); !errors.Is(err, ErrInvalid) {
		t.Errorf("transfer without service: %v", err)
	}

	rd, _, err := Apply(baseTicket(Called), OpRedirect, Args{Counter: "q5"}, now, p)
	if err != nil || rd.TargetCounter != "q5" || rd.Status != Waiting || rd.Counter != "" {
		t.Errorf("redirect: %+v %v", rd, err)
	}
	if _, _, err := Apply(baseTicket(Waiting), OpRedirect, Args{}, now, p); !errors.Is(err, ErrInvalid) {
		t.Errorf("redirect without counter: %v", err)
	}

	// Resume offers the ticket first to the counter that parked it.
	rs, _, _ := Apply(baseTicket(Parked), OpResume, Args{}, now, p)
	if rs.TargetCounter != "q1" || rs.Counter != "" || rs.Status != Waiting {
		t.Errorf("resume: %+v", rs)
	}

	re, _, _ := Apply(baseTicket(NoShow), OpReactivate, Args{}, now, p)
	if re.FinishedAt != nil || re.Status != Waiting || !re.ArrivalAt.Equal(baseTicket(NoShow).ArrivalAt) {
		t.Errorf("reactivate: %+v", re)
	}

	if _, _, err := Apply(baseTicket(Waiting), Op("explode"), Args{}, now, p); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown op: %v", err)
	}
}

// Recalling more than MaxRecalls times turns the ticket into a no-show.
func TestRecallLimit(t *testing.T) {
	now := time.Date(2025, 3, 3, 9, 0, 0, 0, Loc)
	tk := baseTicket(Called)
	for i := 1; i <= testPolicy.MaxRecalls; i++ {
		var auto bool
		var err error
		tk, auto, err = Apply(tk, OpRecall, Args{}, now.Add(time.Duration(i)*time.Minute), testPolicy)
		if err != nil || auto || tk.Status != Called || tk.Recalls != i {
			t.Fatalf("recall %d: %+v auto=%v err=%v", i, tk, auto, err)
		}
	}
	tk, auto, err := Apply(tk, OpRecall, Args{}, now.Add(time.Hour), testPolicy)
	if err != nil || !auto || tk.Status != NoShow || tk.FinishedAt == nil {
		t.Fatalf("recall past the limit: %+v auto=%v err=%v", tk, auto, err)
	}
	if _, _, err := Apply(tk, OpRecall, Args{}, now, testPolicy); !errors.Is(err, ErrTransition) {
		t.Errorf("recall of a no-show: %v", err)
	}
}

func TestStatusLabelsAndActive(t *testing.T) {
	for _, s := range []Status{Waiting, Called, Serving, Done, NoShow, Cancelled, Parked} {
		if s.Label() == string(s) || s.Label() == "" {
			t.Errorf("%s has no Vietnamese label", s)
		}
	}
	active := map[Status]bool{Waiting: true, Called: true, Serving: true, Parked: true}
	for _, s := range []Status{Waiting, Called, Serving, Done, NoShow, Cancelled, Parked} {
		if s.Active() != active[s] {
			t.Errorf("%s.Active() = %v", s, s.Active())
		}
	}
	for _, op := range Ops {
		if _, ok := OpEvent[op]; !ok {
			t.Errorf("op %s has no event kind", op)
		}
	}
}

func TestDayIsVietnamese(t *testing.T) {
	// 23:30 UTC on 2 March is 06:30 on 3 March in Hà Nội.
	if d := Day(time.Date(2025, 3, 2, 23, 30, 0, 0, time.UTC)); d != "2025-03-03" {
		t.Errorf("Day = %s", d)
	}
}

func TestErrf(t *testing.T) {
	e := Errf(CodeInvalid, "Dịch vụ %q", "unknown service %q in %s", "x", "req")
	if e.Message != `Dịch vụ "x"` || e.MessageEN != `unknown service "x" in req` {
		t.Errorf("%#v", e)
	}
	wrapped := fmt.Errorf("issue: %w", e)
	if !errors.Is(wrapped, ErrInvalid) || errors.Is(wrapped, ErrNotFound) {
		t.Error("errors.Is on code")
	}
	// A target with a message is a specific error, not a code matcher.
	if errors.Is(e, &Error{Code: CodeInvalid, Message: "khác"}) {
		t.Error("matched on a different message")
	}
	if !strings.Contains(e.Error(), "invalid") {
		t.Error(e.Error())
	}
}
