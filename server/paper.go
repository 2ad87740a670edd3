package server

import "net/http"

func (s *Server) paperRoutes(m *http.ServeMux) {}
