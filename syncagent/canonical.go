package syncagent

// One reading of an inbound item's document (docs/SECURITY.md, "Session 7
// review"). The centre reads an item's procedure twice: SQLite's
// json_extract for the inbox_field column that decides which officers see
// the item (it takes the first of duplicate keys and matches names
// exactly), and Go's encoding/json for what the officer is shown and what
// accepting it makes (the last of duplicate keys, names matched without
// case). A document with {"MaTTHC": A, "MaTTHC": B} — or "maTTHC": B — was
// listed to A's field and shown, and received, as B. Before storing, every
// object keeps only the last of the keys that are equal without case (the
// one Go reads), so both readings agree, or the column is empty and the
// item is the supervisors' only.

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"unicode"
)

// maxDepth bounds nesting as encoding/json does (10000): every document Go
// can read is rewritten, so no deep nesting keeps two readings apart.
const maxDepth = 10000

type member struct {
	key string
	val any
}

type object []member

// canonicalDoc rewrites doc as above; ok is false when doc is not one JSON
// value (it is then stored as it came: the column reads NULL for it).
func canonicalDoc(doc []byte) ([]byte, bool) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	v, err := readValue(dec, 0)
	if err != nil {
		return doc, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return doc, false
	}
	var b bytes.Buffer
	if err := writeValue(&b, v); err != nil {
		return doc, false
	}
	return b.Bytes(), true
}

// foldKey maps every key equal to k without case (strings.EqualFold, which
// covers encoding/json's matching of field names) to one string.
func foldKey(k string) string {
	var b strings.Builder
	for _, r := range k {
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		b.WriteRune(m)
	}
	return b.String()
}

var errDepth = errors.New("document nested too deep")

func readValue(dec *json.Decoder, depth int) (any, error) {
	if depth > maxDepth {
		return nil, errDepth
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		var all object
		last := map[string]int{} // folded key → index in all of its last occurrence
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			k, _ := kt.(string)
			v, err := readValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			last[foldKey(k)] = len(all)
			all = append(all, member{k, v})
		}
		if _, err := dec.Token(); err != nil { // }
			return nil, err
		}
		o := make(object, 0, len(last))
		for i, m := range all {
			if last[foldKey(m.key)] == i {
				o = append(o, m)
			}
		}
		return o, nil
	case json.Delim('['):
		a := []any{}
		for dec.More() {
			v, err := readValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err := dec.Token() // ]
		return a, err
	}
	return tok, nil
}

func writeValue(b *bytes.Buffer, v any) error {
	switch v := v.(type) {
	case object:
		b.WriteByte('{')
		for i, m := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(m.key)
			b.Write(k)
			b.WriteByte(':')
			if err := writeValue(b, m.val); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeValue(b, x); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	default:
		j, err := json.Marshal(v)
		if err != nil {
			return err
		}
		b.Write(j)
	}
	return nil
}
