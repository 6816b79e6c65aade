-- wrk script for the HTTP ceiling: the service's cheapest endpoint, same output lines as token-read.lua.
dofile("bench/common.lua")
