package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Officer is a person who logs in at a counter or the console.
type Officer struct {
	Username     string
	FullName     string
	PasswordHash string
	Role         string
	Disabled     bool
	FailedLogins int
	LockedUntil  time.Time
	// Assigned tells whether an admin set the counters this officer may
	// sign in at (Counters, possibly none); false for an officer never
	// assigned (an upgraded centre's), who may sign in at any counter.
	Assigned bool
	Counters []string
}

// Device is an enrolled kiosk, display, counter PC or rating pad.
type Device struct {
	ID      string
	Name    string
	Role    string
	Revoked bool
}

// Session is a logged-in officer bound to a counter.
type Session struct {
	Username  string
	Role      string
	FullName  string
	Counter   string
	ExpiresAt time.Time
}

// HashToken is how tokens are stored: only their SHA-256.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// ErrNoRows is returned when a looked-up row does not exist.
var ErrNoRows = sql.ErrNoRows

// PutOfficer creates or replaces an officer.
func (t *Tx) PutOfficer(o Officer) error {
	_, err := t.Exec(`INSERT INTO officers (username, full_name, password_hash, role, disabled, created_at) VALUES (?,?,?,?,?,?)
		ON CONFLICT (username) DO UPDATE SET full_name=excluded.full_name, password_hash=excluded.password_hash,
		role=excluded.role, disabled=excluded.disabled, failed_logins=0, locked_until=0`,
		o.Username, o.FullName, o.PasswordHash, o.Role, o.Disabled, time.Now().UnixMilli())
	return err
}

// Officer reads one officer.
func (db *DB) Officer(ctx context.Context, username string) (Officer, error) {
	var o Officer
	var locked int64
	var counters sql.NullString
	err := db.r.QueryRowContext(ctx, `SELECT username, full_name, password_hash, role, disabled, failed_logins, locked_until, counters
		FROM officers WHERE username=?`, username).Scan(&o.Username, &o.FullName, &o.PasswordHash, &o.Role, &o.Disabled, &o.FailedLogins, &locked, &counters)
	o.LockedUntil = time.UnixMilli(locked)
	if err == nil {
		err = o.setCounters(counters)
	}
	return o, err
}

// PutSession stores a session by its token hash.
func (t *Tx) PutSession(tokenHash, username, counter string, expires time.Time) error {
	_, err := t.Exec(`INSERT INTO sessions (token_hash, username, counter, created_at, expires_at) VALUES (?,?,?,?,?)`,
		tokenHash, username, counter, time.Now().UnixMilli(), expires.UnixMilli())
	return err
}

// PruneSessions deletes sessions that expired before cutoff.
func (t *Tx) PruneSessions(cutoff time.Time) error {
	_, err := t.Exec(`DELETE FROM sessions WHERE expires_at < ?`, cutoff.UnixMilli())
	return err
}

// LiveTokens resolves token hashes to the role they act as now: a live
// session of an enabled officer, or an enrolled device that is not revoked.
// Hashes that resolve to nothing are absent from the map.
func (db *DB) LiveTokens(ctx context.Context, hashes []string) (map[string]string, error) {
	out := make(map[string]string, len(hashes))
	now := time.Now().UnixMilli()
	for len(hashes) > 0 {
		chunk := hashes[:min(len(hashes), 400)]
		hashes = hashes[len(chunk):]
		marks := strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")
		args := make([]any, 0, len(chunk)+1)
		for _, h := range chunk {
			args = append(args, h)
		}
		rows, err := db.r.QueryContext(ctx, `SELECT s.token_hash, o.role FROM sessions s JOIN officers o ON o.username = s.username
			WHERE o.disabled = 0 AND s.expires_at > ? AND s.token_hash IN (`+marks+`)
			UNION ALL SELECT token_hash, role FROM devices WHERE revoked = 0 AND token_hash IN (`+marks+`)`,
			append(append([]any{now}, args...), args...)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var h, role string
			if err := rows.Scan(&h, &role); err != nil {
				rows.Close()
				return nil, err
			}
			out[h] = role
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DeleteSession ends a session.
func (t *Tx) DeleteSession(tokenHash string) error {
	_, err := t.Exec(`DELETE FROM sessions WHERE token_hash=?`, tokenHash)
	return err
}

// Session looks up a live session; expired or disabled ones are ErrNoRows.
func (db *DB) Session(ctx context.Context, tokenHash string) (Session, error) {
	var s Session
	var exp int64
	err := db.r.QueryRowContext(ctx, `SELECT s.username, o.role, o.full_name, s.counter, s.expires_at
		FROM sessions s JOIN officers o ON o.username = s.username
		WHERE s.token_hash=? AND o.disabled=0`, tokenHash).Scan(&s.Username, &s.Role, &s.FullName, &s.Counter, &exp)
	if err != nil {
		return s, err
	}
	s.ExpiresAt = time.UnixMilli(exp)
	if time.Now().After(s.ExpiresAt) {
		return s, ErrNoRows
	}
	return s, nil
}

// PutDevice enrols a device with the hash of its token.
func (t *Tx) PutDevice(d Device, tokenHash string) error {
	_, err := t.Exec(`INSERT INTO devices (id, name, role, token_hash, created_at) VALUES (?,?,?,?,?)`,
		d.ID, d.Name, d.Role, tokenHash, time.Now().UnixMilli())
	if err != nil {
		return fmt.Errorf("enrol device: %w", err)
	}
	return nil
}

// RevokeDevice revokes a device's token.
func (t *Tx) RevokeDevice(id string) error {
	res, err := t.Exec(`UPDATE devices SET revoked=1 WHERE id=? OR name=?`, id, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNoRows
	}
	return nil
}

// DeviceByToken finds a non-revoked device by its token hash.
func (db *DB) DeviceByToken(ctx context.Context, tokenHash string) (Device, error) {
	var d Device
	err := db.r.QueryRowContext(ctx, `SELECT id, name, role, revoked FROM devices WHERE token_hash=?`, tokenHash).
		Scan(&d.ID, &d.Name, &d.Role, &d.Revoked)
	if err == nil && d.Revoked {
		return d, ErrNoRows
	}
	return d, err
}

// SetDeviceState records a device's last contact and reported state (e.g.
// its printer's paper state).
func (t *Tx) SetDeviceState(id, state string) error {
	_, err := t.Exec(`UPDATE devices SET last_seen=?, state=? WHERE id=?`, time.Now().UnixMilli(), state, id)
	return err
}

// Devices lists enrolled devices.
func (db *DB) Devices(ctx context.Context) ([]DeviceInfo, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, name, role, revoked, last_seen, state FROM devices ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DeviceInfo
	for rows.Next() {
		var d DeviceInfo
		var seen int64
		if err := rows.Scan(&d.ID, &d.Name, &d.Role, &d.Revoked, &seen, &d.State); err != nil {
			return nil, err
		}
		if seen > 0 {
			d.LastSeen = time.UnixMilli(seen)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DeviceInfo is a device with its last reported state.
type DeviceInfo struct {
	Device
	LastSeen time.Time
	State    string
}

// IsNoRows reports a missing row.
func IsNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
