// Package textrule is the one rule for free text that people typed and that
// reaches a motcua server from the LAN or the portal: names, addresses,
// places, reasons, notes, comments (docs/SECURITY.md, "Free text:
// invisible characters"). Every entry point — the portal's liên thông
// routes, the receiving and the deciding centre, the counter's and the
// console's APIs, petitions, ratings, bookings — applies the same function,
// so a text reads the same at every place it is stored and shown.
//
// The rule strips, it does not refuse: a text from another centre or an
// older version must never strand an item in an outbox. It removes
//   - the invisible format characters (Unicode Cf: the bidirectional
//     overrides and isolates such as U+202E, zero-width spaces and joiners
//     U+200B–U+200D, U+2060, the byte-order mark U+FEFF, the soft hyphen,
//     tag characters), with which a stored text displays as another one
//     ("Trojan Source"); Vietnamese needs none of them, ZWJ/ZWNJ included;
//   - the C0 and C1 control characters and DEL, except, in a Block, the
//     line feed and the tab (a carriage return before a line feed is
//     dropped; a lone one becomes a line feed);
//   - the line and paragraph separators U+2028 and U+2029 (a line feed in
//     a Block);
//   - invalid UTF-8;
//
// and composes the rest to Unicode NFC: Vietnamese typed on some Windows
// keyboards arrives decomposed (NFD), and a name stored NFD does not match
// the same name typed NFC in a search.
package textrule

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Line cleans a one-line text: a name, an address, a place, a short title.
// Every control character and separator is removed (a tab or a line break
// becomes a space), and the ends are trimmed.
func Line(s string) string {
	return strings.TrimSpace(clean(s, false))
}

// Block cleans a text that may hold several lines: a reason, a note, a
// comment, an answer. Line feeds and tabs stay; the ends are trimmed.
func Block(s string) string {
	return strings.TrimSpace(clean(s, true))
}

// Invisible tells whether r is removed by both rules whatever its place:
// a format character (Cf), a control other than \n \t \r, or a line or
// paragraph separator. It is what a page may also drop at display time.
func Invisible(r rune) bool {
	switch r {
	case '\n', '\t', '\r':
		return false
	case '\u2028', '\u2029':
		return true
	}
	return unicode.Is(unicode.Cf, r) || unicode.IsControl(r)
}

// HasControl tells whether s holds a C0/C1 control character or DEL
// (outside \n, \t and \r when block: Block turns \r into a line break): what a form at the counter may refuse
// with a message instead of silently cleaning (a control in a typed name
// is a paste gone wrong that the officer should see).
func HasControl(s string, block bool) bool {
	for _, r := range s {
		if (r == '\n' || r == '\t' || r == '\r') && block {
			continue
		}
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

// FormLine is Line for a form that refuses control characters with its
// own message: a text holding one comes back only trimmed, for the form's
// check to refuse it; any other is cleaned by Line.
func FormLine(s string) string {
	if HasControl(s, false) {
		return strings.TrimSpace(s)
	}
	return Line(s)
}

// FormBlock is FormLine for a multi-line text (Block; \n and \t allowed).
func FormBlock(s string) string {
	if HasControl(s, true) {
		return strings.TrimSpace(s)
	}
	return Block(s)
}

func clean(s string, block bool) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch {
		case r == '\n' || r == '\u2028' || r == '\u2029':
			if block {
				b.WriteByte('\n')
			} else if r == '\n' {
				b.WriteByte(' ')
			}
		case r == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				continue // CRLF: the LF follows
			}
			if block {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case r == '\t':
			if block {
				b.WriteByte('\t')
			} else {
				b.WriteByte(' ')
			}
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// JSON cleans every string of a JSON document (object keys included) as
// Block does, without trimming its ends, and gives the document back with
// the same structure, key order and numbers; a document with nothing to
// clean, or that is not one valid JSON value, comes back as it was (its
// reader refuses the latter as before). It is for documents passed on
// whole, such as a forwarded dossier, whose free-text fields are many and
// nested.
func JSON(doc []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	c := jsonCleaner{dec: dec}
	c.b.Grow(len(doc))
	if err := c.value(); err != nil {
		return doc
	}
	if _, err := dec.Token(); err != io.EOF { // not exactly one value
		return doc
	}
	if !c.changed {
		return doc
	}
	return c.b.Bytes()
}

type jsonCleaner struct {
	dec     *json.Decoder
	b       bytes.Buffer
	changed bool
}

var errNotJSON = errors.New("textrule: not a JSON value")

func (c *jsonCleaner) value() error {
	t, err := c.dec.Token()
	if err != nil {
		return err
	}
	switch v := t.(type) {
	case json.Delim:
		open, end := byte(v), byte('}')
		if v == '[' {
			end = ']'
		} else if v != '{' {
			return errNotJSON
		}
		c.b.WriteByte(open)
		for first := true; c.dec.More(); first = false {
			if !first {
				c.b.WriteByte(',')
			}
			if open == '{' {
				k, err := c.dec.Token()
				if err != nil {
					return err
				}
				ks, ok := k.(string)
				if !ok {
					return errNotJSON
				}
				c.str(ks)
				c.b.WriteByte(':')
			}
			if err := c.value(); err != nil {
				return err
			}
		}
		if _, err := c.dec.Token(); err != nil {
			return err
		}
		c.b.WriteByte(end)
	case string:
		c.str(v)
	case json.Number:
		c.b.WriteString(v.String())
	case bool:
		c.b.WriteString(strconv.FormatBool(v))
	case nil:
		c.b.WriteString("null")
	}
	return nil
}

// str writes s cleaned as Block does but with its ends kept (a field
// inside a document keeps its spaces; only what is invisible goes).
func (c *jsonCleaner) str(s string) {
	cs := clean(s, true)
	if cs != s {
		c.changed = true
	}
	e := json.NewEncoder(&c.b)
	e.SetEscapeHTML(false)
	_ = e.Encode(cs)            // a string always encodes
	c.b.Truncate(c.b.Len() - 1) // Encode's newline
}
