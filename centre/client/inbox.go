package client

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/dossier"
)

// The centre's inbox (docs/API.md, "Inbox"): dossiers submitted online on
// the portal and dossiers forwarded by another centre (liên thông), which an
// officer checks and accepts (they become dossiers) or returns for
// supplement. These types mirror the server's JSON (package inbox) so the
// client does not import the server's storage.

// Inbox item kinds and states as the server names them.
const (
	InboxKindOnline   = "nop_truc_tuyen"
	InboxKindTransfer = "lien_thong"

	InboxNew      = "new"
	InboxAccepted = "accepted"
	InboxReturned = "returned"
)

// InboxItem is one inbound item.
type InboxItem struct {
	ID          int64           `json:"id"`
	Code        string          `json:"ma_nop"`
	Kind        string          `json:"kind"`
	KindLabel   string          `json:"kind_label"`
	Status      string          `json:"status"`
	StatusLabel string          `json:"status_label"`
	SubmittedAt time.Time       `json:"submitted_at"`
	Submission  InboxSubmission `json:"submission"`
	DossierCode string          `json:"dossier_code,omitempty"`
	Reason      string          `json:"reason,omitempty"`
	DecidedBy   string          `json:"decided_by,omitempty"`
	DecidedAt   time.Time       `json:"decided_at,omitzero"`
	Transfer    *InboxTransfer  `json:"lien_thong,omitempty"`
}

// InboxSubmission is what the applicant (or the forwarding centre) sent.
type InboxSubmission struct {
	MaTTHC      string           `json:"ma_tthc"`
	MaDonVi     string           `json:"ma_don_vi"`
	ChuHoSo     InboxApplicant   `json:"chu_ho_so"`
	TrichYeu    string           `json:"trich_yeu"`
	ThanhPhan   []InboxComponent `json:"thanh_phan"`
	HinhThucTra string           `json:"hinh_thuc_tra"` // "truc_tiep" or "buu_chinh"
}

// InboxApplicant is the applicant of an inbound item.
type InboxApplicant struct {
	HoTen     string `json:"ho_ten"`
	SoGiayTo  string `json:"so_giay_to"`
	DiaChi    string `json:"dia_chi"`
	DienThoai string `json:"dien_thoai"`
	Email     string `json:"email"`
}

// InboxComponent is one document of an inbound dossier.
type InboxComponent struct {
	Ten        string `json:"ten"`
	SoBanChinh int    `json:"so_ban_chinh"`
	SoBanSao   int    `json:"so_ban_sao"`
}

// InboxTransfer is what the deciding centre sees of a forwarded dossier.
type InboxTransfer struct {
	MaHoSo       string    `json:"ma_ho_so"`
	TuDonVi      string    `json:"tu_don_vi"`
	TenTTHC      string    `json:"ten_tthc"`
	NgayHenTra   time.Time `json:"ngay_hen_tra,omitzero"`
	TraKetQuaTai string    `json:"tra_ket_qua_tai,omitempty"`
	DiaChiNhan   string    `json:"dia_chi_nhan,omitempty"` // by post: where to
}

// InboxAccept is the body of an acceptance: the components as the officer
// checked them (empty: as submitted) and an optional summary.
type InboxAccept struct {
	Components []dossier.ComponentReceived `json:"components,omitempty"`
	Summary    string                      `json:"summary,omitempty"`
}

// InboxList is one page of the inbox: the items, how many items in the
// listed state and how many waiting (status new) the signed-in officer may
// read, and the cursor of the next page ("" on the last).
type InboxList struct {
	Items   []InboxItem `json:"items"`
	Total   int         `json:"total"`
	Waiting int         `json:"waiting"`
	Next    string      `json:"next_cursor"`
}

// InboxPage reads one page of the inbox items in a state (InboxNew,
// InboxAccepted, InboxReturned, "all"; "" = waiting ones), newest first,
// from cursor ("" = the newest), at most limit (0 = the server's default;
// the server caps it at 200).
func (c *Client) InboxPage(ctx context.Context, status, cursor string, limit int) (InboxList, error) {
	q := url.Values{}
	if status != "" {
		q.Set("status", status)
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	path := "/api/v1/inbox"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	var out InboxList
	_, err := c.Do(ctx, "GET", path, nil, &out)
	return out, err
}

// inboxMax is the most items Inbox gathers.
const inboxMax = 500

// Inbox lists the inbox items in a state (InboxNew, InboxAccepted,
// InboxReturned; "" = waiting ones), newest first (officer token): the
// newest 500 the officer may read, gathered page by page.
func (c *Client) Inbox(ctx context.Context, status string) ([]InboxItem, error) {
	var items []InboxItem
	cursor := ""
	for {
		pg, err := c.InboxPage(ctx, status, cursor, 200)
		if err != nil {
			return items, err
		}
		items = append(items, pg.Items...)
		if pg.Next == "" || len(items) >= inboxMax {
			return items, nil
		}
		cursor = pg.Next
	}
}

// InboxItem reads one item.
func (c *Client) InboxItem(ctx context.Context, id int64) (InboxItem, error) {
	var out InboxItem
	_, err := c.Do(ctx, "GET", "/api/v1/inbox/"+strconv.FormatInt(id, 10), nil, &out)
	return out, err
}

// AcceptInbox receives an item as a dossier (its receipt, appointment and
// code are in the answer); an item already decided is refused (conflict).
func (c *Client) AcceptInbox(ctx context.Context, id int64, a InboxAccept) (centre.DossierView, error) {
	var out centre.DossierView
	_, err := c.Do(ctx, "POST", "/api/v1/inbox/"+strconv.FormatInt(id, 10)+"/accept", a, &out)
	return out, err
}

// ReturnInbox returns an online submission to the applicant with what to
// supplement or correct.
func (c *Client) ReturnInbox(ctx context.Context, id int64, reason string) error {
	_, err := c.Do(ctx, "POST", "/api/v1/inbox/"+strconv.FormatInt(id, 10)+"/return", map[string]string{"reason": reason}, nil)
	return err
}
