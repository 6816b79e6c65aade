-- wrk script: GET /v1/connections/{random id}/token with a bearer JWT.
-- env: TV_TOKEN (JWT), TV_IDS (file with one connection id per line), TV_RATE (optional req/s over all connections)
local ids = {}
local token = os.getenv("TV_TOKEN")
local rate = tonumber(os.getenv("TV_RATE") or "0")
local connections = tonumber(os.getenv("TV_CONNECTIONS") or "1")

function init(args)
  for line in io.lines(os.getenv("TV_IDS")) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", "/v1/connections/" .. id .. "/token", {
    ["Authorization"] = "Bearer " .. token,
    ["X-App-Name"] = "bench",
  })
end

-- with TV_RATE set, each connection paces itself so that all together send about TV_RATE requests/s
function delay()
  if rate > 0 then return 1000 * connections / rate end
  return 0
end

function done(summary, latency, requests)
  io.write(string.format("wrk_requests_per_sec=%.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("wrk_p50_ms=%.2f\nwrk_p99_ms=%.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("wrk_non_2xx=%d\nwrk_errors=%d\n", summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
