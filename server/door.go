package server

import "net/http"

func (s *Server) doorRoutes(m *http.ServeMux) {}
