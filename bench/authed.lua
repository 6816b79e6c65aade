-- wrk script: GET $TV_PATH with the bearer JWT $TV_TOKEN (the authenticated ceiling: security, no database).
local token = os.getenv("TV_TOKEN")
local path = os.getenv("TV_PATH")

function request()
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
  io.write(string.format("wrk_requests_per_sec=%.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("wrk_p50_ms=%.2f\nwrk_p99_ms=%.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("wrk_non_2xx=%d\n", summary.errors.status))
end
