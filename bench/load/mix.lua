-- wrk script: the read part of the load mix (pages, search, API reads),
-- as a cross-check of the Go generator with Debian's wrk. wrk is closed
-- loop (a connection sends its next request when the last one answers), so
-- it measures the most a server gives rather than holding a rate, and the
-- authenticated writes stay with the Go generator. PATHS names a file of
-- request paths, one a line (the saved pages of `load -save`).
--
--   jq -r '.Pages | keys[] | select(startswith("/"))' /tmp/pages/index.json > /tmp/paths
--   PATHS=/tmp/paths wrk -t2 -c16 -d30s --latency -s load/mix.lua http://127.0.0.1:18100
local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  paths[#paths + 1] = line
end
local n = 0

request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
