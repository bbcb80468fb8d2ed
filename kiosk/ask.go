package kiosk

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/petition"
)

// Questions and petitions (hỏi đáp, phản ánh kiến nghị; issue 19): the
// citizen chooses the kind and the topic, types the text on the Vietnamese
// keyboard (the rating comment's: letters, then tone keys), may leave a
// phone number, and gets the reference the centre answers under. Nothing
// of it outlives the flow: Home, Back to home and the idle timeout clear it.

// Screens of the flow.
const (
	ScreenAsk      Screen = "ask"       // kind, topic, text, contact, send
	ScreenAskText  Screen = "ask_text"  // the Vietnamese keyboard for the text
	ScreenAskPhone Screen = "ask_phone" // the digit pad for the phone number
	ScreenAskSent  Screen = "ask_sent"  // thank you, with the reference
)

// maxPhone bounds the contact typed on the kiosk (a phone number).
const maxPhone = 15

// Ask opens the question and petition form with the centre's sectors as
// topics (and "Other").
func (p *Presenter) Ask() {
	p.touch()
	if p.v.Busy {
		return
	}
	p.async("", func(ctx context.Context) func() {
		ctx, cancel := p.call(ctx)
		defer cancel()
		svcs, err := p.o.API.Services(ctx)
		return func() {
			if err != nil {
				p.fail(err)
				return
			}
			p.services = svcs
			p.ask = petition.Submission{Kind: petition.KindQuestion}
			p.show(ScreenAsk)
			p.askView()
		}
	})
}

// askView copies the form into the view, labels in the view's language.
func (p *Presenter) askView() {
	p.v.AskKinds = []Choice{
		{ID: petition.KindQuestion, Name: p.t("ask.kind.hoi"), Selected: p.ask.Kind == petition.KindQuestion},
		{ID: petition.KindPetition, Name: p.t("ask.kind.pakn"), Selected: p.ask.Kind == petition.KindPetition},
	}
	var topics []Choice
	for _, s := range p.sectorChoices() {
		topics = append(topics, Choice{ID: s.ID, Name: s.Name, Selected: s.ID == p.ask.Topic})
	}
	topics = append(topics, Choice{ID: petition.TopicOther, Name: p.t("ask.topic.other"), Selected: p.ask.Topic == petition.TopicOther})
	p.v.AskTopics = topics
	p.v.AskText, p.v.AskContact = p.ask.Text, p.ask.Contact
	p.v.Comment = ""
	if p.v.Screen == ScreenAskText {
		p.v.Comment = p.ask.Text
	}
}

// AskKind chooses a question or a petition.
func (p *Presenter) AskKind(kind string) {
	p.touch()
	if p.v.Screen != ScreenAsk || p.v.Busy || (kind != petition.KindQuestion && kind != petition.KindPetition) {
		return
	}
	p.ask.Kind = kind
	p.v.Notice = ""
	p.askView()
	p.render()
}

// AskTopic chooses the topic (a sector id or petition.TopicOther).
func (p *Presenter) AskTopic(id string) {
	p.touch()
	if p.v.Screen != ScreenAsk || p.v.Busy {
		return
	}
	p.ask.Topic = id
	p.v.Notice = ""
	p.askView()
	p.render()
}

// EditAskText opens the Vietnamese keyboard for the text.
func (p *Presenter) EditAskText() {
	p.touch()
	if p.v.Screen != ScreenAsk || p.v.Busy {
		return
	}
	p.show(ScreenAskText)
	p.askView()
	p.render()
}

// EditAskPhone opens the digit pad for the phone number.
func (p *Presenter) EditAskPhone() {
	p.touch()
	if p.v.Screen != ScreenAsk || p.v.Busy {
		return
	}
	p.show(ScreenAskPhone)
	p.askView()
	p.render()
}

// AskDigit types a digit of the phone number.
func (p *Presenter) AskDigit(d string) {
	p.touch()
	if p.v.Screen != ScreenAskPhone || len(d) != 1 || d[0] < '0' || d[0] > '9' || len(p.ask.Contact) >= maxPhone {
		return
	}
	p.ask.Contact += d
	p.v.Notice = ""
	p.askView()
	p.render()
}

// AskPhoneBackspace deletes the last digit.
func (p *Presenter) AskPhoneBackspace() {
	p.touch()
	if n := len(p.ask.Contact); p.v.Screen == ScreenAskPhone && n > 0 {
		p.ask.Contact = p.ask.Contact[:n-1]
		p.askView()
		p.render()
	}
}

// AskEditDone returns from the keyboard or the pad to the form.
func (p *Presenter) AskEditDone() {
	p.touch()
	switch p.v.Screen {
	case ScreenAskPhone:
		if n := len(p.ask.Contact); n > 0 && (n < 9 || p.ask.Contact[0] != '0') {
			p.v.Notice = p.t("ask.badphone")
			p.render()
			return
		}
	case ScreenAskText:
		p.ask.Text = strings.TrimSpace(p.ask.Text)
	default:
		return
	}
	p.Back()
	p.askView()
	p.render()
}

// askKey, askTone and askBackspace are the keyboard's keys on the text
// (CommentKey, CommentTone and CommentBackspace route here on ScreenAskText).
func (p *Presenter) askKey(s string) {
	if utf8.RuneCountInString(p.ask.Text)+utf8.RuneCountInString(s) > petition.MaxText {
		p.v.Notice = p.t("ask.toolong")
		p.render()
		return
	}
	if s == " " && (p.ask.Text == "" || strings.HasSuffix(p.ask.Text, " ")) {
		return
	}
	p.setAskText(p.ask.Text + s)
}

func (p *Presenter) setAskText(s string) {
	p.ask.Text = s
	p.v.Notice = ""
	p.askView()
	p.render()
}

// SendAsk sends the question or petition; the thank-you screen shows its
// reference.
func (p *Presenter) SendAsk() {
	p.touch()
	if p.v.Busy || p.v.Screen != ScreenAsk {
		return
	}
	p.ask.Text = strings.TrimSpace(p.ask.Text)
	switch {
	case p.ask.Topic == "":
		p.v.Notice = p.t("ask.needtopic")
		p.render()
		return
	case p.ask.Text == "":
		p.v.Notice = p.t("ask.needtext")
		p.render()
		return
	}
	sub := p.ask
	p.async(p.t("rate.sending"), func(ctx context.Context) func() {
		ctx, cancel := p.call(ctx)
		defer cancel()
		id, err := p.o.API.SubmitPetition(ctx, sub)
		return func() {
			if err != nil {
				p.fail(err)
				return
			}
			p.o.Log.Info("kiosk: petition sent", "id", id, "kind", sub.Kind, "topic", sub.Topic)
			p.ask = petition.Submission{} // personal data: gone from the kiosk once sent
			p.back = nil
			p.v = View{Screen: ScreenAskSent, Lang: p.v.Lang, Large: p.v.Large, AskRef: strings.ToUpper(id)}
			p.deadline = p.o.Now().Add(max(p.o.TicketHold, 20*time.Second))
		}
	})
}
