-- wrk script: POST /v1/score with a distinct transaction id per request and
-- the customer shapes of benchmarks/load_bodies.py (many customers, a stable
-- device, network, place and payee set each; event time advancing so that a
-- customer pays about 3 times a day, whatever the wall-clock rate).
--   wrk -t2 -c32 -d10s -s benchmarks/wrk/score.lua URL -- BASE CUSTOMERS STEP TOKEN
-- BASE: first request index (keeps ids distinct across runs on one store);
-- prints one line "WRKJSON {...}" with the figures benchmarks/load_wrk.py reads.

local threads = {}
local counter = 1

function setup(thread)
   thread:set("tid", counter)
   table.insert(threads, thread)
   counter = counter + 1
end

local START_TS = 1772323200
local cities = {
   {52.52, 13.40, "DE", "Berlin"}, {48.14, 11.58, "DE", "Munich"}, {50.94, 6.96, "DE", "Cologne"},
   {53.55, 9.99, "DE", "Hamburg"}, {48.86, 2.35, "FR", "Paris"}, {52.37, 4.90, "NL", "Amsterdam"},
}
local uas = {
   "BankApp/7.1 (Android 14; SM-S918B)", "BankApp/7.1 (iOS 17.4; iPhone15,2)",
   "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
}
local channels = {"mobile", "mobile", "web"}

local base, customers, step, nthreads, n, headers

function init(args)
   base = tonumber(args[1] or "0")
   customers = tonumber(args[2] or "10000")
   step = tonumber(args[3] or "2.88")
   nthreads = tonumber(args[5] or "1")
   headers = {["Content-Type"] = "application/json",
              ["Authorization"] = "Bearer " .. (args[4] or "k")}
   n = 0
   math.randomseed(tid * 7919 + base)
end

function request()
   local i = base + n * nthreads + (tid - 1)
   n = n + 1
   local k = math.random(0, customers - 1)
   local c = cities[(k % #cities) + 1]
   local dev = (math.random(10) == 1) and 1 or 0
   local ts = START_TS + math.floor(i * step)
   local amount = (5 + math.random(0, 119)) * ((math.random(7) == 1) and 5 or 1) + math.random(0, 99) / 100
   local body = string.format(
      '{"transaction_id":"lt-%d","customer_id":"lc-%d","timestamp":"%s","amount":%.2f,' ..
      '"currency":"EUR","channel":"%s","ip":"%d.%d.%d.%d","device_id":"ld-%d-%d",' ..
      '"user_agent":"%s","lat":%.4f,"lon":%.4f,"country":"%s","city":"%s","payee_id":"lp-%d"}',
      i, k, os.date("!%Y-%m-%dT%H:%M:%SZ", ts), amount,
      channels[(k % 3) + 1], 81 + k % 40, math.floor(k / 40) % 256, math.floor(k / 10240) % 256,
      2 + math.random(0, 199), k, dev, uas[((k + dev) % 3) + 1],
      c[1] + (math.random(0, 99) - 50) / 5000, c[2] + (math.random(0, 99) - 50) / 5000,
      c[3], c[4], (k * 7 + math.random(0, 5)) % 50000)
   return wrk.format("POST", "/v1/score", headers, body)
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'WRKJSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
      '"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d,"mean_us":%.1f}\n',
      summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
      latency.max, latency.mean))
end
