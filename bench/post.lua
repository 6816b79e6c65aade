-- wrk script: POST a webhook-sized JSON body (the receiver ceiling of the webhook benchmark).
wrk.method = "POST"
wrk.body = '{"type":"connection.created","timestamp":"2026-11-23T10:00:00Z","data":{"connection_id":"00000000-0000-0000-0000-000000000000","project":"00000000-0000-0000-0000-000000000000","provider":"bench","subject":"s","status":"VALID","reason":null,"next_retry_at":null,"reauth_due_at":null}}'
wrk.headers["Content-Type"] = "application/json"

function done(summary, latency, requests)
  io.write(string.format("wrk_requests_per_sec=%.1f\n", summary.requests / (summary.duration / 1e6)))
end
