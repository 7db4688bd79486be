-- wrk script for Tandem's benchmark. Without COOKIES every request is a plain GET of the path;
-- with COOKIES (a file, one Cookie header value a line) the requests cycle through the lines, so
-- each request reads and writes an existing session instead of creating one.
-- At the end it prints one machine-readable line: RESULT req/s p50_ms p99_ms errors requests.

local cookies = {}
local file = os.getenv("COOKIES")
if file and file ~= "" then
	for line in io.lines(file) do
		if line ~= "" then cookies[#cookies + 1] = line end
	end
end

local counter = 0

request = function()
	if #cookies == 0 then
		return wrk.format("GET")
	end
	counter = counter + 1
	return wrk.format("GET", nil, { ["Cookie"] = cookies[(counter % #cookies) + 1] })
end

done = function(summary, latency, requests)
	local e = summary.errors
	local errors = e.connect + e.read + e.write + e.status + e.timeout
	io.write(string.format("RESULT %.1f %.3f %.3f %d %d\n",
		summary.requests / (summary.duration / 1e6),
		latency:percentile(50) / 1000, latency:percentile(99) / 1000,
		errors, summary.requests))
end
