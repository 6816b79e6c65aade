-- wrk script: GET /v1/connections/{random id}/token with a bearer JWT.
-- env: TV_TOKEN (JWT), TV_IDS (file with one connection id per line), TV_RATE (optional req/s over all connections)
dofile("bench/common.lua")
local ids = {}
local token = os.getenv("TV_TOKEN")
local rate = tonumber(os.getenv("TV_RATE") or "0")
local connections = tonumber(os.getenv("TV_CONNECTIONS") or "1")

function init(args)
  ids = read_ids(os.getenv("TV_IDS"))
  seed_random()
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
