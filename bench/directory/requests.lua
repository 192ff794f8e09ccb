-- wrk script for the directory benchmarks (bench/directory and bench/directory-search).
--
--   BENCH_RESULT=out.json wrk -t2 -c64 -d15s -s requests.lua http://127.0.0.1:PORT -- REQUESTS_FILE
--
-- REQUESTS_FILE holds one request a line:
--   GET <path>            or
--   POST <path> <body>    (body is the rest of the line, sent as application/json)
-- Extra headers for every request come from the environment:
--   BENCH_AUTH   -> "Authorization: <value>" (e.g. "Bearer TOKEN" or "Session ...")
-- Each thread walks the list round robin from its own starting point, so every
-- variant is sent about as often as the others.
-- done() writes one JSON object (latencies in microseconds) to $BENCH_RESULT, or stdout.

local requests = {}
local threads = {}
local result_path = nil

local function load(path)
  local list = {}
  local f = assert(io.open(path, "r"), "cannot open " .. path)
  for line in f:lines() do
    if line ~= "" then
      local method, rest = line:match("^(%u+)%s+(.*)$")
      local target, body = rest, nil
      if method == "POST" then
        target, body = rest:match("^(%S+)%s+(.*)$")
      end
      list[#list + 1] = { method = method, path = target, body = body }
    end
  end
  f:close()
  assert(#list > 0, "no requests in " .. path)
  return list
end

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  local list = load(args[1])
  local auth = os.getenv("BENCH_AUTH")
  local headers = {}
  if auth and auth ~= "" then headers["Authorization"] = auth end
  -- pre-format every request once: request() then only indexes a table
  requests = {}
  for i, r in ipairs(list) do
    local h = {}
    for k, v in pairs(headers) do h[k] = v end
    if r.body then h["Content-Type"] = "application/json" end
    requests[i] = wrk.format(r.method, r.path, h, r.body)
  end
  local n = #requests
  counter = ((id or 0) * 7919) % n
end

function request()
  counter = counter + 1
  if counter > #requests then counter = 1 end
  return requests[counter]
end

function done(summary, latency, requests_)
  local e = summary.errors
  local secs = summary.duration / 1e6
  local out = string.format(
    '{"requests": %d, "duration_s": %.3f, "rps": %.2f, "bytes": %d, ' ..
    '"lat_mean_us": %.1f, "lat_p50_us": %d, "lat_p90_us": %d, "lat_p99_us": %d, "lat_max_us": %d, ' ..
    '"err_connect": %d, "err_read": %d, "err_write": %d, "err_status": %d, "err_timeout": %d}',
    summary.requests, secs, summary.requests / secs, summary.bytes,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout)
  local path = os.getenv("BENCH_RESULT")
  if path and path ~= "" then
    local f = assert(io.open(path, "w"))
    f:write(out, "\n")
    f:close()
  else
    io.write("BENCH_RESULT ", out, "\n")
  end
end
