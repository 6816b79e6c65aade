-- wrk script: GET /v1/projects/{project}/tokens/{provider}?subject=subject-{random n} with a bearer JWT: the
-- application's lookup by its own key, to compare with token-read.lua (by id) in the same run.
-- env: TV_TOKEN (JWT), TV_PROJECT, TV_PROVIDER, TV_SUBJECTS (how many subject-1..n exist)
dofile("bench/common.lua")
local token = os.getenv("TV_TOKEN")
local project = os.getenv("TV_PROJECT")
local provider = os.getenv("TV_PROVIDER")
local subjects = tonumber(os.getenv("TV_SUBJECTS") or "1")

function init(args)
  seed_random()
end

function request()
  return wrk.format("GET", "/v1/projects/" .. project .. "/tokens/" .. provider .. "?subject=subject-"
    .. math.random(subjects), {
    ["Authorization"] = "Bearer " .. token,
    ["X-App-Name"] = "bench",
  })
end
