package console

import (
	"context"
	"encoding/csv"
	"strconv"
	"sync"

	"github.com/motcua/motcua/centre"
)

// Sections other packages add to the report (bookings: no-shows and remote
// numbers), shown on the report page and written to its CSV.

// ReportSection is one block of counts of the report's period.
type ReportSection struct {
	ID      string         `json:"id"`
	Title   string         `json:"title"`
	TitleEN string         `json:"title_en"`
	Rows    []ReportFigure `json:"rows"`
}

// ReportFigure is one count of a section.
type ReportFigure struct {
	Key     string `json:"key"`
	Label   string `json:"label"`
	LabelEN string `json:"label_en"`
	Value   int    `json:"value"`
}

// ReportSource computes a section for the filter's days.
type ReportSource func(ctx context.Context, f Filter) (ReportSection, error)

var reportSources sync.Map // *centre.Server → *sourceList

type sourceList struct {
	mu   sync.Mutex
	list []ReportSource
}

// AddReportSection adds a section to the report of the console on srv (the
// console need not be mounted yet).
func AddReportSection(srv *centre.Server, fn ReportSource) {
	v, _ := reportSources.LoadOrStore(srv, &sourceList{})
	l := v.(*sourceList)
	l.mu.Lock()
	l.list = append(l.list, fn)
	l.mu.Unlock()
}

func (c *Console) extraSections(ctx context.Context, f Filter) ([]ReportSection, error) {
	v, ok := reportSources.Load(c.srv)
	if !ok {
		return nil, nil
	}
	l := v.(*sourceList)
	l.mu.Lock()
	list := append([]ReportSource{}, l.list...)
	l.mu.Unlock()
	var out []ReportSection
	for _, fn := range list {
		s, err := fn(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func writeSectionsCSV(w *csv.Writer, rep *Report, l labels) {
	for _, s := range rep.Sections {
		w.Write(nil)
		title := s.Title
		if l.Lang == "en" {
			title = s.TitleEN
		}
		w.Write([]string{title, l.Count})
		for _, f := range s.Rows {
			label := f.Label
			if l.Lang == "en" {
				label = f.LabelEN
			}
			w.Write([]string{label, strconv.Itoa(f.Value)})
		}
	}
}
