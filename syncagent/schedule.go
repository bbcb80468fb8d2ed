package syncagent

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/store"
)

// Settings keys of the holiday schedule pulled from the portal.
const (
	PortalScheduleKey     = "holiday_schedule_portal"
	portalScheduleETagKey = "holiday_schedule_portal_etag"
)

// ScheduleSource is where the province's published holiday schedule comes from.
type ScheduleSource interface {
	// HolidaySchedule returns the schedule, or notModified when etag is still current;
	// client.ErrNoSchedule when none is published.
	HolidaySchedule(ctx context.Context, etag string) (body []byte, newETag string, notModified bool, err error)
}

// HolidaySchedule fetches the portal's published holiday schedule.
func (p PortalClient) HolidaySchedule(ctx context.Context, etag string) ([]byte, string, bool, error) {
	return p.C.HolidaySchedule(ctx, etag)
}

// PullSchedule fetches the province's published holiday schedule (as PullCatalogue fetches the
// procedures) and stores it for the centre, which layers it over its embedded or file schedule
// and under the console's local upload (StoredSchedules). Nothing is stored unless it
// validates; an unchanged schedule (same ETag) costs one request and no write. changed reports
// a new schedule stored.
func PullSchedule(ctx context.Context, db *store.DB, src ScheduleSource) (changed bool, err error) {
	etag, err := db.Setting(ctx, portalScheduleETagKey)
	if err != nil {
		return false, err
	}
	body, newETag, notModified, err := src.HolidaySchedule(ctx, etag)
	if errors.Is(err, client.ErrNoSchedule) || notModified {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if _, err := dossier.ParseSchedule(bytes.NewReader(body)); err != nil {
		return false, fmt.Errorf("portal holiday schedule refused: %w", err)
	}
	cur, err := db.Setting(ctx, PortalScheduleKey)
	if err != nil {
		return false, err
	}
	changed = cur != string(body)
	err = db.Write(ctx, func(tx *store.Tx) error {
		if changed {
			if err := tx.PutSetting(PortalScheduleKey, string(body)); err != nil {
				return err
			}
		}
		return tx.PutSetting(portalScheduleETagKey, newETag)
	})
	return changed, err
}

// PortalSchedule is the schedule last pulled from the portal, or nil.
func PortalSchedule(ctx context.Context, db *store.DB) (*dossier.Schedule, error) {
	v, err := db.Setting(ctx, PortalScheduleKey)
	if err != nil || v == "" {
		return nil, err
	}
	return dossier.ParseSchedule(strings.NewReader(v))
}
