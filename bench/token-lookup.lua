-- wrk script: GET /v1/projects/{project}/tokens/{provider}?subject=subject-{random n} with a bearer JWT: the
-- application's lookup by its own key, to compare with token-read.lua (by id) in the same run.
-- env: TV_TOKEN (JWT), TV_PROJECT, TV_PROVIDER, TV_SUBJECTS (how many subject-1..n exist)
local token = os.getenv("TV_TOKEN")
local project = os.getenv("TV_PROJECT")
local provider = os.getenv("TV_PROVIDER")
local subjects = tonumber(os.getenv("TV_SUBJECTS") or "1")

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  return wrk.format("GET", "/v1/projects/" .. project .. "/tokens/" .. provider .. "?subject=subject-"
    .. math.random(subjects), {
    ["Authorization"] = "Bearer " .. token,
    ["X-App-Name"] = "bench",
  })
end

function done(summary, latency, requests)
  io.write(string.format("wrk_requests_per_sec=%.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("wrk_p50_ms=%.2f\nwrk_p99_ms=%.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("wrk_non_2xx=%d\nwrk_errors=%d\n", summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
