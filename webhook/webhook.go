// Package webhook posts the centre's events to other systems (issue 17):
// each endpoint subscribes to event names (ticket.called, dossier.status…);
// every matching event becomes a delivery in an outbox in centre.db
// (produced from the event logs by sequence with a persisted cursor),
// POSTed as JSON with an HMAC-SHA256 signature and a delivery id, retried
// with backoff, in order per subject (a ticket's or a dossier's later event
// waits for the earlier one), and kept as a delivery log for the console.
package webhook

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Events are the names an endpoint may subscribe to: the queue's event
// kinds and dossier.status (a dossier changed state).
var Events = []string{
	queue.EvIssued, queue.EvCalled, queue.EvRecalled, queue.EvStarted, queue.EvFinished, queue.EvNoShow,
	queue.EvCancelled, queue.EvTransferred, queue.EvRedirected, queue.EvParked, queue.EvResumed, queue.EvReactivated,
	"counter.opened", "counter.closed", "counter.paused", "counter.resumed", "notice",
	EventDossierStatus,
}

// EventDossierStatus is a dossier's change of state.
const EventDossierStatus = "dossier.status"

// Hook is an endpoint.
type Hook struct {
	ID        string
	URL       string
	Secret    string
	Events    []string
	CreatedAt time.Time
}

// Wants reports whether the hook subscribed to ev.
func (h Hook) Wants(ev string) bool { return slices.Contains(h.Events, ev) }

// MaxURL bounds an endpoint's URL.
const MaxURL = 2000

// CheckURL accepts http(s) URLs with a host and no credentials in them.
func CheckURL(s string) error {
	if len(s) > MaxURL {
		return fmt.Errorf("URL longer than %d bytes", MaxURL)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("the URL must be http:// or https:// with a host")
	}
	if u.User != nil {
		return fmt.Errorf("the URL must not carry a user or password (the secret signs the requests)")
	}
	if u.Fragment != "" {
		return fmt.Errorf("the URL must not have a #fragment")
	}
	return nil
}

// ParseEvents splits a comma-separated list and checks each name.
func ParseEvents(s string) ([]string, error) {
	var out []string
	for _, e := range strings.Split(s, ",") {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		if !slices.Contains(Events, e) {
			return nil, fmt.Errorf("unknown event %q (known: %s)", e, strings.Join(Events, ", "))
		}
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("at least one event is needed")
	}
	return out, nil
}

// MinSecret is the shortest secret accepted.
const MinSecret = 16

// NewSecret makes a random secret (64 hex digits).
func NewSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func checkSecret(s string) error {
	if len(s) < MinSecret || len(s) > 256 {
		return fmt.Errorf("the secret must be %d to 256 characters", MinSecret)
	}
	if strings.ContainsAny(s, "\r\n") {
		return errors.New("the secret must be one line")
	}
	return nil
}

// Add saves a new endpoint.
func Add(ctx context.Context, db *store.DB, rawURL, secret string, events []string) (Hook, error) {
	if err := CheckURL(rawURL); err != nil {
		return Hook{}, err
	}
	if err := checkSecret(secret); err != nil {
		return Hook{}, err
	}
	if len(events) == 0 {
		return Hook{}, errors.New("at least one event is needed")
	}
	for _, e := range events {
		if !slices.Contains(Events, e) {
			return Hook{}, fmt.Errorf("unknown event %q", e)
		}
	}
	b := make([]byte, 6)
	rand.Read(b)
	h := Hook{ID: "wh-" + hex.EncodeToString(b), URL: rawURL, Secret: secret, Events: events, CreatedAt: time.Now()}
	err := db.Write(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM webhooks`).Scan(&n); err != nil {
			return err
		}
		if n >= 20 {
			return errors.New("at most 20 webhooks")
		}
		_, err := tx.Exec(`INSERT INTO webhooks (id, url, secret, events, created_at) VALUES (?, ?, ?, ?, ?)`,
			h.ID, h.URL, h.Secret, strings.Join(h.Events, ","), h.CreatedAt.UnixMilli())
		return err
	})
	return h, err
}

// ErrNoHook: no endpoint has that id.
var ErrNoHook = errors.New("no such webhook")

// Remove deletes an endpoint and its pending deliveries (the log of what
// was delivered stays until it is purged).
func Remove(ctx context.Context, db *store.DB, id string) error {
	return db.Write(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(`DELETE FROM webhooks WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNoHook
		}
		_, err = tx.Exec(`UPDATE webhook_deliveries SET status = 'dead', last_error = 'webhook removed', done_at = ? WHERE hook = ? AND status = 'pending'`,
			time.Now().UnixMilli(), id)
		return err
	})
}

// List returns the endpoints, oldest first.
func List(ctx context.Context, db *store.DB) ([]Hook, error) {
	return list(ctx, db.Read())
}

func list(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) ([]Hook, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, url, secret, events, created_at FROM webhooks ORDER BY created_at, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Hook
	for rows.Next() {
		var h Hook
		var ev string
		var at int64
		if err := rows.Scan(&h.ID, &h.URL, &h.Secret, &ev, &at); err != nil {
			return nil, err
		}
		h.Events, h.CreatedAt = strings.Split(ev, ","), time.UnixMilli(at).In(queue.Loc)
		out = append(out, h)
	}
	return out, rows.Err()
}

// Sign is the signature header's value for a body sent at ts (unix
// seconds): "sha256=" + hex(HMAC-SHA256(secret, ts + "." + body)).
func Sign(secret string, ts int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(m, "%d.", ts)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a signature header in constant time (receivers in Go can
// use it as it is; docs/API.md shows it).
func Verify(secret string, ts int64, body []byte, header string) bool {
	return hmac.Equal([]byte(Sign(secret, ts, body)), []byte(header))
}

// Header names.
const (
	HeaderDelivery  = "X-Motcua-Delivery"
	HeaderEvent     = "X-Motcua-Event"
	HeaderTimestamp = "X-Motcua-Timestamp"
	HeaderSignature = "X-Motcua-Signature"
)
