// Package notify tells citizens about their visit (issue 17): booking
// confirmed, a reminder the day before, "your number is N places away",
// called, and a dossier's result ready. Every message is a row of a durable
// outbox in centre.db, produced from durable facts — the booking's own
// transaction, or the event logs (events, dossier_events) tailed by sequence
// with a persisted cursor — and delivered at least once, de-duplicated by
// its id, retried with backoff, through the Notifier the TOML config
// chooses: the log (default), e-mail over SMTP with STARTTLS, a generic SMS
// gateway, or Zalo ZNS template messages.
package notify

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/motcua/motcua/queue"
)

// Config is the [notify] section of the centre's TOML file.
type Config struct {
	// Phone is how messages to a phone number go: "log" (default), "sms" or
	// "zalo"; "sim" is the demo's simulated gateway (SimFile).
	Phone string `toml:"phone"`
	// SimFile is the simulated gateway's file (phone = "sim"; `motcua run`
	// sets it to DATA/sms.txt).
	SimFile string `toml:"sim_file"`
	// Email is how messages to an e-mail address go: "log" (default) or "smtp".
	Email string `toml:"email"`
	// Name heads every text (default: the centre's name); a short one saves
	// SMS pages (70 characters each in Vietnamese): "TTPVHCC Cửa Nam".
	Name string `toml:"name"`
	// Away: the "your number is N places away" message is sent once when N or
	// fewer tickets are ahead (default 3; -1 turns it off).
	Away int `toml:"away"`
	// ReminderAt is the time of the day before the appointment when the
	// reminder goes (default "16:00"); "off" sends none.
	ReminderAt string `toml:"reminder_at"`
	// KeepDays is how long the delivery log (masked contact, status; no
	// personal data) is kept (default 30).
	KeepDays int `toml:"keep_days"`
	// MaxAttempts before a message is given up (default 10); RetryMin and
	// RetryMax bound the backoff between attempts (default "10s", "30m").
	MaxAttempts int    `toml:"max_attempts"`
	RetryMin    string `toml:"retry_min"`
	RetryMax    string `toml:"retry_max"`

	SMTP SMTPConfig `toml:"smtp"`
	SMS  SMSConfig  `toml:"sms"`
	Zalo ZaloConfig `toml:"zalo"`

	retryMin, retryMax time.Duration
	reminderMin        int // minutes after midnight; -1 off
}

// SMTPConfig is [notify.smtp].
type SMTPConfig struct {
	Addr     string `toml:"addr"` // host:port (587)
	From     string `toml:"from"`
	Username string `toml:"username"`
	// PasswordFile (0600) or the environment variable PasswordEnv (default
	// MOTCUA_SMTP_PASSWORD) hold the password; never the config itself.
	PasswordFile string `toml:"password_file"`
	PasswordEnv  string `toml:"password_env"`
	// CAFile: PEM certificates to trust besides the system's (a relay with
	// its own CA). STARTTLS is always required: no plain-text fallback.
	CAFile string `toml:"ca_file"`
}

// SMSConfig is [notify.sms]: one HTTP call per message, shaped by templates
// (text/template; fields .Phone .Phone84 .Text .ID .Token .Kind; funcs json
// and query).
type SMSConfig struct {
	URL         string            `toml:"url"`    // a template too (GET gateways: ?text={{query .Text}})
	Method      string            `toml:"method"` // default POST; GET sends no body
	ContentType string            `toml:"content_type"`
	Headers     map[string]string `toml:"headers"`
	Body        string            `toml:"body"`
	// TokenFile or TokenEnv (default MOTCUA_SMS_TOKEN): the gateway's key, as .Token.
	TokenFile string `toml:"token_file"`
	TokenEnv  string `toml:"token_env"`
	// OKField/OKValue: a 2xx answer counts only when its JSON has this
	// top-level field with this value (e.g. "CodeResult" = "100").
	OKField string `toml:"ok_field"`
	OKValue string `toml:"ok_value"`
}

// ZaloConfig is [notify.zalo]: ZNS template messages.
type ZaloConfig struct {
	URL string `toml:"url"` // default https://business.openapi.zalo.me/message/template
	// TokenFile or TokenEnv (default MOTCUA_ZALO_TOKEN): the Official
	// Account's access token, sent in the access_token header.
	TokenFile string `toml:"token_file"`
	TokenEnv  string `toml:"token_env"`
	// Templates maps a message kind (booked, reminder, away, called, result)
	// to the approved ZNS template id; a kind without one is not sent by Zalo.
	Templates map[string]string `toml:"templates"`
}

// ZaloDefaultURL is the ZNS "send template message" endpoint.
const ZaloDefaultURL = "https://business.openapi.zalo.me/message/template"

// Defaults fills the zero fields and checks the rest.
func (c Config) Defaults() (Config, error) {
	if c.Phone == "" {
		c.Phone = "log"
	}
	if c.Email == "" {
		c.Email = "log"
	}
	if c.Away == 0 {
		c.Away = 3
	}
	if c.ReminderAt == "" {
		c.ReminderAt = "16:00"
	}
	if c.KeepDays == 0 {
		c.KeepDays = 30
	}
	if c.MaxAttempts == 0 {
		c.MaxAttempts = 10
	}
	if c.RetryMin == "" {
		c.RetryMin = "10s"
	}
	if c.RetryMax == "" {
		c.RetryMax = "30m"
	}
	var err error
	if c.retryMin, err = time.ParseDuration(c.RetryMin); err != nil || c.retryMin <= 0 {
		return c, fmt.Errorf("notify.retry_min: %q is not a positive duration", c.RetryMin)
	}
	if c.retryMax, err = time.ParseDuration(c.RetryMax); err != nil || c.retryMax < c.retryMin {
		return c, fmt.Errorf("notify.retry_max: %q is not a duration ≥ retry_min", c.RetryMax)
	}
	c.reminderMin = -1
	if c.ReminderAt != "off" {
		t, err := time.Parse("15:04", c.ReminderAt)
		if err != nil {
			return c, fmt.Errorf("notify.reminder_at: %q is not HH:MM or off", c.ReminderAt)
		}
		c.reminderMin = t.Hour()*60 + t.Minute()
	}
	switch {
	case c.Phone != "log" && c.Phone != "sms" && c.Phone != "zalo" && c.Phone != "sim":
		return c, fmt.Errorf("notify.phone: %q is not log, sms or zalo", c.Phone)
	case c.Phone == "sim" && c.SimFile == "":
		return c, fmt.Errorf("notify.sim_file: the simulated gateway (phone = \"sim\") needs a file")
	case c.Email != "log" && c.Email != "smtp":
		return c, fmt.Errorf("notify.email: %q is not log or smtp", c.Email)
	case c.Away < -1 || c.Away > 50:
		return c, fmt.Errorf("notify.away: %d is not between 1 and 50 (or -1)", c.Away)
	case len([]rune(c.Name)) > 60:
		return c, fmt.Errorf("notify.name: longer than 60 characters")
	case c.KeepDays < 1 || c.MaxAttempts < 1:
		return c, fmt.Errorf("notify.keep_days and notify.max_attempts must be at least 1")
	}
	if c.Phone == "sms" {
		// A template: its fixed start must hold the scheme and the host
		// (the rendered URL is checked again before each call).
		head, _, templated := strings.Cut(c.SMS.URL, "{{")
		if templated {
			if u, err := url.Parse(head); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
				return c, fmt.Errorf("notify.sms.url: %q must start with http(s)://host", c.SMS.URL)
			}
		} else if err := httpURL(c.SMS.URL); err != nil {
			return c, fmt.Errorf("notify.sms.url: %w", err)
		}
		if c.SMS.Body == "" && c.SMS.Method != "GET" {
			return c, fmt.Errorf("notify.sms.body: a template is needed")
		}
	}
	if c.Phone == "zalo" {
		if c.Zalo.URL == "" {
			c.Zalo.URL = ZaloDefaultURL
		}
		if err := httpURL(c.Zalo.URL); err != nil {
			return c, fmt.Errorf("notify.zalo.url: %w", err)
		}
	}
	if c.Email == "smtp" && (c.SMTP.Addr == "" || c.SMTP.From == "") {
		return c, fmt.Errorf("notify.smtp: addr and from are needed")
	}
	return c, nil
}

func httpURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return fmt.Errorf("%q is not an http(s) URL without credentials", s)
	}
	return nil
}

// LoadConfig reads [notify] from the centre's TOML file; "" (a built-in
// demo centre) gives the defaults: everything to the log.
func LoadConfig(path string) (Config, error) {
	var c Config
	if path != "" {
		if err := queue.LoadSection(path, "notify", &c); err != nil {
			return c, err
		}
	}
	c, err := c.Defaults()
	if err != nil && path != "" {
		err = fmt.Errorf("config %s: %w", path, err)
	}
	return c, err
}

// secret reads a credential from a file (trimmed) or the environment.
func secret(file, env, defEnv string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", err
		}
		return strings.TrimSpace(string(b)), nil
	}
	if env == "" {
		env = defEnv
	}
	return strings.TrimSpace(os.Getenv(env)), nil
}
