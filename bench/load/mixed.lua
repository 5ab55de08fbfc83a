-- wrk script of bench/load-mixed.sh: each connection asks the web app's
-- usual questions in turn (the same list as bench/load/mixed's reads), and
-- one machine-readable line of figures is printed at the end.
local paths = {
  "/api/v1/flows?supplier=Russia&recipient=Viet%20Nam&years=1995-2021",
  "/api/v1/rank/suppliers?years=2017-2021",
  "/api/v1/rank/recipients?years=2017-2021&limit=20",
  "/api/v1/concentration?recipient=Viet%20Nam&years=1995-2021",
  "/api/v1/deals?supplier=Russia&recipient=Viet%20Nam",
  "/api/v1/events?between=Russia,Viet%20Nam",
  "/api/v1/names?q=viet",
  "/api/v1/datasets",
  "/api/v1/flows?supplier=France&recipient=India",
  "/api/v1/rank/suppliers?recipient=India&years=2012-2021",
}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "LOAD requests=%d duration_s=%.1f rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
    "errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
