-- wrk's report is for people; this adds one line for tests/prod/check.py to read.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "PRODCHECK requests=%d non_2xx_3xx=%d connect=%d read=%d write=%d timeout=%d p99_ms=%.1f\n",
    summary.requests, errors.status, errors.connect, errors.read, errors.write, errors.timeout,
    latency:percentile(99) / 1000))
end
