package console

import (
	"fmt"
	"time"
)

// A centre whose server writes slowly makes every call and ticket wait:
// the console says so when the store's last batches (up to 16, of the
// last five minutes) took a median of slowWrite or more (a failing disk,
// or another program holding the database). Measured from BEGIN to the
// end of COMMIT by the store (store.RecentWrites; the commit alone is the
// motcua_store_commit_seconds metric); an SSD takes well under a
// millisecond, a spinning disk a few.
const (
	slowWrite        = 100 * time.Millisecond
	slowWriteWindow  = 5 * time.Minute
	slowWriteSamples = 8 // fewer batches than this say nothing
)

func (c *Console) slowWriteAlerts(now time.Time) []Alert {
	med, n := c.db.RecentWrites(now.Add(-slowWriteWindow))
	if n < slowWriteSamples || med < slowWrite {
		return nil
	}
	ms := med.Milliseconds()
	return []Alert{{Kind: "slow_writes", Target: "server",
		Message: fmt.Sprintf("Máy chủ lưu dữ liệu chậm: mỗi lần ghi mất khoảng %d ms (bình thường chỉ vài mili giây), "+
			"nên việc gọi số và in phiếu đều phải chờ. Đề nghị cán bộ công nghệ thông tin kiểm tra ổ đĩa và các chương trình khác đang chạy trên máy chủ.", ms),
		MessageEN: fmt.Sprintf("The server is slow to save data: about %d ms per write (normally a few milliseconds), "+
			"so calls and tickets wait. Ask IT to check the server's disk and what else runs on it.", ms)}}
}
