-- wrk script for tools/bench's write route: every request creates a new
-- participant, POST /v1/applications/{application}/participants (the URL
-- given to wrk), with a PESEL no other request of the run uses (the same
-- PESEL twice in one edition is refused with 409).
--
-- Environment: JSTEDU_BENCH_D (this directory, for report.lua),
-- JSTEDU_BENCH_THREADS (wrk's -t: the stride of the PESEL numbering), and
-- report.lua's JSTEDU_BENCH_TOKEN_FILE.
--
-- done() adds to report.lua's line: sent= (requests written, answered or
-- not: the difference to requests= is what was in flight when wrk stopped),
-- status_2xx= (2xx responses) and statuses= (count per status, "200:812,409:3").
dofile(os.getenv("JSTEDU_BENCH_D") .. "/report.lua")

local stride = tonumber(os.getenv("JSTEDU_BENCH_THREADS") or "") or 256
local counter = 0 -- requests made by this thread
sent = 0          -- globals, read by done() through thread:get
statuses = {}

-- The n-th PESEL of a run (n = 0, 1, ...): birth dates 1950-01-01 ..
-- 1999-12-28, days 1..28 only (always a real date), serial ZZZX 0000..9999;
-- 50 * 12 * 28 * 10000 = 168 million distinct numbers.
local WEIGHTS = { 1, 3, 7, 9, 1, 3, 7, 9, 1, 3 }
local function pesel(n)
  local serial = n % 10000
  local date = math.floor(n / 10000)
  local day = date % 28 + 1
  local month = math.floor(date / 28) % 12 + 1
  local year = math.floor(date / 336) -- 1950 + year
  if year >= 50 then error("tools/bench: out of PESEL numbers (168 million per run)") end
  local digits = string.format("%02d%02d%02d%04d", 50 + year, month, day, serial)
  local sum = 0
  for i = 1, 10 do sum = sum + WEIGHTS[i] * tonumber(digits:sub(i, i)) end
  return digits .. tostring((10 - sum % 10) % 10)
end

local BODY = '{"firstName":"Jan","lastName":"Kowalski","pesel":"%s",' ..
  '"educationLevel":"ISCED_5_8","email":"jan.kowalski@example.pl",' ..
  '"phone":"+48 600 100 200","position":"Specjalista","targetGroup":"OPERATIONAL_STAFF",' ..
  '"declaration":{"signedOn":"2026-01-15","informationClauseHandedOver":true}}'

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

-- wrk calls request() once in thread 0 before the run, to check what it
-- returns (script_verify_request); that request is never sent. (thread_index
-- is set by setup(), after this file is loaded.)
local verified = false

function request()
  bench_authorize()
  -- Thread t makes numbers t, t + stride, t + 2 * stride, ...: disjoint
  -- across the threads of the run.
  local body = string.format(BODY, pesel(counter * stride + thread_index))
  counter = counter + 1
  if verified or thread_index ~= 0 then sent = sent + 1 else verified = true end
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function bench_extra()
  local total_sent, ok, by_status = 0, 0, {}
  for _, thread in ipairs(bench_threads) do
    total_sent = total_sent + (thread:get("sent") or 0)
    for status, n in pairs(thread:get("statuses") or {}) do
      by_status[status] = (by_status[status] or 0) + n
      if status >= 200 and status < 300 then ok = ok + n end
    end
  end
  local list = {}
  for status, n in pairs(by_status) do list[#list + 1] = status .. ":" .. n end
  table.sort(list)
  return string.format(" sent=%.0f status_2xx=%.0f statuses=%s", total_sent, ok,
    #list > 0 and table.concat(list, ",") or "none")
end
