package server

import "net/http"

func (s *Server) presidiumRoutes(m *http.ServeMux) {}
