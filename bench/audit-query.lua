-- wrk script: GET /v1/audit?connection_id={random id}&page_size=50 (one connection's last 50 events).
-- env: TV_TOKEN (JWT), TV_IDS (file with one connection id per line)
local ids = {}
local token = os.getenv("TV_TOKEN")

function init(args)
  for line in io.lines(os.getenv("TV_IDS")) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  return wrk.format("GET", "/v1/audit?page_size=50&connection_id=" .. ids[math.random(#ids)],
    { ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
  io.write(string.format("wrk_requests_per_sec=%.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("wrk_p50_ms=%.2f\nwrk_p99_ms=%.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("wrk_non_2xx=%d\n", summary.errors.status))
end
