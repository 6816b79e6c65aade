-- wrk script: GET /v1/audit?connection_id={random id}&page_size=50 (one connection's last 50 events).
-- env: TV_TOKEN (JWT), TV_IDS (file with one connection id per line)
dofile("bench/common.lua")
local ids = {}
local token = os.getenv("TV_TOKEN")

function init(args)
  ids = read_ids(os.getenv("TV_IDS"))
  seed_random()
end

function request()
  return wrk.format("GET", "/v1/audit?page_size=50&connection_id=" .. ids[math.random(#ids)],
    { ["Authorization"] = "Bearer " .. token })
end
