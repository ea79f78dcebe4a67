-- wrk script for tools/bench's advisory route: every request is the next
-- workflow command of one of this thread's cases, so each case is taken
-- from AREA_CHOICE (experts assigned) to COMPLETED by six commands:
--   1 chooseArea          AREA_CHOICE -> NEEDS_DIAGNOSIS (ADMIN)
--   2 completeDiagnosis   the summary and a one-action schedule (ADMIN)
--   3 approveSchedule     NEEDS_DIAGNOSIS -> ROLLOUT (the guardian, EXPERT)
--   4 adoptPlan           the local quality plan (ADMIN)
--   5 :complete           the action done (ADMIN)
--   6 completeRollout     ROLLOUT -> COMPLETED (ADMIN)
-- Each one carries the case's expectedVersion, read from the answer to the
-- case's previous command. A case is sent at most one command at a time, so
-- none is ever refused for a stale version. The cases are split between
-- wrk's threads (line n of the file to thread n % threads), as between
-- regional offices, and each connection carries one case at a time through
-- its six commands (see pop below).
--
-- Environment: JSTEDU_BENCH_CASES (a file, one case a line: "case-id
-- version support-area-id guardian-token"), JSTEDU_BENCH_DAY (a past day,
-- YYYY-MM-DD, for the agreement, the actions, the plan and the action's
-- completion), JSTEDU_BENCH_THREADS (wrk's -t), and report.lua's.
--
-- done() adds to report.lua's line: sent= (requests written), status_2xx=
-- (2xx answers to commands), statuses= (every answer by status, as
-- participant.lua), ok_<command>= (2xx per command),
-- exhausted= (requests made when the thread had no case ready: the run
-- then needs more cases, and tools/bench calls it invalid) and
-- completed= (cases taken to COMPLETED).
dofile(os.getenv("JSTEDU_BENCH_D") .. "/report.lua")

local threads = tonumber(os.getenv("JSTEDU_BENCH_THREADS") or "") or 1
local day = os.getenv("JSTEDU_BENCH_DAY") or "2026-01-15"

local COMMANDS = { "chooseArea", "completeDiagnosis", "approveSchedule",
  "adoptPlan", "completeAction", "completeRollout" }

-- Per thread: the cases (by id); the fresh ones not yet started (a
-- queue) and the started ones waiting for their next command (a stack);
-- the counters done() reads through thread:get. A started case goes
-- first: a connection that has read a case's answer makes the next request,
-- so it takes that case's next command, and each connection carries its
-- case to COMPLETED before it starts a fresh one. So the six commands are
-- sent equally often however many cases the run was given.
local cases = {}
local fresh, head, tail = {}, 1, 0
local started, top = {}, 0
local verified = false
sent, exhausted, completed = 0, 0, 0
statuses, ok_by_command = {}, {}

local function push_fresh(id)
  tail = tail + 1
  fresh[tail] = id
end

local function push(id)
  top = top + 1
  started[top] = id
end

local function pop()
  if top > 0 then
    local id = started[top]
    started[top] = nil
    top = top - 1
    return id
  end
  if head > tail then return nil end
  local id = fresh[head]
  fresh[head] = nil
  head = head + 1
  return id
end

local report_init = init
function init(args)
  report_init(args)
  local n = 0
  for line in io.lines(os.getenv("JSTEDU_BENCH_CASES")) do
    if n % threads == thread_index then
      local id, version, area, token = line:match("^(%S+) (%d+) (%S+) (%S+)$")
      if id then
        cases[id] = { version = version, step = 1, area = area,
          token = "Bearer " .. token, action = nil, command = nil }
        push_fresh(id)
      end
    end
    n = n + 1
  end
end

local function body(c)
  local v = '"expectedVersion":"' .. c.version .. '"'
  if c.step == 1 then
    return "/v1/cases/%s:chooseArea", '{' .. v .. ',"supportArea":"' .. c.area ..
      '","agreement":{"agreedOn":"' .. day .. '","agreedBy":"Jan Kowalski, wójt"}}'
  elseif c.step == 2 then
    return "/v1/cases/%s:completeDiagnosis", '{' .. v ..
      ',"diagnosisSummary":"Diagnoza potrzeb: wyniki egzaminu poniżej średniej.",' ..
      '"actions":[{"title":"Plan wspomagania szkół","owner":"Wydział Edukacji",' ..
      '"startsOn":"' .. day .. '","dueOn":"' .. day .. '"}]}'
  elseif c.step == 3 then
    return "/v1/cases/%s:approveSchedule", '{' .. v .. '}'
  elseif c.step == 4 then
    return "/v1/cases/%s:adoptPlan", '{' .. v ..
      ',"plan":{"documentReference":"Uchwała nr 1/2026","adoptedOn":"' .. day .. '"}}'
  elseif c.step == 5 then
    return "/v1/cases/%s/actions/" .. c.action .. ":complete",
      '{' .. v .. ',"doneOn":"' .. day .. '"}'
  end
  return "/v1/cases/%s:completeRollout", '{' .. v .. '}'
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function request()
  -- wrk calls request() once in thread 0 before the run to check it; that
  -- request is never sent, so it takes no case.
  if not verified and thread_index == 0 then
    verified = true
    bench_authorize()
    return wrk.format(nil, "/readyz")
  end
  sent = sent + 1
  local id = pop()
  if id == nil then
    -- No case ready: every case of this thread is in flight or completed.
    exhausted = exhausted + 1
    bench_authorize()
    return wrk.format("GET", "/readyz", nil, "")
  end
  local c = cases[id]
  c.command = COMMANDS[c.step]
  local path, payload = body(c)
  if c.step == 3 then
    wrk.headers["Authorization"] = c.token
  else
    bench_authorize()
  end
  return wrk.format(nil, string.format(path, id), nil, payload)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if body == nil then return end
  local id = body:match('^{"id":"([%x-]+)"')
  local c = id and cases[id]
  if c == nil or c.command == nil then return end -- /readyz, or an error
  if status < 200 or status >= 300 then return end -- the case stays out
  ok_by_command[c.command] = (ok_by_command[c.command] or 0) + 1
  c.command = nil
  c.version = body:match('"version":"(%d+)"')
  if c.step == 2 then c.action = body:match('"actions":%[{"id":"([%x-]+)"') end
  c.step = c.step + 1
  if c.step > #COMMANDS then
    completed = completed + 1
  else
    push(id)
  end
end

function bench_extra()
  local total = { sent = 0, exhausted = 0, completed = 0 }
  local ok, by_status, by_command = 0, {}, {}
  for _, thread in ipairs(bench_threads) do
    for key, _ in pairs(total) do total[key] = total[key] + (thread:get(key) or 0) end
    for status, n in pairs(thread:get("statuses") or {}) do
      by_status[status] = (by_status[status] or 0) + n
    end
    for command, n in pairs(thread:get("ok_by_command") or {}) do
      by_command[command] = (by_command[command] or 0) + n
      ok = ok + n
    end
  end
  local list = {}
  for status, n in pairs(by_status) do list[#list + 1] = status .. ":" .. n end
  table.sort(list)
  local out = string.format(" sent=%.0f status_2xx=%.0f statuses=%s exhausted=%.0f completed=%.0f",
    total.sent, ok, #list > 0 and table.concat(list, ",") or "none", total.exhausted,
    total.completed)
  for _, command in ipairs(COMMANDS) do
    out = out .. string.format(" ok_%s=%.0f", command, by_command[command] or 0)
  end
  return out
end
