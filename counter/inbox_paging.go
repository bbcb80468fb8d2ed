package counter

// Inbox paging: the tab loads the newest InboxChunk waiting items, shows
// the true count of the officer's waiting items beside them ("Hiển thị
// 500 / 1.234 hồ sơ"), and "Xem thêm" loads the next InboxChunk from the
// server's cursor. Nothing waiting is hidden without the officer being told.

import (
	"context"
	"slices"

	"github.com/motcua/motcua/centre/client"
)

// InboxChunk is how many items the tab loads at first and with each
// "Xem thêm" (in pages of at most inboxPage, the server's cap).
const InboxChunk = 500

const inboxPage = 200

// inboxRereadMax bounds the items an officer's refresh ("Làm mới") reads
// again from the newest, however many pages they loaded; the minute's poll
// reads InboxChunk. Older loaded items stay listed as they were (mergeRefresh).
const inboxRereadMax = 4 * InboxChunk

// rereadWant is how many of the newest items a refresh reads: InboxChunk
// for the minute's poll (quiet), the pages loaded up to inboxRereadMax for
// the officer's refresh.
func (p *Presenter) rereadWant(quiet bool) int {
	if quiet {
		return InboxChunk
	}
	loaded := (len(p.v.Inbox.Items) + InboxChunk - 1) / InboxChunk * InboxChunk
	return min(inboxRereadMax, max(InboxChunk, loaded))
}

// mergeRefresh puts the newest items just read (fresh, newest first; next:
// the cursor after them, "" when nothing older waits) in place of the
// loaded ones they cover: an item of that range no longer there was decided
// and leaves, a new one comes in. The loaded items older than the oldest of
// fresh — pages the officer loaded with "Xem thêm" — stay, with the cursor
// after them, so nothing the officer was shown leaves unread and "Xem
// thêm" goes on where it was; one decided at another counter meanwhile is
// refused with the server's message when opened, and leaves at the
// officer's next "Làm mới" if within its bound. When next is empty, fresh
// is everything that waits: older ones were decided and leave.
func (p *Presenter) mergeRefresh(fresh []client.InboxItem, total int, next string) {
	items := fresh
	if next != "" && len(fresh) > 0 {
		edge := fresh[len(fresh)-1].ID
		var older []client.InboxItem
		for _, it := range p.v.Inbox.Items {
			if it.ID < edge {
				older = append(older, it)
			}
		}
		if len(older) > 0 {
			items = append(slices.Clone(fresh), older...)
			next = p.inboxNext // after the oldest loaded ("" : nothing older waits)
		}
	}
	p.v.Inbox.Items = items
	p.setInboxPaging(total, next)
}

// inboxPages reads up to want waiting items from cursor ("" = the newest):
// the items, the server's count of the officer's waiting items (from the
// last page read) and the cursor of what follows ("" when nothing does).
func (p *Presenter) inboxPages(ctx context.Context, cursor string, want int) (items []client.InboxItem, total int, next string, err error) {
	for len(items) < want {
		pg, err := p.o.API.InboxPage(ctx, client.InboxNew, cursor, min(inboxPage, want-len(items)))
		if err != nil {
			return nil, 0, "", err
		}
		items = append(items, pg.Items...)
		total, next = pg.Waiting, pg.Next
		if next == "" || len(pg.Items) == 0 {
			return items, total, "", nil
		}
		cursor = next
	}
	return items, total, next, nil
}

// setInboxPaging records the server's count and where the next page starts.
func (p *Presenter) setInboxPaging(total int, next string) {
	p.inboxNext = next
	// The count may be read a moment before a page that already holds a
	// newer item: never show fewer waiting than are listed.
	p.v.Inbox.Total = max(total, len(p.v.Inbox.Items))
	p.v.Inbox.More = next != ""
}

// LoadMoreInbox loads the next InboxChunk older waiting items below those
// shown ("Xem thêm").
func (p *Presenter) LoadMoreInbox() {
	if p.v.Screen != ScreenMain || !p.v.Inbox.More || p.inboxNext == "" || p.inboxLoading {
		return
	}
	cursor := p.inboxNext
	p.inboxLoading = true
	gen := p.gen
	p.call("inbox more", "Đang tải thêm hồ sơ…", func(ctx context.Context) (func(), error) {
		items, total, next, err := p.inboxPages(ctx, cursor, InboxChunk)
		p.o.Dispatch(func() {
			if gen == p.gen {
				p.inboxLoading = false
			}
		})
		if err != nil {
			return nil, err
		}
		return func() {
			if p.inboxNext != cursor {
				return // a refresh re-read the list meanwhile
			}
			// Cursors are ids: a page below the last shown holds no item
			// already listed, unless a refresh moved the list; keep one of each.
			seen := make(map[int64]bool, len(p.v.Inbox.Items))
			for _, it := range p.v.Inbox.Items {
				seen[it.ID] = true
			}
			list := slices.Clone(p.v.Inbox.Items)
			for _, it := range items {
				if !seen[it.ID] {
					list = append(list, it)
				}
			}
			p.v.Inbox.Items = list
			p.setInboxPaging(total, next)
		}, nil
	})
}
