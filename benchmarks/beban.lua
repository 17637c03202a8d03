-- wrk script of benchmarks/beban.py: the session cookie on every request, a fresh visit
-- (a new UUID) per POST when BEBAN_KIRIM names a Lua file of bodies, and the figures
-- as one JSON line at the end (with the latency histogram).
local cookie = os.getenv("BEBAN_COOKIE")
local csrf = os.getenv("BEBAN_CSRF")
local kirim = os.getenv("BEBAN_KIRIM")
local nomor = 0
local bodi = nil

function setup(thread)
  nomor = nomor + 1
  thread:set("nomor", nomor)
end

function init(args)
  math.randomseed(os.time() + nomor * 7919)
  wrk.headers["Cookie"] = cookie
  if kirim and kirim ~= "" then
    bodi = dofile(kirim)
    wrk.headers["X-CSRFToken"] = csrf
    wrk.headers["Content-Type"] = "application/json"
  end
end

local function uuid4()
  local t = {}
  for i = 1, 16 do t[i] = math.random(0, 255) end
  t[7] = (t[7] % 16) + 64
  t[9] = (t[9] % 64) + 128
  local h = {}
  for i = 1, 16 do h[i] = string.format("%02x", t[i]) end
  return table.concat(h, "", 1, 4) .. "-" .. table.concat(h, "", 5, 6) .. "-" ..
    table.concat(h, "", 7, 8) .. "-" .. table.concat(h, "", 9, 10) .. "-" ..
    table.concat(h, "", 11, 16)
end

function request()
  if bodi == nil then
    return wrk.format("GET")
  end
  local b = bodi[math.random(1, #bodi)]
  return wrk.format("POST", b.path, nil, b.awal .. uuid4() .. b.akhir)
end

function done(summary, latency, requests)
  local e = summary.errors
  -- the latency histogram (microseconds, count), so slices of one page are pooled
  local hist = {}
  for i = 1, #latency do
    local nilai, jumlah = latency(i)
    hist[#hist + 1] = string.format("[%d,%d]", nilai, jumlah)
  end
  io.write(string.format(
    'HASIL {"permintaan": %d, "mikrodetik": %d, "status_galat": %d, "galat_sambungan": %d, ' ..
    '"histogram": [%s]}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    table.concat(hist, ",")))
end
