-- wrk script: prints one machine-readable line of latency percentiles and
-- errors at the end of a run (latencies in milliseconds).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "LOAD requests=%d duration_s=%.1f rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
    "errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
