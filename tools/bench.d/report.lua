-- wrk script for tools/bench: sends the Authorization header and, when the
-- run is over, prints one machine-readable line that tools/bench parses.
-- The write routes' scripts (participant.lua) load it with dofile and add
-- their requests and counters.
--
-- The tokens come from a file (JSTEDU_BENCH_TOKEN_FILE, one per line, one
-- subject each), not from the command line, so they do not show in `ps`.
-- Requests rotate over them: the load of many users, none of whom reaches
-- the gateway's per-subject rate limit.
local tokens = {}
local token_file = os.getenv("JSTEDU_BENCH_TOKEN_FILE")
if token_file ~= nil and token_file ~= "" then
  for line in io.lines(token_file) do
    if line ~= "" then tokens[#tokens + 1] = "Bearer " .. line end
  end
end
local next_token = 0

-- setup runs in wrk's main Lua state once per thread, before the thread
-- starts: each thread gets its index (0, 1, ...) as the global
-- thread_index, and done() can read the threads' globals with thread:get.
bench_threads = {}
function setup(thread)
  thread:set("thread_index", #bench_threads)
  bench_threads[#bench_threads + 1] = thread
end

function init(args)
  next_token = math.random(math.max(#tokens, 1))
end

-- Sets the next token's Authorization header in wrk.headers.
function bench_authorize()
  if #tokens > 0 then
    next_token = next_token % #tokens + 1
    wrk.headers["Authorization"] = tokens[next_token]
  end
end

function request()
  bench_authorize()
  return wrk.format()
end

-- summary.duration is in microseconds; latency percentiles are the
-- per-request times (request written -> response read) in microseconds,
-- from wrk's histogram. errors.status counts responses that are not 2xx/3xx.
-- A script may define bench_extra() returning more " key=value" words.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "JSTEDU_BENCH requests=%.0f duration_us=%.0f p50_us=%.0f p99_us=%.0f " ..
    "max_us=%.0f non2xx=%.0f connect=%.0f read=%.0f write=%.0f timeout=%.0f%s\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout,
    bench_extra and bench_extra() or ""))
end
