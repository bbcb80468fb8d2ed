package portal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/motcua/motcua/qcvn120"
)

// serveLayThuTuc answers the LayThuTuc service: data lists
// {"MATTHC": code} objects; empty data returns the whole catalogue.
func (s *Server) serveLayThuTuc(w http.ResponseWriter, r *http.Request, env qcvn120.Envelope) {
	var codes []string
	for _, raw := range env.Data {
		var q struct {
			MATTHC qcvn120.Str `json:"MATTHC"`
			MaTTHC qcvn120.Str `json:"MaTTHC"`
		}
		if err := json.Unmarshal(raw, &q); err != nil {
			s.fail(w, http.StatusBadRequest, qcvn120.ErrMalformed, "Yêu cầu LayThuTuc không hợp lệ")
			return
		}
		codes = append(codes, string(q.MATTHC)+string(q.MaTTHC))
	}
	docs, err := s.procedures(r.Context(), codes)
	if err != nil {
		s.log.Error("catalogue", "err", err)
		s.fail(w, http.StatusInternalServerError, qcvn120.ErrInternal, "Lỗi hệ thống, vui lòng thử lại")
		return
	}
	result, _ := json.Marshal(docs)
	writeJSON(w, http.StatusOK, qcvn120.Response{ErrorCode: qcvn120.OK, Message: "Thành công", Result: result})
}

// procedures returns the stored documents of codes (all when empty);
// unknown codes are left out.
func (s *Server) procedures(ctx context.Context, codes []string) ([]json.RawMessage, error) {
	docs := []json.RawMessage{}
	if len(codes) == 0 {
		all, err := s.st.Procedures(ctx)
		for _, p := range all {
			docs = append(docs, p.Doc)
		}
		return docs, err
	}
	for _, code := range codes {
		p, err := s.st.Procedure(ctx, code)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, p.Doc)
	}
	return docs, nil
}

func (s *Server) handleCatalogue(w http.ResponseWriter, r *http.Request) {
	_, found, err := s.headerCentre(r)
	if err == nil && !found {
		err = errSession
	}
	if err != nil {
		s.authFail(w, err)
		return
	}
	var codes []string
	if c := r.PathValue("code"); c != "" {
		codes = []string{c}
	}
	docs, err := s.procedures(r.Context(), codes)
	if err != nil {
		s.log.Error("catalogue", "err", err)
		s.fail(w, http.StatusInternalServerError, qcvn120.ErrInternal, "Lỗi hệ thống, vui lòng thử lại")
		return
	}
	if len(codes) == 1 && len(docs) == 0 {
		s.fail(w, http.StatusNotFound, qcvn120.ErrMalformed, "Không tìm thấy thủ tục "+codes[0])
		return
	}
	result, _ := json.Marshal(docs)
	writeJSON(w, http.StatusOK, qcvn120.Response{ErrorCode: qcvn120.OK, Message: "Thành công", Result: result})
}

// ImportCatalogue reads LayThuTuc documents (an array, one object, or a
// response {"result": [...]}) and stores them after validation.
func ImportCatalogue(ctx context.Context, st Store, data []byte) (int, error) {
	var items []json.RawMessage
	trimmed := strings.TrimSpace(string(data))
	switch {
	case strings.HasPrefix(trimmed, "["):
		if err := json.Unmarshal(data, &items); err != nil {
			return 0, fmt.Errorf("catalogue: %w", err)
		}
	default:
		var wrap struct {
			Result []json.RawMessage `json:"result"`
		}
		if err := json.Unmarshal(data, &wrap); err != nil {
			return 0, fmt.Errorf("catalogue: %w", err)
		}
		items = wrap.Result
		if items == nil {
			items = []json.RawMessage{data}
		}
	}
	ps := make([]Procedure, 0, len(items))
	for i, raw := range items {
		p, err := qcvn120.Decode(qcvn120.SvcLayThuTuc, raw)
		if err != nil {
			return 0, fmt.Errorf("catalogue item %d: %w", i, err)
		}
		doc, _ := json.Marshal(p) // normalised: every key present, arrays []
		ps = append(ps, Procedure{Code: p.(qcvn120.LayThuTuc).MATTHC, Doc: doc})
	}
	if err := st.PutProcedures(ctx, ps); err != nil {
		return 0, err
	}
	return len(ps), nil
}
