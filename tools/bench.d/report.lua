-- wrk script for tools/bench: sends the Authorization header and, when the
-- run is over, prints one machine-readable line that tools/bench parses.
--
-- The token comes from the environment (JSTEDU_BENCH_TOKEN), not from the
-- command line, so it does not show in `ps`.
local token = os.getenv("JSTEDU_BENCH_TOKEN")
if token ~= nil and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

-- summary.duration is in microseconds; latency percentiles are the
-- per-request times (request written -> response read) in microseconds,
-- from wrk's histogram. errors.status counts responses that are not 2xx/3xx.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "JSTEDU_BENCH requests=%.0f duration_us=%.0f p50_us=%.0f p99_us=%.0f " ..
    "max_us=%.0f non2xx=%.0f connect=%.0f read=%.0f write=%.0f timeout=%.0f\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
