package counter

// Session: login bound to a counter, the live subscription, logout.

import (
	"context"
	"strings"
	"time"

	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/queue"
)

// Login logs the officer in at the counter given in Options.
func (p *Presenter) Login(username, password string) {
	username = strings.TrimSpace(username)
	p.v.LoginUser = username
	if username == "" || password == "" {
		p.v.LoginError = p.tr("Hãy nhập tên đăng nhập và mật khẩu.")
		p.render()
		return
	}
	if p.o.Counter == "" {
		p.v.LoginError = p.tr("Máy này chưa được gán quầy (tham số --counter).")
		p.render()
		return
	}
	p.v.LoginError = ""
	gen := p.gen
	p.busy++
	p.v.BusyText = "Đang đăng nhập…"
	signingOut := p.signingOut
	go func() {
		ctx, cancel := context.WithTimeout(p.ctx, p.o.CallTimeout)
		defer cancel()
		if signingOut != nil { // the last session's sign-out first (leave.go logoutNow)
			select {
			case <-signingOut:
			case <-ctx.Done():
			}
		}
		r, err := p.o.API.Login(ctx, username, password, p.o.Counter)
		p.o.Dispatch(func() {
			p.busy--
			p.v.BusyText = ""
			if gen != p.gen {
				return
			}
			if err != nil {
				p.v.LoginError = p.errIn(err)
				p.o.Log.Warn("counter: login failed", "err", err)
				p.render()
				return
			}
			p.startSession(r)
			p.render()
		})
	}()
	p.render()
}

func (p *Presenter) startSession(r client.LoginResult) {
	p.gen++
	ctx, cancel := context.WithCancel(p.ctx)
	p.sess = cancel
	printer, scannerOn, scannerCfg := p.v.Printer, p.v.ScannerConnected, p.v.ScannerConfigured
	p.v = View{Screen: ScreenMain, Tab: TabReceive, Officer: r.Username, OfficerName: r.FullName,
		Counter: p.o.Counter, CounterName: p.counterName(), Printer: printer,
		ScannerConnected: scannerOn, ScannerConfigured: scannerCfg, LoginUser: r.Username}
	if p.v.OfficerName == "" {
		p.v.OfficerName = r.Username
	}
	p.info(p.tf("Xin chào %s. Nhấn F1 để gọi số tiếp theo.", p.v.OfficerName))
	p.o.Log.Info("counter: logged in", "officer", r.Username, "counter", p.o.Counter)
	gen := p.gen
	in := func(f func()) {
		p.o.Dispatch(func() {
			if gen == p.gen {
				f()
				p.render()
			}
		})
	}
	go p.pollInbox(ctx, in)
	go p.o.API.Subscribe(ctx, client.SubscribeOptions{MaxBackoff: 5 * time.Second}, client.Handler{
		Snapshot: func(s *queue.Snapshot) { in(func() { p.applySnapshot(s) }) },
		Event:    func(e queue.Event) { in(func() { p.applyEvent(e) }) },
		State: func(st client.ConnState, err error) {
			in(func() {
				p.v.Connected = st == client.Connected
				if st == client.Disconnected && unauthorized(err) {
					p.endSession(msgExpired)
				}
			})
		},
	})
	p.refreshList()
	p.RefreshInbox()
	p.call("priorities", "", func(ctx context.Context) (func(), error) {
		cats, err := p.o.API.Priorities(ctx)
		if err != nil {
			return nil, err
		}
		st, err := p.o.API.Settings(ctx)
		if err != nil {
			p.o.Log.Warn("counter: settings", "err", err)
		}
		return func() {
			p.priorities = map[string]string{}
			for _, c := range cats {
				p.priorities[c.ID] = c.Name
			}
			p.lookupURL = st.LookupURL
		}, nil
	})
}

func (p *Presenter) endSession(msg string) {
	if p.sess != nil {
		p.sess()
		p.sess = nil
	}
	p.gen++
	p.queueOp = false
	p.inboxNext, p.inboxLoading = "", false
	p.quit = nil
	user := p.v.LoginUser
	printer, scannerOn, scannerCfg := p.v.Printer, p.v.ScannerConnected, p.v.ScannerConfigured
	p.v = View{Screen: ScreenLogin, Tab: TabReceive, Counter: p.o.Counter, CounterName: p.counterName(),
		LoginUser: user, LoginError: p.tr(msg), Printer: printer, ScannerConnected: scannerOn, ScannerConfigured: scannerCfg}
	if msg != "" {
		p.o.Log.Info("counter: session ended", "reason", "expired")
	}
}
