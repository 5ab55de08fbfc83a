package http

import (
	nethttp "net/http"
)

// apiReport answers /api/v1/report. The report package is not in this
// build yet, so it says so with 503.
func (s *Server) apiReport(w nethttp.ResponseWriter, r *nethttp.Request) {
	writeJSONError(w, nethttp.StatusServiceUnavailable, "unavailable",
		"reports are not available in this build yet; use the tables' JSON and CSV forms, or 'armsflow report' when it lands")
}
