-- What the wrk scripts share (loaded with dofile("bench/common.lua"): bench/run.sh runs wrk from the repository root).

-- The ids in a file, one per line (blank lines skipped).
function read_ids(path)
  local ids = {}
  for line in io.lines(path) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  return ids
end

-- Each wrk thread draws its own random sequence.
function seed_random()
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

-- The lines bench/run.sh reads: rate, p50 and p99 latency, non-2xx answers, socket errors.
function done(summary, latency, requests)
  io.write(string.format("wrk_requests_per_sec=%.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("wrk_p50_ms=%.2f\nwrk_p99_ms=%.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("wrk_non_2xx=%d\nwrk_errors=%d\n", summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
