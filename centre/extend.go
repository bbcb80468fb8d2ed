package centre

import "net/http"

// Need wraps h so that only the given roles reach it (bearer token of an
// officer session or an enrolled device), for packages that extend the
// centre through Handle; PrincipalOf then tells who is calling.
func (s *Server) Need(roles []string, h http.HandlerFunc) http.HandlerFunc { return s.need(roles, h) }

// PrincipalOf is the caller of a request that went through Need.
func PrincipalOf(r *http.Request) Principal { return principal(r) }
