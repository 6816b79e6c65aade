-- wrk script: creates connections through the API (POST /v1/connections) until TV_SEED_COUNT have been made in
-- all; each thread appends the ids it got to TV_SEED_OUT.<thread>. env: TV_TOKEN, TV_SEED_COUNT, TV_SEED_OUT.
-- Run it with -t2 (each thread makes half); wrk keeps running to its -d, so bench/run.sh stops it once all ids are in.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  thread:set("share", math.ceil(tonumber(os.getenv("TV_SEED_COUNT")) / 2))
  table.insert(threads, thread)
end

function init(args)
  out = io.open(os.getenv("TV_SEED_OUT") .. "." .. tid, "w")
  token = os.getenv("TV_TOKEN")
  made = 0
end

function request()
  counter = counter + 1
  local name = "scale-" .. tid .. "-" .. counter
  return wrk.format("POST", "/v1/connections", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, '{"provider":"bench","external_account":"' .. name .. '","subject":"' .. name .. '","access_token":"at-' .. name ..
     '","refresh_token":"rt-' .. name .. '","expires_in":86400}')
end

function response(status, headers, body)
  if status == 201 or status == 200 then
    local id = body:match('"id":"([^"]+)"')
    if id then
      out:write(id, "\n")
      made = made + 1
      if made >= share then
        out:flush()
        wrk.thread:stop()
      end
    end
  end
end
