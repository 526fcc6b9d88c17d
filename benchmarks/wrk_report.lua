-- wrk -s benchmarks/wrk_report.lua: after the run, print one machine-readable line for benchmarks/bench.py.
--
-- wrk --latency prints the 50th, 75th, 90th and 99th percentiles only; this adds the 95th, and the error
-- counts by kind. Latencies are in microseconds. `status` counts responses wrk treats as errors (HTTP status
-- 400 or above, its "Non-2xx or 3xx responses"); connect, read, write and timeout are socket errors.
-- Only done() is defined: a request() or response() function would put Lua on every request's path and
-- slow wrk down.

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "WRK_REPORT requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d "
      .. "p50_us=%d p95_us=%d p99_us=%d max_us=%d mean_us=%d\n",
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean
  ))
end
