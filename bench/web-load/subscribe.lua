-- wrk script: POST /subscribe with a fresh address each time and a valid CSRF pair; counts the
-- answers by status across threads.
local csrf = os.getenv("CSRF")
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  ok, limited, other = 0, 0, 0
end

function request()
  counter = counter + 1
  local body = "csrf=" .. csrf .. "&email=load" .. id .. "x" .. counter .. "%40example.org"
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "digest_csrf=" .. csrf,
  }, body)
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1
  elseif status == 429 then limited = limited + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local a, l, o = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("ok"); l = l + t:get("limited"); o = o + t:get("other")
  end
  io.write(string.format("accepted (200): %d, rate limited (429): %d, other: %d\n", a, l, o))
end
