package console

import (
	"context"
	"encoding/csv"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/syncagent"
)

// labels are the words of server-rendered reports in one language.
type labels struct {
	Lang, Title, From, To, Group, Total, Counter, Issued, Served, NoShow, Cancelled, WaitP50, WaitP90, WaitMax, SvcP50, SvcP90, SvcMax, Level, Hour, MeanWait, Tickets, Date, Dossiers, Received, OnTime, Late, Returned, Ratings, Level2, Count, ArrivalsTitle, LevelTitle, WaitsTitle, WaitAxis, NoData, Monthly, Packet, QueueTitle string
}

var labelSets = map[string]labels{
	"vi": {Lang: "vi", Title: "Báo cáo", From: "Từ ngày", To: "Đến ngày", Group: "Nhóm", Total: "Toàn trung tâm", Counter: "Quầy",
		Issued: "Cấp số", Served: "Đã phục vụ", NoShow: "Vắng mặt", Cancelled: "Đã hủy", WaitP50: "Chờ p50 (phút)", WaitP90: "Chờ p90 (phút)",
		WaitMax: "Chờ tối đa (phút)", SvcP50: "Phục vụ p50 (phút)", SvcP90: "Phục vụ p90 (phút)", SvcMax: "Phục vụ tối đa (phút)",
		Level: "Đạt mục tiêu chờ (%)", Hour: "Giờ", MeanWait: "Chờ trung bình (phút)", Tickets: "Số phiếu", Date: "Ngày",
		Dossiers: "Hồ sơ", Received: "Tiếp nhận", OnTime: "Giải quyết đúng hạn", Late: "Giải quyết trễ hạn", Returned: "Đã trả kết quả",
		Ratings: "Đánh giá", Level2: "Mức", Count: "Số lượt", ArrivalsTitle: "Số phiếu cấp và thời gian chờ theo giờ",
		LevelTitle: "Tỷ lệ khách được gọi trong thời gian chờ mục tiêu, theo ngày", WaitsTitle: "Phân bố thời gian chờ",
		WaitAxis: "Thời gian chờ (phút)", NoData: "Chưa có dữ liệu", Monthly: "Báo cáo tháng",
		Packet: "Thống kê hồ sơ (gói DongBoThongKeHoSo)", QueueTitle: "Xếp hàng, gọi số"},
	"en": {Lang: "en", Title: "Report", From: "From", To: "To", Group: "Group", Total: "Whole centre", Counter: "Counter",
		Issued: "Issued", Served: "Served", NoShow: "No-show", Cancelled: "Cancelled", WaitP50: "Wait p50 (min)", WaitP90: "Wait p90 (min)",
		WaitMax: "Wait max (min)", SvcP50: "Service p50 (min)", SvcP90: "Service p90 (min)", SvcMax: "Service max (min)",
		Level: "Within target wait (%)", Hour: "Hour", MeanWait: "Mean wait (min)", Tickets: "Tickets", Date: "Date",
		Dossiers: "Dossiers", Received: "Received", OnTime: "Resolved on time", Late: "Resolved late", Returned: "Returned",
		Ratings: "Ratings", Level2: "Level", Count: "Count", ArrivalsTitle: "Tickets issued and waits per hour",
		LevelTitle: "Share called within the target wait, per day", WaitsTitle: "Wait-time distribution",
		WaitAxis: "Wait (min)", NoData: "No data yet", Monthly: "Monthly report",
		Packet: "Dossier statistics (DongBoThongKeHoSo packet)", QueueTitle: "Queue"},
}

func labelsFor(r *http.Request) labels {
	if l, ok := labelSets[r.URL.Query().Get("lang")]; ok {
		return l
	}
	return labelSets["vi"]
}

// filterFrom reads from/to/service/counter/officer; to defaults to from,
// from to today. A range is at most 366 days.
func (c *Console) filterFrom(r *http.Request) (Filter, error) {
	q := r.URL.Query()
	f := Filter{From: q.Get("from"), To: q.Get("to"), Service: q.Get("service"), Counter: q.Get("counter"), Officer: q.Get("officer")}
	if f.From == "" {
		f.From = queue.Day(c.o.Now())
	}
	if f.To == "" {
		f.To = f.From
	}
	from, err := time.Parse(time.DateOnly, f.From)
	if err != nil {
		return f, &fieldError{"from", "Ngày bắt đầu không hợp lệ (cần dạng YYYY-MM-DD)", "bad from date"}
	}
	to, err := time.Parse(time.DateOnly, f.To)
	if err != nil {
		return f, &fieldError{"to", "Ngày kết thúc không hợp lệ (cần dạng YYYY-MM-DD)", "bad to date"}
	}
	if to.Before(from) {
		return f, &fieldError{"to", "Ngày kết thúc phải sau ngày bắt đầu", "to before from"}
	}
	if to.Sub(from) > 366*24*time.Hour {
		return f, &fieldError{"to", "Khoảng thời gian tối đa một năm", "range over a year"}
	}
	cfg := c.srv.Engine().Config()
	if _, ok := cfg.Service(f.Service); f.Service != "" && !ok {
		return f, &fieldError{"service", "Lĩnh vực không tồn tại", "unknown service"}
	}
	if _, ok := cfg.Counter(f.Counter); f.Counter != "" && !ok {
		return f, &fieldError{"counter", "Quầy không tồn tại", "unknown counter"}
	}
	return f, nil
}

var reportKinds = []string{queue.EvIssued, queue.EvCalled, queue.EvStarted, queue.EvFinished, queue.EvNoShow, queue.EvCancelled}

// BuildReport computes a report from the event log, the dossiers and the ratings.
func (c *Console) BuildReport(ctx context.Context, f Filter) (*Report, error) {
	evs, err := c.db.EventsBetween(ctx, f.From, f.To, reportKinds...)
	if err != nil {
		return nil, err
	}
	r := ComputeQueue(c.srv.Engine().Config(), f, evs)
	start, end, err := periodBounds(f)
	if err != nil {
		return nil, err
	}
	rows, err := c.db.DossiersTouched(ctx, start, end)
	if err != nil {
		return nil, err
	}
	if r.Dossiers, err = CountDossiers(rows, f); err != nil {
		return nil, err
	}
	rr, err := c.db.RatingsBetween(ctx, start, end)
	if err != nil {
		return nil, err
	}
	r.Ratings = CountRatings(rr, f, dossier.Scale3())
	if r.Sections, err = c.extraSections(ctx, f); err != nil {
		return nil, err
	}
	return r, nil
}

func (c *Console) report(w http.ResponseWriter, r *http.Request) (*Report, bool) {
	f, err := c.filterFrom(r)
	if err != nil {
		c.fail(w, r, err)
		return nil, false
	}
	rep, err := c.BuildReport(r.Context(), f)
	if err != nil {
		c.fail(w, r, err)
		return nil, false
	}
	return rep, true
}

func (c *Console) reportJSON(w http.ResponseWriter, r *http.Request) {
	if rep, ok := c.report(w, r); ok {
		writeJSON(w, 200, rep)
	}
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func pctStr(v *float64) string {
	if v == nil {
		return ""
	}
	return num(*v)
}

// WriteCSV writes the report as CSV with a UTF-8 byte order mark, so Excel
// opens it with the Vietnamese intact.
func WriteCSV(w *csv.Writer, rep *Report, l labels) error {
	w.Write([]string{l.Title, l.From, rep.From, l.To, rep.To})
	w.Write([]string{l.Group, l.Issued, l.Served, l.NoShow, l.Cancelled, l.WaitP50, l.WaitP90, l.WaitMax, l.SvcP50, l.SvcP90, l.SvcMax, l.Level})
	row := func(name string, f *Figures) {
		w.Write([]string{name, strconv.Itoa(f.Issued), strconv.Itoa(f.Served), strconv.Itoa(f.NoShows), strconv.Itoa(f.Cancelled),
			num(f.WaitP50), num(f.WaitP90), num(f.WaitMax), num(f.ServiceP50), num(f.ServiceP90), num(f.ServiceMax), pctStr(f.ServiceLevelPct)})
	}
	row(l.Total, rep.Total)
	for _, g := range rep.Services {
		row(g.Name, g.Figures)
	}
	for _, g := range rep.Counters {
		row(g.Name, g.Figures)
	}
	w.Write(nil)
	w.Write([]string{l.Hour, l.Issued, l.MeanWait})
	for _, h := range rep.Hours {
		if h.Issued > 0 {
			w.Write([]string{fmt.Sprintf("%02d:00", h.Hour), strconv.Itoa(h.Issued), num(h.MeanWaitMin)})
		}
	}
	w.Write(nil)
	w.Write([]string{l.Date, l.Issued, l.Served, l.Level})
	for _, d := range rep.Days {
		w.Write([]string{d.Date, strconv.Itoa(d.Issued), strconv.Itoa(d.Served), pctStr(d.ServiceLevelPct)})
	}
	w.Write(nil)
	w.Write([]string{l.Dossiers, l.Received, l.OnTime, l.Late, l.Returned})
	w.Write([]string{"", strconv.Itoa(rep.Dossiers.Received), strconv.Itoa(rep.Dossiers.ResolvedOnTime), strconv.Itoa(rep.Dossiers.ResolvedLate), strconv.Itoa(rep.Dossiers.Returned)})
	w.Write(nil)
	w.Write([]string{l.Ratings, l.Count})
	for _, rc := range rep.Ratings {
		w.Write([]string{rc.Label, strconv.Itoa(rc.Count)})
	}
	writeSectionsCSV(w, rep, l)
	w.Flush()
	return w.Error()
}

func (c *Console) reportCSV(w http.ResponseWriter, r *http.Request) {
	rep, ok := c.report(w, r)
	if !ok {
		return
	}
	name := fmt.Sprintf("bao-cao_%s_%s.csv", rep.From, rep.To)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("\ufeff"))
	if err := WriteCSV(csv.NewWriter(w), rep, labelsFor(r)); err != nil {
		c.log.Error("write csv", "err", err)
	}
}

func (c *Console) chart(w http.ResponseWriter, r *http.Request) {
	rep, ok := c.report(w, r)
	if !ok {
		return
	}
	l := labelsFor(r)
	var svg string
	switch r.PathValue("name") {
	case "arrivals.svg":
		svg = ArrivalsChart(rep, l)
	case "service_level.svg":
		svg = ServiceLevelChart(rep, l)
	case "waits.svg":
		svg = WaitsChart(rep, l)
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write([]byte(svg))
}

var printTmpl = template.Must(template.ParseFS(static, "static/print.html"))

// printMonthly is the printable monthly report: the DongBoThongKeHoSo
// figures exactly as the sync agent sends them, then the month's queue.
func (c *Console) printMonthly(w http.ResponseWriter, r *http.Request) {
	month := r.URL.Query().Get("month")
	if month == "" {
		month = c.o.Now().In(queue.Loc).Format("2006-01")
	}
	m, err := time.ParseInLocation("2006-01", month, queue.Loc)
	if err != nil {
		c.fail(w, r, &fieldError{"month", "Tháng không hợp lệ (cần dạng YYYY-MM)", "bad month"})
		return
	}
	cfg := c.srv.Engine().Config()
	stats, err := syncagent.MonthlyStats(r.Context(), c.db, cfg.AgencyCode, cfg.AgencyName, m.Year(), m.Month(), c.o.Now())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	f := Filter{From: m.Format(time.DateOnly), To: m.AddDate(0, 1, -1).Format(time.DateOnly)}
	rep, err := c.BuildReport(r.Context(), f)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	l := labelsFor(r)
	securityHeaders(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	err = printTmpl.Execute(w, map[string]any{
		"L": l, "Cfg": cfg, "Month": m.Format("01/2006"), "Stats": statsRows(stats, l.Lang), "Report": rep,
		"Arrivals": template.HTML(ArrivalsChart(rep, l)), "Level": template.HTML(ServiceLevelChart(rep, l)),
		"Waits": template.HTML(WaitsChart(rep, l)), "Printed": c.o.Now().In(queue.Loc).Format("15:04 02/01/2006"),
		"Pct": pctStr,
	})
	if err != nil {
		c.log.Error("print template", "err", err)
	}
}

type statRow struct{ Field, Label, Value string }

// statsRows lists the packet's figures with their field names, as the
// portal receives them.
func statsRows(s qcvn120.DongBoThongKeHoSo, lang string) []statRow {
	vi := lang != "en"
	pick := func(a, b string) string {
		if vi {
			return a
		}
		return b
	}
	return []statRow{
		{"SoNhanTrongKy", pick("Số hồ sơ nhận trong kỳ", "Received in the month"), fmt.Sprint(s.SoNhanTrongKy)},
		{"SoTonKyTruoc", pick("Số hồ sơ tồn kỳ trước", "Carried over"), fmt.Sprint(s.SoTonKyTruoc)},
		{"TongSoXuLy", pick("Tổng số hồ sơ phải xử lý", "To process"), fmt.Sprint(s.TongSoXuLy)},
		{"TongDaXuLy", pick("Đã xử lý", "Processed"), fmt.Sprint(s.TongDaXuLy)},
		{"TongXuLyDungHan", pick("Xử lý đúng hạn", "On time"), fmt.Sprint(s.TongXuLyDungHan)},
		{"PhanTramXuLyDungHan", pick("Tỷ lệ đúng hạn (%)", "On time (%)"), fmt.Sprint(s.PhanTramXuLyDungHan)},
		{"TongXuLyTreHan", pick("Xử lý trễ hạn", "Late"), fmt.Sprint(s.TongXuLyTreHan)},
		{"PhanTramXuLyTreHan", pick("Tỷ lệ trễ hạn (%)", "Late (%)"), fmt.Sprint(s.PhanTramXuLyTreHan)},
		{"TongChuaXuLy", pick("Chưa xử lý xong", "Not yet processed"), fmt.Sprint(s.TongChuaXuLy)},
		{"TongChuaXuLyTrongHan", pick("Chưa xử lý, còn trong hạn", "Pending, in time"), fmt.Sprint(s.TongChuaXuLyTrongHan)},
		{"PhanTramChuaXuLyTrongHan", pick("Tỷ lệ còn trong hạn (%)", "Pending in time (%)"), fmt.Sprint(s.PhanTramChuaXuLyTrongHan)},
		{"TongChuaXuLyTreHan", pick("Chưa xử lý, đã quá hạn", "Pending, overdue"), fmt.Sprint(s.TongChuaXuLyTreHan)},
		{"PhanTramChuaXuLyTreHan", pick("Tỷ lệ quá hạn (%)", "Pending overdue (%)"), fmt.Sprint(s.PhanTramChuaXuLyTreHan)},
	}
}
