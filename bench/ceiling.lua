-- wrk script for the HTTP ceiling: the service's cheapest endpoint, same output lines as token-read.lua.
function done(summary, latency, requests)
  io.write(string.format("wrk_requests_per_sec=%.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("wrk_p50_ms=%.2f\nwrk_p99_ms=%.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
