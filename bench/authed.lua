-- wrk script: GET $TV_PATH with the bearer JWT $TV_TOKEN (the authenticated ceiling: security, no database).
dofile("bench/common.lua")
local token = os.getenv("TV_TOKEN")
local path = os.getenv("TV_PATH")

function request()
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
