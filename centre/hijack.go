package centre

import (
	"bufio"
	"errors"
	"net"
	"net/http"
)

type bufioRW = bufio.ReadWriter

func hijack(w http.ResponseWriter) (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("response writer cannot hijack")
	}
	return h.Hijack()
}
