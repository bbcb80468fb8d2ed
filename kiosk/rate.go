package kiosk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/queue"
)

// Rate starts the rating flow: the citizen scans the QR of their ticket or
// receipt (a rating needs the token printed there), with the server's
// rating scale (the built-in one when it cannot be read).
func (p *Presenter) Rate() {
	p.touch()
	if p.v.Busy {
		return
	}
	p.async("", func(ctx context.Context) func() {
		ctx, cancel := p.call(ctx)
		defer cancel()
		scale, err := p.o.API.RatingScale(ctx)
		return func() {
			if err != nil {
				if errors.Is(err, client.ErrUnreachable) || errors.Is(err, context.DeadlineExceeded) {
					p.fail(err)
					return
				}
				p.o.Log.Warn("kiosk: rating scale not available, using the built-in one", "err", err)
				scale = *p.o.Scale
			}
			p.scale = scale
			p.show(ScreenRateSubject)
			p.rating, p.subject = Rating{}, nil
			p.v.RateSubject = ""
		}
	})
}

// checkSubject asks the server what the scanned QR rates, then asks the
// question naming the ticket and counter (or the dossier).
func (p *Presenter) checkSubject(r Rating) {
	p.async(p.t("rate.checking"), func(ctx context.Context) func() {
		ctx, cancel := p.call(ctx)
		defer cancel()
		sub, err := p.o.API.RatingSubject(ctx, r)
		return func() { p.subjectAnswer(r, sub, err) }
	})
}

// rateFromHome starts the rating flow from a ticket QR scanned on the home
// screen (the officer's F5 sent the citizen here): the scale and the
// subject are asked together.
func (p *Presenter) rateFromHome(r Rating) {
	p.async(p.t("rate.checking"), func(ctx context.Context) func() {
		ctx, cancel := p.call(ctx)
		defer cancel()
		scale, serr := p.o.API.RatingScale(ctx)
		offline := errors.Is(serr, client.ErrUnreachable) || errors.Is(serr, context.DeadlineExceeded)
		var sub centre.RatingSubject
		var err error
		if !offline {
			sub, err = p.o.API.RatingSubject(ctx, r)
		}
		return func() {
			if offline {
				p.fail(serr)
				return
			}
			if serr != nil {
				p.o.Log.Warn("kiosk: rating scale not available, using the built-in one", "err", serr)
				scale = *p.o.Scale
			}
			p.scale = scale
			p.show(ScreenRateSubject)
			p.rating, p.subject = Rating{}, nil
			p.subjectAnswer(r, sub, err)
		}
	})
}

// subjectAnswer goes on from the server's answer about a scanned QR.
func (p *Presenter) subjectAnswer(r Rating, sub centre.RatingSubject, err error) {
	switch {
	case err == nil:
		p.subject = &sub
		p.rateSubject(r, p.subjectLabel(sub))
	case client.IsCode(err, queue.CodeConflict):
		p.endRating(p.t("rate.already"))
	case client.IsCode(err, queue.CodeTransition):
		p.endRating(p.t("rate.notserved"))
	case client.IsCode(err, queue.CodeNotFound):
		if p.v.Screen != ScreenRateSubject {
			p.show(ScreenRateSubject)
		}
		p.v.Notice = p.t("rate.unknown")
	default:
		p.fail(err)
	}
}

// subjectLabel is "Đánh giá lượt phục vụ số A012 tại Quầy 3" or "Đánh giá
// hồ sơ … tiếp nhận tại Quầy 6", in the view's language.
func (p *Presenter) subjectLabel(s centre.RatingSubject) string {
	where := s.CounterName
	if p.v.Lang == EN || where == "" {
		where = ""
		if s.CounterNumber > 0 {
			where = fmt.Sprintf(p.t("rate.counterno"), s.CounterNumber)
		}
	}
	if s.Kind == "dossier" {
		if where == "" {
			return fmt.Sprintf(p.t("rate.for.dossier"), s.DossierCode)
		}
		return fmt.Sprintf(p.t("rate.dossier.at"), s.DossierCode, where)
	}
	if where == "" {
		return fmt.Sprintf(p.t("rate.for.ticket"), s.Number)
	}
	return fmt.Sprintf(p.t("rate.for.ticket.at"), s.Number, where)
}

// endRating shows msg on the thanks screen, which returns home by itself.
func (p *Presenter) endRating(msg string) {
	p.show(ScreenThanks)
	p.v.Notice = msg
	p.back = nil
	p.deadline = p.o.Now().Add(p.o.ThanksHold)
}

func (p *Presenter) rateSubject(r Rating, label string) {
	p.rating = r
	p.show(ScreenRateLevel)
	p.v.RateSubject = strings.TrimSpace(label)
	p.v.Question, p.v.Levels = p.levelChoices()
	p.render()
}

// levelChoices is the scale in the view's language: the server's labels
// are Vietnamese; known ones have an English text.
func (p *Presenter) levelChoices() (string, []LevelChoice) {
	// A centre not yet updated sends the old "Ông/Bà" wording: the kiosk
	// says "Quý khách" on every line all the same.
	q := dossier.CurrentRatingQuestion(p.scale.Question)
	if p.v.Lang == EN && q == dossier.RatingQuestion {
		q = p.t("rate.question")
	}
	out := make([]LevelChoice, len(p.scale.Levels))
	for i, l := range p.scale.Levels {
		out[i] = LevelChoice{Value: l.Value, Label: LevelText(p.v.Lang, l.Label), Low: l.Low}
	}
	return q, out
}

func (p *Presenter) reasonChoices() []Choice {
	out := make([]Choice, len(p.scale.Reasons))
	for i, r := range p.scale.Reasons {
		out[i] = Choice{ID: r, Name: ReasonText(p.v.Lang, r), Selected: slices.Contains(p.rating.Reasons, r)}
	}
	return out
}

// ChooseLevel answers the question with a level of the scale: a level
// that is not low is sent at once; a low one asks for reasons first.
func (p *Presenter) ChooseLevel(value int) {
	p.touch()
	l, ok := p.scale.Level(value)
	if p.v.Busy || !ok || (p.rating.TicketID == "" && p.rating.DossierCode == "") {
		return
	}
	p.rating.Level = value
	if l.Low {
		p.show(ScreenRateReason)
		p.v.Reasons = p.reasonChoices()
		p.v.Comment = p.rating.Comment
		p.render()
		return
	}
	p.rating.Reasons, p.rating.Comment = nil, ""
	p.sendRating()
}

// ToggleReason selects or unselects a reason.
func (p *Presenter) ToggleReason(r string) {
	p.touch()
	if p.v.Busy {
		return
	}
	if i := slices.Index(p.rating.Reasons, r); i >= 0 {
		p.rating.Reasons = slices.Delete(p.rating.Reasons, i, i+1)
	} else if slices.Contains(p.scale.Reasons, r) {
		p.rating.Reasons = append(p.rating.Reasons, r)
	}
	p.v.Reasons = p.reasonChoices()
	p.v.Notice = ""
	p.render()
}

// ReasonOther is the reason that needs the citizen's own words.
const ReasonOther = "Khác"

// maxComment bounds the comment typed on the kiosk (the server takes 500).
const maxComment = 200

// EditComment opens the on-screen keyboard for a comment.
func (p *Presenter) EditComment() {
	p.touch()
	if p.v.Busy || p.v.Screen != ScreenRateReason {
		return
	}
	p.show(ScreenRateComment)
	p.v.Comment = p.rating.Comment
	p.render()
}

func (p *Presenter) setComment(c string) {
	p.rating.Comment = c
	p.v.Comment = c
	p.v.Notice = ""
	p.render()
}

// CommentKey types s (a letter, a space, a punctuation mark) into the comment.
func (p *Presenter) CommentKey(s string) {
	p.touch()
	if p.v.Screen == ScreenAskText {
		p.askKey(s)
		return
	}
	if p.v.Screen != ScreenRateComment || len([]rune(p.rating.Comment))+len([]rune(s)) > maxComment {
		return
	}
	if s == " " && (p.rating.Comment == "" || strings.HasSuffix(p.rating.Comment, " ")) {
		return
	}
	p.setComment(p.rating.Comment + s)
}

// CommentTone puts a tone mark on the word being typed.
func (p *Presenter) CommentTone(t Tone) {
	p.touch()
	if p.v.Screen == ScreenAskText {
		p.setAskText(AddTone(p.ask.Text, t))
		return
	}
	if p.v.Screen == ScreenRateComment {
		p.setComment(AddTone(p.rating.Comment, t))
	}
}

// CommentBackspace deletes the last character of the comment.
func (p *Presenter) CommentBackspace() {
	p.touch()
	if rs := []rune(p.ask.Text); p.v.Screen == ScreenAskText {
		if len(rs) > 0 {
			p.setAskText(string(rs[:len(rs)-1]))
		}
		return
	}
	if rs := []rune(p.rating.Comment); p.v.Screen == ScreenRateComment && len(rs) > 0 {
		p.setComment(string(rs[:len(rs)-1]))
	}
}

// CommentDone returns to the reasons with the comment kept.
func (p *Presenter) CommentDone() {
	p.touch()
	if p.v.Screen == ScreenAskText {
		p.AskEditDone()
		return
	}
	if p.v.Screen != ScreenRateComment {
		return
	}
	p.rating.Comment = strings.TrimSpace(p.rating.Comment)
	p.Back()
	p.v.Reasons = p.reasonChoices()
	p.v.Comment = p.rating.Comment
	p.render()
}

// SendRating sends a low rating with its reasons and comment.
func (p *Presenter) SendRating() {
	p.touch()
	if p.v.Busy {
		return
	}
	p.rating.Comment = strings.TrimSpace(p.rating.Comment)
	l, _ := p.scale.Level(p.rating.Level)
	switch {
	case l.Low && len(p.rating.Reasons) == 0 && p.rating.Comment == "":
		p.v.Notice = p.t("rate.needreason")
		p.render()
		return
	case slices.Contains(p.rating.Reasons, ReasonOther) && p.rating.Comment == "":
		p.v.Notice = p.t("rate.needother")
		p.render()
		return
	}
	p.sendRating()
}

func (p *Presenter) sendRating() {
	r := p.rating
	r.Reasons = slices.Clone(r.Reasons)
	p.async(p.t("rate.sending"), func(ctx context.Context) func() {
		ctx, cancel := p.call(ctx)
		defer cancel()
		err := p.o.API.Rate(ctx, r)
		return func() {
			// The server's refusals of a rating end the flow with the
			// kiosk's own sentence, in the citizen's language.
			var msg string
			switch {
			case err == nil:
				p.o.Log.Info("kiosk: rating sent", "ticket", r.TicketID, "dossier", r.DossierCode, "level", r.Level)
				msg = p.t("rate.thanks")
			case client.IsCode(err, queue.CodeConflict):
				msg = p.t("rate.already")
			case client.IsCode(err, queue.CodeTransition):
				msg = p.t("rate.notserved")
			case client.IsCode(err, queue.CodeNotFound):
				msg = p.t("rate.unknown")
			default:
				p.fail(err)
				return
			}
			if err != nil {
				p.o.Log.Info("kiosk: rating refused", "ticket", r.TicketID, "dossier", r.DossierCode, "err", err)
			}
			p.endRating(msg)
		}
	})
}
