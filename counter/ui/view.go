// Package ui is the counter app's Fyne window: it draws a counter.View and
// turns taps and function keys into presenter calls. It never imports
// fyne.io/fyne/v2/app (only cmd/motcua-counter does), so it tests headless
// with fyne.io/fyne/v2/test.
package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/internal/uicheck"
	"github.com/motcua/motcua/queue"
)

// Options configure a View.
type Options struct {
	Window fyne.Window
	// Dispatch runs f where the presenter lives. In the app widget
	// callbacks already run on the Fyne goroutine, so it calls f; tests pass
	// the harness lock. Every presenter call from a widget goes through it.
	Dispatch func(f func())
	Server   string // shown on the login screen
	Lang     counter.Lang
}

// View is the window content. Render and the callbacks run on the Fyne
// goroutine (fyne.Do from elsewhere).
type View struct {
	o         Options
	lang      counter.Lang
	p         *counter.Presenter
	rendering bool // Render is setting widgets: their callbacks must not call back
	last      counter.View

	root  *fyne.Container
	login *fyne.Container
	main  *fyne.Container

	// login
	lUser, lPass *fkEntry
	lButton      *widget.Button
	lError       *canvas.Text
	lCounter     *widget.Label

	// header and status bar
	hCentre, hWho *canvas.Text
	message       *canvas.Text
	printerLine   *canvas.Text
	scannerLine   *canvas.Text
	connLine      *canvas.Text
	busy          *widget.ProgressBarInfinite

	// queue panel
	qNumber, qService, qState *canvas.Text
	qPriority                 *canvas.Text
	qStart                    *widget.Button
	qButtons                  map[counter.Command]*widget.Button
	qPauseBtn                 *widget.Button
	qWaiting                  *fyne.Container
	qWaitTotal                *canvas.Text
	transfer                  *fyne.Container
	trService, trCounter      *widget.Select
	pausePanel                *fyne.Container
	pauseReason               *widget.SelectEntry
	pk                        *parkPanel // park.go

	tabs *container.AppTabs
	rcv  *receiveTab
	dl   *dossierTab
	ib   *inboxTab

	keysLine *widget.Label // the shortcut list at the bottom

	leave leaveDialog // the sign-out question (leave.go)
}

// New builds the window content; Bind attaches the presenter.
func New(o Options) *View {
	if o.Dispatch == nil {
		o.Dispatch = func(f func()) { f() }
	}
	v := &View{o: o, lang: counter.ParseLang(string(o.Lang))}
	v.build()
	v.root = container.NewStack(v.login, v.main)
	if o.Window != nil {
		o.Window.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { v.Key(ev) })
		v.addShortcuts(o.Window.Canvas())
	}
	return v
}

// t is key's text in the window's language.
func (v *View) t(key string) string { return counter.T(v.lang, key) }

// build makes the login and main screens in v.lang.
func (v *View) build() {
	v.buildLogin()
	v.buildMain()
	v.main.Hide()
}

// langButton switches the window between Vietnamese and English.
func (v *View) langButton() *widget.Button {
	return widget.NewButton(v.t("lang.switch"), func() {
		if v.lang == counter.EN {
			v.SetLang(counter.VI)
		} else {
			v.SetLang(counter.EN)
		}
	})
}

// Lang is the window's language.
func (v *View) Lang() counter.Lang { return v.lang }

// SetLang redraws the window in lang and has the presenter write its next
// sentences in it. The screens are rebuilt with the new texts; what the
// officer typed is kept (the form lives in the presenter's view, the login
// and list filters are carried over here).
func (v *View) SetLang(lang counter.Lang) {
	if lang == v.lang {
		return
	}
	user, pass := v.lUser.Text, v.lPass.Text
	f := v.dl.filter()
	v.lang = lang
	v.build()
	v.root.Objects = []fyne.CanvasObject{v.login, v.main}
	v.rendering = true
	v.lUser.SetText(user)
	v.lPass.SetText(pass)
	v.dl.setFilter(f)
	v.rendering = false
	v.root.Refresh()
	if v.p != nil {
		v.o.Dispatch(func() { v.p.SetLang(lang) })
		v.Render(v.last)
	}
	v.unfocus()
}

// Bind attaches the presenter the widgets call.
func (v *View) Bind(p *counter.Presenter) { v.p = p }

// Content is the window content.
func (v *View) Content() fyne.CanvasObject { return v.root }

// do calls the presenter unless Render is running (a widget changed by
// Render fires its callback: that is not the officer's input).
func (v *View) do(f func(p *counter.Presenter)) {
	if v.rendering || v.p == nil {
		return
	}
	v.o.Dispatch(func() { f(v.p) })
}

var fkeys = map[fyne.KeyName]string{
	fyne.KeyF1: "F1", fyne.KeyF2: "F2", fyne.KeyF3: "F3", fyne.KeyF4: "F4", fyne.KeyF5: "F5", fyne.KeyF6: "F6",
	fyne.KeyF7: "F7", fyne.KeyF8: "F8", fyne.KeyF9: "F9", fyne.KeyF10: "F10", fyne.KeyF11: "F11", fyne.KeyF12: "F12",
}

// Key handles a function key; it reports whether the key was one.
func (v *View) Key(ev *fyne.KeyEvent) bool {
	if v.leaveKey(ev) {
		return true
	}
	name, ok := fkeys[ev.Name]
	if !ok {
		if ev.Name == fyne.KeyEscape {
			v.transfer.Hide()
			v.pausePanel.Hide()
		}
		return false
	}
	for _, s := range counter.Shortcuts {
		if s.Key == name {
			v.command(s.Command)
		}
	}
	return true
}

func (v *View) command(c counter.Command) {
	var ui bool
	v.do(func(p *counter.Presenter) { ui = p.Run(c) })
	if !ui {
		return
	}
	switch c {
	case counter.CmdTransfer:
		v.pausePanel.Hide()
		v.transfer.Show()
	case counter.CmdPause:
		v.transfer.Hide()
		v.pausePanel.Show()
		v.focus(v.pauseReason)
	case counter.CmdScan:
		v.tabs.SelectIndex(0)
		v.focus(v.rcv.scan)
	case counter.CmdSearch:
		v.tabs.SelectIndex(0)
		v.focus(v.rcv.search)
	}
}

func (v *View) focus(o fyne.Focusable) {
	if v.o.Window != nil {
		v.o.Window.Canvas().Focus(o)
	}
}

func (v *View) unfocus() {
	if v.o.Window != nil {
		v.o.Window.Canvas().Unfocus()
	}
}

// ---- login ----

func (v *View) buildLogin() {
	v.lUser = newEntry(nil, v.t("login.user"))
	v.lPass = newEntry(nil, v.t("login.pass"))
	v.lPass.Password = true
	submit := func() {
		u, pw := v.lUser.Text, v.lPass.Text
		v.do(func(p *counter.Presenter) { p.Login(u, pw) })
	}
	v.lUser.submit = func() { v.focus(v.lPass) }
	v.lPass.submit = submit
	v.lButton = widget.NewButton(v.t("login.submit"), submit)
	v.lButton.Importance = widget.HighImportance
	v.lError = text("", colRed, 15, false)
	v.lCounter = label("", false)
	title := text(v.t("login.title"), colBlue, 24, true)
	title.Alignment = fyne.TextAlignCenter
	server := text(fmt.Sprintf(v.t("login.server"), v.o.Server), colMuted, 13, false)
	form := container.NewVBox(title, v.lCounter,
		widget.NewForm(widget.NewFormItem(v.t("login.user"), v.lUser), widget.NewFormItem(v.t("login.pass"), v.lPass)),
		v.lButton, v.lError, container.NewBorder(nil, nil, nil, v.langButton(), server))
	card := container.NewStack(canvas.NewRectangle(colPanel), container.NewPadded(form))
	v.login = container.NewCenter(container.NewGridWrap(fyne.NewSize(660, 330), card))
}

// ---- main ----

func (v *View) buildMain() {
	header := v.buildHeader()
	queue := v.buildQueue()
	v.rcv = v.buildReceive()
	v.dl = v.buildDossiers()
	v.ib = v.buildInbox()
	v.ib.item = container.NewTabItem(fmt.Sprintf(v.t("tab.inbox"), 0)+" · Alt+3", v.ib.root)
	v.tabs = container.NewAppTabs(
		container.NewTabItem(v.t("tab.receive"), v.rcv.root),
		container.NewTabItem(v.t("tab.dossiers"), v.dl.root),
		v.ib.item,
	)
	v.tabs.OnSelected = func(ti *container.TabItem) {
		t := counter.TabReceive
		switch ti.Content {
		case v.dl.root:
			t = counter.TabDossiers
		case v.ib.root:
			t = counter.TabInbox
		}
		v.do(func(p *counter.Presenter) { p.SetTab(t) })
	}
	status := v.buildStatus()
	left := container.New(&fixedWidth{w: 390}, container.NewStack(canvas.NewRectangle(colPanel),
		container.NewVScroll(container.NewPadded(queue))))
	v.main = container.NewBorder(header, status, left, nil, v.tabs)
}

// fixedWidth gives its objects a fixed width and the full height.
type fixedWidth struct{ w float32 }

func (f *fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(f.w, h)
}

func (f *fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(fyne.NewSize(f.w, size.Height))
		o.Move(fyne.NewPos(0, 0))
	}
}

func (v *View) buildHeader() fyne.CanvasObject {
	v.hCentre = text("", colOnBlue, 19, true)
	v.hWho = text("", colOnBlue, 15, false)
	logout := widget.NewButton(v.t("logout"), func() { v.do(func(p *counter.Presenter) { p.Logout() }) })
	row := container.NewBorder(nil, nil, container.NewVBox(v.hCentre, v.hWho), container.NewHBox(v.langButton(), logout))
	return container.NewStack(canvas.NewRectangle(colHeader), container.NewPadded(row))
}

func (v *View) buildStatus() fyne.CanvasObject {
	v.message = text("", colText, 16, true)
	v.printerLine = text("", colMuted, 14, false)
	v.scannerLine = text("", colMuted, 14, false)
	v.connLine = text("", colMuted, 14, false)
	v.busy = widget.NewProgressBarInfinite()
	v.busy.Hide()
	var hints []string
	for _, s := range counter.Shortcuts {
		hints = append(hints, s.Key+" "+counter.ShortcutLabel(v.lang, s))
	}
	hints = append(hints, v.t("keys.more"))
	// The key list wraps on a narrower screen rather than run off the edge.
	hint := widget.NewLabel(strings.Join(hints, " · "))
	hint.Wrapping, hint.SizeName = fyne.TextWrapWord, theme.SizeNameCaptionText
	v.keysLine = hint
	devices := container.NewHBox(v.connLine, widget.NewSeparator(), v.printerLine, widget.NewSeparator(), v.scannerLine)
	return container.NewStack(canvas.NewRectangle(colPanel), container.NewPadded(container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(160, 20), v.busy), v.message),
		devices, hint)))
}

func (v *View) buildQueue() fyne.CanvasObject {
	title := text(v.t("q.title"), colMuted, 15, true)
	v.qNumber = text("—", colBlue, 76, true)
	v.qNumber.Alignment = fyne.TextAlignCenter
	v.qService = text("", colText, 15, false)
	v.qService.Alignment = fyne.TextAlignCenter
	v.qState = text("", colMuted, 14, false)
	v.qState.Alignment = fyne.TextAlignCenter
	v.qPriority = text("", colAmber, 17, true)
	v.qPriority.Alignment = fyne.TextAlignCenter
	v.qStart = widget.NewButton(v.t("q.start"), func() { v.do(func(p *counter.Presenter) { p.StartServing() }) })
	v.qStart.Hide()
	v.qButtons = map[counter.Command]*widget.Button{}
	btns := container.NewVBox()
	for _, s := range counter.Shortcuts[:6] {
		cmd := s.Command
		b := widget.NewButton(s.Key+"  "+counter.ShortcutLabel(v.lang, s), func() { v.command(cmd) })
		b.Alignment = widget.ButtonAlignLeading
		if cmd == counter.CmdCallNext {
			b.Importance = widget.HighImportance
		}
		v.qButtons[cmd] = b
		btns.Add(b)
	}
	v.qPauseBtn = v.qButtons[counter.CmdPause]
	v.pk = v.buildPark() // park.go
	v.qButtons[counter.CmdPark] = v.pk.button
	btns.Add(v.pk.button)

	// transfer panel (F4)
	v.trService = widget.NewSelect(nil, nil)
	v.trService.PlaceHolder = v.t("q.service")
	v.trCounter = widget.NewSelect(nil, nil)
	v.trCounter.PlaceHolder = v.t("q.counter")
	toService := widget.NewButton(v.t("q.toService"), func() {
		id := v.choiceID(v.last.Queue.Services, v.trService.Selected)
		v.transfer.Hide()
		v.do(func(p *counter.Presenter) { p.Transfer(id) })
	})
	toCounter := widget.NewButton(v.t("q.toCounter"), func() {
		id := v.choiceID(v.last.Queue.Counters, v.trCounter.Selected)
		v.transfer.Hide()
		v.do(func(p *counter.Presenter) { p.Redirect(id) })
	})
	v.transfer = container.NewVBox(heading(v.t("q.transferTo")),
		container.NewBorder(nil, nil, nil, toService, v.trService),
		container.NewBorder(nil, nil, nil, toCounter, v.trCounter),
		widget.NewButton(v.t("q.cancel"), func() { v.transfer.Hide() }))
	v.transfer.Hide()

	// pause panel (F6)
	v.pauseReason = widget.NewSelectEntry(v.pauseChoices())
	v.pauseReason.PlaceHolder = v.t("q.pauseReason")
	doPause := func() {
		r := v.pauseReason.Text
		if v.lang == counter.EN {
			r = queue.PauseReasonVI(r) // the server keeps the Vietnamese one for the boards
		}
		v.pausePanel.Hide()
		v.do(func(p *counter.Presenter) { p.Pause(r) })
	}
	v.pauseReason.OnSubmitted = func(string) { doPause() }
	v.pausePanel = container.NewVBox(heading(v.t("q.pauseTitle")), v.pauseReason,
		container.NewGridWithColumns(2, widget.NewButton(v.t("q.pause"), doPause), widget.NewButton(v.t("q.cancel"), func() { v.pausePanel.Hide() })))
	v.pausePanel.Hide()

	v.qWaitTotal = text("", colText, 15, true)
	v.qWaiting = container.NewVBox()
	return container.NewVBox(title, v.qNumber, v.qService, v.qPriority, v.qState, v.qStart, widget.NewSeparator(), btns,
		v.transfer, v.pausePanel, widget.NewSeparator(), v.pk.box, widget.NewSeparator(), v.qWaitTotal, v.qWaiting)
}

// choiceID is the id of the choice shown as name (choiceNames).
func (v *View) choiceID(cs []counter.Choice, name string) string {
	for _, c := range cs {
		if v.name(c.Name, c.NameEN) == name {
			return c.ID
		}
	}
	return ""
}

// choiceNames are the transfer lists' entries in the window's language.
func (v *View) choiceNames(cs []counter.Choice) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = v.name(c.Name, c.NameEN)
	}
	return out
}

// Render draws cv.
func (v *View) Render(cv counter.View) {
	if !uicheck.Guard("counter view") {
		uicheck.Redo(func() { v.Render(cv) })
		return
	}
	v.rendering = true
	defer func() { v.rendering = false }()
	v.last = cv
	v.renderLeave(cv)
	if cv.Screen == counter.ScreenLogin {
		v.renderLogin(cv)
		return
	}
	if !v.main.Visible() {
		v.login.Hide()
		v.main.Show()
		v.lPass.SetText("")
		v.unfocus()
	}
	v.renderHeader(cv)
	v.renderQueue(cv)
	want := 0
	switch cv.Tab {
	case counter.TabDossiers:
		want = 1
	case counter.TabInbox:
		want = 2
	}
	if v.tabs.SelectedIndex() != want {
		v.tabs.SelectIndex(want)
	}
	v.rcv.render(v, cv)
	v.dl.render(v, cv)
	v.ib.render(v, cv)
}

func (v *View) renderLogin(cv counter.View) {
	if !v.login.Visible() {
		v.main.Hide()
		v.login.Show()
		v.transfer.Hide()
		v.pausePanel.Hide()
		v.lPass.SetText("")
	}
	if v.lUser.Text == "" && cv.LoginUser != "" {
		v.lUser.SetText(cv.LoginUser)
	}
	setLabel(v.lCounter, fmt.Sprintf(v.t("login.counter"), cv.CounterName))
	setText(v.lError, cv.LoginError, colRed)
	enable(v.lButton, !cv.Busy)
	want := v.t("login.submit")
	if cv.Busy {
		want = v.t("login.busy")
	}
	if v.lButton.Text != want {
		v.lButton.SetText(want)
	}
}

func (v *View) renderHeader(cv counter.View) {
	setText(v.hCentre, cv.CentreName, colOnBlue)
	setText(v.hWho, fmt.Sprintf(v.t("header.who"), v.name(cv.CounterName, cv.CounterNameEN), cv.OfficerName), colOnBlue)
	switch {
	case cv.Error != "":
		setText(v.message, cv.Error, colRed)
	default:
		setText(v.message, cv.Info, colGreen)
	}
	show(v.busy, cv.Busy)
	if cv.Connected {
		setText(v.connLine, v.t("conn.ok"), colGreen)
	} else {
		setText(v.connLine, v.t("conn.lost"), colRed)
	}
	pc := colMuted
	if cv.Printer.Configured {
		pc = colGreen
		if !cv.Printer.Ready {
			pc = colRed
		}
	}
	pt := cv.Printer.Text
	if !strings.HasPrefix(pt, "Máy in") {
		pt = "Máy in: " + pt
	}
	if v.lang == counter.EN {
		if en, ok := counter.PrinterEN[cv.Printer.Text]; ok {
			pt = en
		} else {
			pt = v.t("printer.prefix") + cv.Printer.Text
		}
	}
	setText(v.printerLine, pt, pc)
	switch {
	case !cv.ScannerConfigured:
		setText(v.scannerLine, v.t("scanner.field"), colMuted)
	case cv.ScannerConnected:
		setText(v.scannerLine, v.t("scanner.ok"), colGreen)
	default:
		setText(v.scannerLine, v.t("scanner.off"), colAmber)
	}
}

// name is a service's name in the window's language: the English one in
// English mode when the config has it.
func (v *View) name(vi, en string) string {
	if v.lang == counter.EN && en != "" {
		return en
	}
	return vi
}

func (v *View) renderQueue(cv counter.View) {
	q := cv.Queue
	if c := q.Current; c != nil {
		setText(v.qNumber, c.Number, colBlue)
		setText(v.qService, v.name(c.ServiceName, c.ServiceNameEN), colText)
		// The server's state, as the boards and the phone show it: called
		// until the citizen is at the counter, then serving.
		st, col := v.t("q.called"), colAmber
		if c.Status == queue.Serving {
			st, col = v.t("q.serving"), colGreen
		} else if c.Recalls > 0 {
			st = fmt.Sprintf(v.t("q.recalled"), c.Recalls)
		}
		setText(v.qState, st, col)
		switch {
		case c.PriorityName != "":
			setText(v.qPriority, fmt.Sprintf(v.t("q.priority"), c.PriorityName), colAmber)
		case c.Priority != "":
			setText(v.qPriority, v.t("q.priorityNum"), colAmber)
		}
		show(v.qPriority, c.Priority != "")
		show(v.qStart, c.Status == queue.Called)
	} else {
		setText(v.qNumber, "—", colMuted)
		setText(v.qService, v.t("q.none"), colMuted)
		setText(v.qState, "", colMuted)
		show(v.qPriority, false)
		show(v.qStart, false)
	}
	if q.Paused {
		setText(v.qState, fmt.Sprintf(v.t("q.paused"), q.PauseReason), colAmber)
		v.qPauseBtn.SetText(v.t("q.resume"))
	} else if t := "F6  " + counter.ShortcutLabel(v.lang, counter.Shortcuts[5]); v.qPauseBtn.Text != t {
		v.qPauseBtn.SetText(t)
	}
	has := q.Current != nil
	enable(v.qButtons[counter.CmdCallNext], !q.Paused)
	for _, c := range []counter.Command{counter.CmdRecall, counter.CmdNoShow, counter.CmdTransfer, counter.CmdFinish} {
		enable(v.qButtons[c], has)
	}
	if names := v.choiceNames(q.Services); strings.Join(names, "|") != strings.Join(v.trService.Options, "|") {
		v.trService.SetOptions(names)
	}
	if names := v.choiceNames(q.Counters); strings.Join(names, "|") != strings.Join(v.trCounter.Options, "|") {
		v.trCounter.SetOptions(names)
	}
	v.renderPark(q) // park.go
	setText(v.qWaitTotal, fmt.Sprintf(v.t("q.waiting"), q.WaitingMine), colText)
	for len(v.qWaiting.Objects) < len(q.Waiting) {
		n, c := text("", colText, 14, false), text("", colText, 14, true)
		v.qWaiting.Add(container.NewBorder(nil, nil, nil, c, n))
	}
	for i, o := range v.qWaiting.Objects {
		row := o.(*fyne.Container)
		show(row, i < len(q.Waiting))
		if i >= len(q.Waiting) {
			continue
		}
		w := q.Waiting[i]
		col := colText
		if !w.Mine {
			col = colMuted
		}
		setText(row.Objects[0].(*canvas.Text), shorten(v.name(w.Name, w.NameEN), 40), col)
		setText(row.Objects[1].(*canvas.Text), strconv.Itoa(w.Waiting), col)
	}
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
