package portal

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/motcua/motcua/qcvn120"
)

// PreAuthBody is how much of an ingest body is read before the caller is
// known: the envelope's session must come within it (it comes first in
// every sender we know, and the DVCQG examples put it first).
const PreAuthBody = 64 << 10

var (
	// errBodyTooLarge: the body went past the limit of the moment.
	errBodyTooLarge = errors.New("body too large")
	// errTooManyItems: data has more items than allowed.
	errTooManyItems = errors.New("too many items")
	// errNoCredentials: no session within the first PreAuthBody bytes, and
	// no Authorization header.
	errNoCredentials = errors.New("no credentials before the data")
)

// bodyLimit reads at most limit bytes in total; the limit is raised once
// the caller is authenticated.
type bodyLimit struct {
	r     io.Reader
	n     int64
	limit int64
}

func (b *bodyLimit) Read(p []byte) (int, error) {
	if b.n >= b.limit {
		return 0, errBodyTooLarge
	}
	if int64(len(p)) > b.limit-b.n {
		p = p[:b.limit-b.n]
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	return n, err
}

// envelopeReader decodes an ingest body as a stream: the items are copied
// once, out of the decoder's buffer, and reading stops at the first thing
// that is wrong (no credentials in time, too many items, too many bytes).
type envelopeReader struct {
	// Authenticated: the caller is already known (Authorization header).
	Authenticated bool
	// Session is called with the envelope's session as soon as it is read;
	// an error ends the decoding with that error.
	Session func(token string) error
	// Limit is the body limit once authenticated; MaxItems the most items.
	Limit    int64
	MaxItems int
	// PreAuth is how much is read before the caller is known (default
	// PreAuthBody).
	PreAuth int64
}

// read decodes the DVCQG envelope, or a bare array of items (which needs
// an Authorization header, having no session).
func (er envelopeReader) read(body io.Reader) (env qcvn120.Envelope, err error) {
	if er.PreAuth == 0 {
		er.PreAuth = PreAuthBody
	}
	lim := &bodyLimit{r: body, limit: er.PreAuth}
	authed := er.Authenticated
	defer func() {
		// Past the small limit without credentials: a caller to refuse, not a body too large.
		if !authed && errors.Is(err, errBodyTooLarge) {
			err = errNoCredentials
		}
	}()
	if authed {
		lim.limit = er.Limit
	}
	br := bufio.NewReaderSize(lim, 512)
	dec := json.NewDecoder(br)
	first, err := peekNonSpace(br)
	if err != nil {
		return env, err
	}
	if first == '[' {
		if !authed {
			return env, errNoCredentials
		}
		env.Data, err = er.items(dec)
		if err != nil {
			return env, err
		}
		return env, expectEOF(dec)
	}
	if first != '{' {
		return env, fmt.Errorf("expected an object or an array, got %q", first)
	}
	if _, err := dec.Token(); err != nil {
		return env, err
	}
	seenData := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return env, err
		}
		key, _ := tok.(string)
		switch envelopeKey(key) {
		case "session":
			var s string
			if err := dec.Decode(&s); err != nil {
				return env, fmt.Errorf("session: %w", err)
			}
			if s == "" {
				continue
			}
			if err := er.Session(s); err != nil {
				return env, err
			}
			env.Session = s
			if !authed {
				authed = true
				lim.limit = er.Limit
			}
		case "madonvi":
			if err := dec.Decode(&env.MaDonVi); err != nil {
				return env, fmt.Errorf("madonvi: %w", err)
			}
		case "service":
			if err := dec.Decode(&env.Service); err != nil {
				return env, fmt.Errorf("service: %w", err)
			}
		case "data":
			if seenData {
				return env, errors.New("data given twice")
			}
			seenData = true
			if env.Data, err = er.items(dec); err != nil {
				return env, err
			}
		case "motcua":
			env.Meta = nil
			if err := dec.Decode(&env.Meta); err != nil {
				return env, fmt.Errorf("motcua: %w", err)
			}
			if len(env.Meta) > er.MaxItems {
				return env, errTooManyItems
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return env, err
			}
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return env, err
	}
	if err := expectEOF(dec); err != nil {
		return env, err
	}
	if !authed {
		return env, errNoCredentials
	}
	return env, nil
}

// envelopeKey names the envelope field of a key. encoding/json matches
// keys without regard to case (Unicode simple folding); so do we.
func envelopeKey(k string) string {
	for _, name := range [...]string{"session", "madonvi", "service", "data", "motcua"} {
		if strings.EqualFold(k, name) {
			return name
		}
	}
	return ""
}

// items reads the data array item by item, each copied once.
func (er envelopeReader) items(dec *json.Decoder) ([]json.RawMessage, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if tok == nil { // "data": null
		return nil, nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, errors.New("data: expected an array")
	}
	var out []json.RawMessage
	for dec.More() {
		if len(out) == er.MaxItems {
			return nil, errTooManyItems
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		out = append(out, raw)
	}
	_, err = dec.Token() // ]
	return out, err
}

func peekNonSpace(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.ReadByte()
		if err != nil {
			if err == io.EOF {
				return 0, errors.New("empty body")
			}
			return 0, err
		}
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return b, br.UnreadByte()
	}
}

func expectEOF(dec *json.Decoder) error {
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return errors.New("data after the end of the envelope")
		}
		return err
	}
	return nil
}
