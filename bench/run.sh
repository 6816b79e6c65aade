#!/usr/bin/env bash
# tokenvault benchmarks, each compared with a ceiling measured in the same run on the same machine.
#
#   bench/run.sh [all|token|storm|webhooks|startup|jmh|scale]
#
# token   GET /v1/connections/{id}/token over random ids (wrk) next to the ceilings of the same run: P = pgbench -S
#         -M prepared on the same PostgreSQL, H = GET /q/health/live on the management port, C = 1/(1/H + 1/P), and an
#         authenticated request that reads no database (GET /v1/catalog/github); p99 at half the token rate; the same
#         read by the application's own key (/v1/projects/{p}/tokens/{provider}?subject=) vs by id.
# storm   M expired connections x K concurrent readers against a fast local token endpoint, with one and
#         with two service processes: upstream calls (must equal M), time, refreshes/s.
# webhooks N outbox events delivered from one replica to a local receiver (deliveries/s) vs the receiver's own
#         rate under wrk (its ceiling), in the same run.
# startup JVM launch to ready (empty database), then on the migrated database the plain jar and, on a JDK >= 24, the
#         aot-jar without and with a JDK AOT cache from a training run; idle RSS of each.
# jmh     sealing/opening 1-2 KB, JWT verification cached and uncached.
# scale   token, then the same read over 100k connections (made through the API) with 10M audit rows, one
#         connection's last 50 audit events, and RSS after a 5-minute run.
#
# Settings (environment): BENCH_CONNECTIONS (1000), BENCH_DURATION (20s), BENCH_CONCURRENCY (64),
# BENCH_STORM_CONNECTIONS (200), BENCH_STORM_READERS (10), BENCH_WEBHOOK_EVENTS (3000),
# BENCH_JAVA_OPTS (-XX:+UseSerialGC -Xms32m -Xmx256m), BENCH_SCALE_CONNECTIONS (100000), BENCH_SCALE_AUDIT_ROWS
# (10000000), BENCH_SCALE_LONG (5m), APP_DIR (target/quarkus-app: the packaged service to measure).
# Results: bench/out/results.txt (key=value) and a summary on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/lib.sh

MODE=${1:-all}
N=${BENCH_CONNECTIONS:-1000}
DURATION=${BENCH_DURATION:-20s}
CONC=${BENCH_CONCURRENCY:-64}
STORM_M=${BENCH_STORM_CONNECTIONS:-200}
STORM_K=${BENCH_STORM_READERS:-10}
HOOK_EVENTS=${BENCH_WEBHOOK_EVENTS:-3000}
SCALE_N=${BENCH_SCALE_CONNECTIONS:-100000}
SCALE_AUDIT=${BENCH_SCALE_AUDIT_ROWS:-10000000}
SCALE_LONG=${BENCH_SCALE_LONG:-5m}
JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xms32m -Xmx256m}
DB=tokenvault_bench
OUT=bench/out
PIDS=()
mkdir -p "$OUT"
: > "$OUT/results.txt"

say() { printf '\n== %s\n' "$*"; }
result() { echo "$1=$2" | tee -a "$OUT/results.txt"; }
cleanup() { for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

use_jdk_21_or_later
ensure_postgres
if ! command -v wrk >/dev/null || ! command -v pgbench >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk postgresql-contrib >/dev/null
fi
if [ ! -f target/quarkus-app/quarkus-run.jar ] || [ -n "${BENCH_REBUILD:-}" ]; then
  say "building the application"
  ./mvnw -B -q package -DskipTests
fi

# --- database, keys, token endpoint ----------------------------------------------------------------------
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" postgres
mkdir -p "$OUT/keys"
[ -f "$OUT/keys/jwt.pem" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$OUT/keys/jwt.pem" 2>/dev/null
# kept in bench/out/keys, so a service started by hand against the bench database can open its rows
[ -f "$OUT/keys/encryption" ] || echo "bench1:$(openssl rand -base64 32)" > "$OUT/keys/encryption"
[ -f "$OUT/keys/admin" ] || echo "bench-admin-$(openssl rand -hex 8)" > "$OUT/keys/admin"
export TOKENVAULT_ENCRYPTION_KEYS="$(cat "$OUT/keys/encryption")"
export SMALLRYE_JWT_SIGN_KEY_LOCATION="$PWD/$OUT/keys/jwt.pem"
export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB"
export QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:5432/$DB"
export QUARKUS_DATASOURCE_USERNAME=postgres
export TOKENVAULT_ADMIN_USERNAME=admin
export TOKENVAULT_ADMIN_PASSWORD="$(cat "$OUT/keys/admin")"
export TOKENVAULT_REFRESH_SCHEDULER_ENABLED=false
export TOKENVAULT_ALLOW_INSECURE_URLS=true # the bench token endpoint is plain http on loopback
# one bearer JWT drives all the load: lift the per-principal token-read limit so it measures the path, not the limit
export TOKENVAULT_RATE_LIMIT_TOKEN_READS_PER_MINUTE=100000000 TOKENVAULT_RATE_LIMIT_TOKEN_READ_BURST=1000000
EP_PORT=18490
java bench/TokenEndpoint.java $EP_PORT > "$OUT/token-endpoint.log" 2>&1 &
PIDS+=($!)

start_service() { # name port -> sets SERVICE_PID and READY_MS (launch to ready); probes on port + 1000
  local name=$1 port=$2 t0
  t0=$(date +%s%N)
  QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$((port + 1000)) java $JAVA_OPTS -jar "${APP_DIR:-target/quarkus-app}/quarkus-run.jar" > "$OUT/service-$name.log" 2>&1 &
  SERVICE_PID=$!
  PIDS+=($SERVICE_PID)
  until curl -sf "http://127.0.0.1:$((port + 1000))/q/health/ready" >/dev/null 2>&1; do
    kill -0 $SERVICE_PID 2>/dev/null || { echo "service $name died: see $OUT/service-$name.log" >&2; exit 1; }
    sleep 0.02
  done
  READY_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}
rss_mb() { echo $(( $(ps -o rss= -p "$1") / 1024 )); }

start_service a 18080
PID_A=$SERVICE_PID
A=http://127.0.0.1:18080
TOKEN=$(curl -sf -X POST $A/v1/auth/login -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$TOKENVAULT_ADMIN_PASSWORD\"}" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
curl -sf -X POST $A/v1/providers -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "{
  \"name\":\"bench\",\"token_url\":\"http://127.0.0.1:$EP_PORT/token\",\"client_id\":\"bench\",\"client_secret\":\"bench-secret\"}" >/dev/null

seed() { # count expires refresh_prefix file [port]
  local count=$1 expires=$2 prefix=$3 file=$4 base=http://127.0.0.1:${5:-18080}
  : > "$file"
  # each job writes its id with one echo, so parallel appends never interleave
  seq 1 "$count" | xargs -P 8 -I{} sh -c "id=\$(curl -sf -X POST $base/v1/connections -H 'Authorization: Bearer $TOKEN' \
    -H 'Content-Type: application/json' -d '{\"provider\":\"bench\",\"external_account\":\"$prefix-{}\",
    \"access_token\":\"at-$prefix-{}\",\"refresh_token\":\"seed-$prefix-{}\",$expires}' \
    | sed -E 's/^\\{\"id\":\"([^\"]+)\".*/\\1/'); echo \"\$id\"" >> "$file"
  sed -i '/^$/d' "$file"
}

if [[ $MODE == all || $MODE == startup || $MODE == token || $MODE == scale ]]; then
  say "start-up and memory"
  sleep 3
  result jvm_start_to_ready_ms "$READY_MS"
  result rss_idle_mb "$(rss_mb $PID_A)"
fi

if [[ $MODE == all || $MODE == startup ]]; then
  # Launch to ready on the migrated database, median of three, for the plain jar and, on a JDK >= 24, for the aot-jar
  # without and with a JDK AOT cache (JEP 483/515) recorded by a training run of this bench: start, 5 s of token
  # reads and catalog reads, stop (the JVM writes the cache at exit). The cache only fits the JVM that wrote it.
  startup_median() { # label extra-java-opts...
    local label=$1; shift
    local times=() rss=()
    for i in 1 2 3; do
      JAVA_OPTS="$JAVA_OPTS $*" start_service "$label" 18082
      times+=("$READY_MS"); sleep 3; rss+=("$(rss_mb $SERVICE_PID)")
      kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
    done
    result "startup_${label}_ready_ms" "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)"
    result "startup_${label}_rss_idle_mb" "$(printf '%s\n' "${rss[@]}" | sort -n | sed -n 2p)"
  }
  say "start-up on the migrated database: plain jar"
  startup_median plain
  if [ "$(java_major "$(command -v java)")" -ge 24 ]; then
    # Quarkus's aot-jar packaging (a flat class path the JDK can archive, which the fast-jar's class loader is not)
    say "start-up on the migrated database: aot-jar with a JDK AOT cache from a training run"
    ./mvnw -B -q package -DskipTests -Dquarkus.package.jar.type=aot-jar -Dquarkus.package.output-directory=bench-aot-app
    MEASURED_APP_DIR=${APP_DIR:-}
    export APP_DIR=target/bench-aot-app
    startup_median aot_jar_no_cache
    rm -f "$OUT/app.aot"
    JAVA_OPTS="$JAVA_OPTS -XX:AOTCacheOutput=$OUT/app.aot" start_service training 18082
    TRAIN_PID=$SERVICE_PID
    seed 50 '"expires_in":86400' train "$OUT/train-ids.txt" 18082
    TV_TOKEN=$TOKEN TV_IDS=$OUT/train-ids.txt TV_CONNECTIONS=16 wrk -t2 -c16 -d5s -s bench/token-read.lua http://127.0.0.1:18082 >/dev/null
    TV_TOKEN=$TOKEN TV_PATH=/v1/catalog/github wrk -t1 -c4 -d2s -s bench/authed.lua http://127.0.0.1:18082 >/dev/null
    kill "$TRAIN_PID"; wait "$TRAIN_PID" 2>/dev/null || true
    result aot_cache_mb "$(( $(stat -c %s "$OUT/app.aot") / 1048576 ))"
    startup_median aot_jar_cache "-XX:AOTCache=$OUT/app.aot"
    APP_DIR=$MEASURED_APP_DIR
  fi
fi

if [[ $MODE == all || $MODE == token || $MODE == scale ]]; then
  say "token read: seeding $N connections"
  seed "$N" '"expires_in":86400' read "$OUT/read-ids.txt"
  result seeded_connections "$(wc -l < "$OUT/read-ids.txt")"

  say "ceiling 1: pgbench -S -M prepared ($CONC clients, ${DURATION})"
  pgbench -h 127.0.0.1 -U postgres -i -s 10 -q $DB >/dev/null 2>&1
  PG_TPS=$(pgbench -h 127.0.0.1 -U postgres -S -M prepared -c "$CONC" -j 2 -T "${DURATION%s}" $DB 2>/dev/null \
    | awk -F'= ' '/^tps/ {print $2}' | awk '{print $1}' | head -1)
  result pgbench_select_tps "$PG_TPS"

  say "ceiling 2 (H): HTTP, GET /q/health/live on the management port"
  M=http://127.0.0.1:19080
  wrk -t2 -c"$CONC" -d5s $M/q/health/live >/dev/null
  wrk -t2 -c"$CONC" -d"$DURATION" -s bench/ceiling.lua $M/q/health/live > "$OUT/wrk-ceiling.txt"
  HTTP_RPS=$(awk -F= '/wrk_requests_per_sec/ {print $2}' "$OUT/wrk-ceiling.txt")
  result http_ceiling_rps "$HTTP_RPS"
  C_RPS=$(awk -v h="$HTTP_RPS" -v p="$PG_TPS" 'BEGIN {printf "%.1f", 1 / (1 / h + 1 / p)}')
  result combined_ceiling_rps "$C_RPS"

  say "ceiling 3: authenticated, no database: GET /v1/catalog/github with the same bearer JWT"
  export TV_TOKEN=$TOKEN TV_PATH=/v1/catalog/github
  wrk -t2 -c"$CONC" -d5s -s bench/authed.lua $A >/dev/null
  wrk -t2 -c"$CONC" -d"$DURATION" -s bench/authed.lua $A > "$OUT/wrk-authed.txt"
  result authed_no_db_rps "$(awk -F= '/wrk_requests_per_sec/ {print $2}' "$OUT/wrk-authed.txt")"

  say "token read: GET /v1/connections/{id}/token (every hand-out audited)"
  export TV_TOKEN=$TOKEN TV_IDS=$OUT/read-ids.txt TV_CONNECTIONS=$CONC
  wrk -t2 -c"$CONC" -d5s -s bench/token-read.lua $A >/dev/null
  wrk -t2 -c"$CONC" -d"$DURATION" -s bench/token-read.lua $A > "$OUT/wrk-token.txt"
  TOKEN_RPS=$(awk -F= '/wrk_requests_per_sec/ {print $2}' "$OUT/wrk-token.txt")
  result token_read_rps "$TOKEN_RPS"
  result token_read_p50_ms "$(awk -F= '/wrk_p50_ms/ {print $2}' "$OUT/wrk-token.txt")"
  result token_read_p99_ms "$(awk -F= '/wrk_p99_ms/ {print $2}' "$OUT/wrk-token.txt")"
  result token_read_non_2xx "$(awk -F= '/wrk_non_2xx/ {print $2}' "$OUT/wrk-token.txt")"
  result ratio_token_read_to_pgbench_s "$(awk -v a="$TOKEN_RPS" -v b="$PG_TPS" 'BEGIN {printf "%.3f", a / b}')"
  result ratio_token_read_to_c "$(awk -v a="$TOKEN_RPS" -v b="$C_RPS" 'BEGIN {printf "%.3f", a / b}')"
  result rss_loaded_mb "$(rss_mb $PID_A)"

  say "token read by the application's own key: GET /v1/projects/~admin/tokens/bench?subject=..."
  seed "$N" '"expires_in":86400,"subject":"subject-{}"' lookup "$OUT/lookup-ids.txt"
  export TV_PROJECT='~admin' TV_PROVIDER=bench TV_SUBJECTS=$N
  wrk -t2 -c"$CONC" -d5s -s bench/token-lookup.lua $A >/dev/null
  wrk -t2 -c"$CONC" -d"$DURATION" -s bench/token-lookup.lua $A > "$OUT/wrk-lookup.txt"
  LOOKUP_RPS=$(awk -F= '/wrk_requests_per_sec/ {print $2}' "$OUT/wrk-lookup.txt")
  result token_lookup_rps "$LOOKUP_RPS"
  result token_lookup_p50_ms "$(awk -F= '/wrk_p50_ms/ {print $2}' "$OUT/wrk-lookup.txt")"
  result token_lookup_p99_ms "$(awk -F= '/wrk_p99_ms/ {print $2}' "$OUT/wrk-lookup.txt")"
  result token_lookup_non_2xx "$(awk -F= '/wrk_non_2xx/ {print $2}' "$OUT/wrk-lookup.txt")"
  result ratio_token_lookup_to_read_by_id "$(awk -v a="$LOOKUP_RPS" -v b="$TOKEN_RPS" 'BEGIN {printf "%.3f", a / b}')"
  result ratio_token_lookup_to_c "$(awk -v a="$LOOKUP_RPS" -v b="$C_RPS" 'BEGIN {printf "%.3f", a / b}')"

  say "token read at half that rate: latency"
  HALF=$(awk -v a="$TOKEN_RPS" 'BEGIN {printf "%d", a / 2}')
  TV_RATE=$HALF wrk -t2 -c"$CONC" -d"$DURATION" -s bench/token-read.lua $A > "$OUT/wrk-token-half.txt"
  result token_read_half_rate_target_rps "$HALF"
  result token_read_half_rate_rps "$(awk -F= '/wrk_requests_per_sec/ {print $2}' "$OUT/wrk-token-half.txt")"
  result token_read_half_rate_p99_ms "$(awk -F= '/wrk_p99_ms/ {print $2}' "$OUT/wrk-token-half.txt")"
  AUDITED=$(psql -h 127.0.0.1 -U postgres -Atc "SELECT count(*) FROM audit_events WHERE action = 'token.read' AND outcome = 'success'" $DB)
  result audited_token_reads "$AUDITED"
fi

if [[ $MODE == scale ]]; then
  # The same read over SCALE_CONNECTIONS connections (made through the API, so every one opens) with
  # SCALE_AUDIT_ROWS rows of audit history (written by SQL, spread over those connections), compared with the
  # 1000-connection figure above from the same run; then one connection's last 50 events; then RSS after a long run.
  say "at scale: $SCALE_N connections through the API"
  export TV_SEED_COUNT=$((SCALE_N - N)) TV_SEED_OUT=$OUT/scale-ids
  rm -f "$OUT"/scale-ids.*
  # wrk runs for its whole duration even when its threads have stopped: stop it once every id is in
  wrk -t2 -c16 -d30m -s bench/seed.lua $A > "$OUT/wrk-seed.txt" &
  SEED_PID=$!
  until [ "$(cat "$OUT"/scale-ids.* 2>/dev/null | wc -l)" -ge "$TV_SEED_COUNT" ]; do
    kill -0 $SEED_PID 2>/dev/null || break
    sleep 1
  done
  kill $SEED_PID 2>/dev/null || true
  wait $SEED_PID 2>/dev/null || true
  cat "$OUT"/scale-ids.* "$OUT/read-ids.txt" > "$OUT/scale-ids.txt"
  result scale_connections "$(psql -h 127.0.0.1 -U postgres -Atc "SELECT count(*) FROM connections" $DB)"
  say "at scale: audit history up to $SCALE_AUDIT rows"
  psql -h 127.0.0.1 -U postgres -qc "
    INSERT INTO audit_events (id, at, actor_kind, actor_subject, action, connection_id, project_id, provider,
                              outcome, status_code, app_name, ip, user_agent, latency_ms, token_fingerprint)
    SELECT gen_random_uuid(), now() - interval '1 day' - n * interval '300 ms', 'user', 'history', 'token.read',
           c.id, c.project_id, 'bench', 'success', 200, 'bench-history', '127.0.0.1', 'wrk', 1, md5(n::text)
      FROM generate_series(1, greatest(0, $SCALE_AUDIT - (SELECT count(*) FROM audit_events))) n
      JOIN (SELECT id, project_id, row_number() OVER (ORDER BY id) - 1 AS k FROM connections) c
        ON c.k = n % $SCALE_N" -c "VACUUM ANALYZE audit_events" $DB
  result scale_audit_rows "$(psql -h 127.0.0.1 -U postgres -Atc "SELECT count(*) FROM audit_events" $DB)"

  say "at scale: token read by id over every connection"
  export TV_IDS=$OUT/scale-ids.txt
  wrk -t2 -c"$CONC" -d5s -s bench/token-read.lua $A >/dev/null
  wrk -t2 -c"$CONC" -d"$DURATION" -s bench/token-read.lua $A > "$OUT/wrk-scale-token.txt"
  SCALE_RPS=$(awk -F= '/wrk_requests_per_sec/ {print $2}' "$OUT/wrk-scale-token.txt")
  result scale_token_read_rps "$SCALE_RPS"
  result scale_token_read_p99_ms "$(awk -F= '/wrk_p99_ms/ {print $2}' "$OUT/wrk-scale-token.txt")"
  result scale_token_read_non_2xx "$(awk -F= '/wrk_non_2xx/ {print $2}' "$OUT/wrk-scale-token.txt")"
  result ratio_scale_token_read_to_small "$(awk -v a="$SCALE_RPS" -v b="$TOKEN_RPS" 'BEGIN {printf "%.3f", a / b}')"

  say "at scale: GET /v1/audit?connection_id=...&page_size=50, one request at a time and under load"
  wrk -t1 -c1 -d10s -s bench/audit-query.lua $A > "$OUT/wrk-audit-1.txt"
  result audit_last50_p50_ms "$(awk -F= '/wrk_p50_ms/ {print $2}' "$OUT/wrk-audit-1.txt")"
  result audit_last50_p99_ms "$(awk -F= '/wrk_p99_ms/ {print $2}' "$OUT/wrk-audit-1.txt")"
  result audit_last50_non_2xx "$(awk -F= '/wrk_non_2xx/ {print $2}' "$OUT/wrk-audit-1.txt")"
  wrk -t2 -c16 -d10s -s bench/audit-query.lua $A > "$OUT/wrk-audit-16.txt"
  result audit_last50_c16_rps "$(awk -F= '/wrk_requests_per_sec/ {print $2}' "$OUT/wrk-audit-16.txt")"
  result audit_last50_c16_p99_ms "$(awk -F= '/wrk_p99_ms/ {print $2}' "$OUT/wrk-audit-16.txt")"

  say "at scale: token read for $SCALE_LONG, then RSS"
  wrk -t2 -c"$CONC" -d"$SCALE_LONG" -s bench/token-read.lua $A > "$OUT/wrk-scale-long.txt"
  result scale_long_token_read_rps "$(awk -F= '/wrk_requests_per_sec/ {print $2}' "$OUT/wrk-scale-long.txt")"
  result scale_long_non_2xx "$(awk -F= '/wrk_non_2xx/ {print $2}' "$OUT/wrk-scale-long.txt")"
  result rss_after_long_run_mb "$(rss_mb $PID_A)"
fi

storm() { # label urls...
  local label=$1; shift
  local before after
  seed "$STORM_M" "\"expires_at\":\"2000-01-01T00:00:00Z\"" "storm-$label" "$OUT/storm-$label-ids.txt"
  before=$(curl -sf http://127.0.0.1:$EP_PORT/stats | sed -E 's/.*"refreshes":([0-9]+).*/\1/')
  java -cp "$BENCH_CP" dev.tokenvault.bench.StormDriver "$TOKEN" "$STORM_K" "$OUT/storm-$label-ids.txt" "$@" \
    2>/dev/null | tee "$OUT/storm-$label.txt"
  after=$(curl -sf http://127.0.0.1:$EP_PORT/stats | sed -E 's/.*"refreshes":([0-9]+).*/\1/')
  local seconds
  seconds=$(awk -F= '/storm_seconds/ {print $2}' "$OUT/storm-$label.txt")
  result "storm_${label}_connections" "$STORM_M"
  result "storm_${label}_readers_each" "$STORM_K"
  result "storm_${label}_upstream_calls" "$((after - before))"
  result "storm_${label}_failed_reads" "$(awk -F= '/storm_failed/ {print $2}' "$OUT/storm-$label.txt")"
  result "storm_${label}_seconds" "$seconds"
  result "storm_${label}_refreshes_per_sec" "$(awk -v m="$STORM_M" -v s="$seconds" 'BEGIN {printf "%.1f", m / s}')"
}

if [[ $MODE == all || $MODE == storm ]]; then
  # the load comes from an event-loop client on the test classpath (src/test/java/dev/tokenvault/bench)
  ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
  BENCH_CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
  say "refresh storm, one replica: $STORM_M expired connections x $STORM_K readers"
  storm one $A
  say "refresh storm, two replicas"
  start_service b 18081
  result jvm_start_to_ready_ms_migrated_db "$READY_MS"
  sleep 3
  result rss_idle_mb_migrated_db "$(rss_mb $SERVICE_PID)"
  storm two $A http://127.0.0.1:18081
  result refusals_by_token_endpoint "$(curl -sf http://127.0.0.1:$EP_PORT/stats | sed -E 's/.*"refusals":([0-9]+).*/\1/')"
fi

if [[ $MODE == all || $MODE == webhooks ]]; then
  say "webhooks: $HOOK_EVENTS events delivered from one replica to a local receiver"
  HOOK_PORT=18491
  java bench/WebhookReceiver.java $HOOK_PORT > "$OUT/webhook-receiver.log" 2>&1 &
  PIDS+=($!)
  until curl -sf http://127.0.0.1:$HOOK_PORT/count >/dev/null 2>&1; do sleep 0.2; done
  wrk -t2 -c32 -d5s -s bench/post.lua http://127.0.0.1:$HOOK_PORT/hook >/dev/null
  wrk -t2 -c32 -d10s -s bench/post.lua http://127.0.0.1:$HOOK_PORT/hook > "$OUT/wrk-receiver.txt"
  RECEIVER_RPS=$(awk -F= '/wrk_requests_per_sec/ {print $2}' "$OUT/wrk-receiver.txt")
  result webhook_receiver_ceiling_rps "$RECEIVER_RPS"
  curl -sf -X POST $A/v1/projects -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"name":"bench-hooks"}' >/dev/null
  curl -sf -X POST $A/v1/projects/bench-hooks/webhooks -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' \
    -d "{\"url\":\"http://127.0.0.1:$HOOK_PORT/hook\",\"events\":[\"*\"]}" >/dev/null
  BEFORE=$(curl -sf http://127.0.0.1:$HOOK_PORT/count)
  # the events are written straight into the outbox, as the changes that cause them write them
  T0=$(date +%s%N)
  psql -h 127.0.0.1 -U postgres -qc "INSERT INTO outbox_events (id, project_id, type, payload, created_at)
    SELECT gen_random_uuid(), p.id, 'connection.created', jsonb_build_object('connection_id', gen_random_uuid(),
      'project', p.id, 'provider', 'bench', 'subject', 'subject-' || n, 'status', 'VALID'), now()
    FROM projects p, generate_series(1, $HOOK_EVENTS) n WHERE p.name = 'bench-hooks'" $DB
  until [ "$(( $(curl -sf http://127.0.0.1:$HOOK_PORT/count) - BEFORE ))" -ge "$HOOK_EVENTS" ]; do sleep 0.05; done
  MS=$(( ($(date +%s%N) - T0) / 1000000 ))
  HOOK_RATE=$(awk -v n="$HOOK_EVENTS" -v ms="$MS" 'BEGIN {printf "%.1f", n * 1000 / ms}')
  result webhook_events "$HOOK_EVENTS"
  result webhook_delivery_ms "$MS"
  result webhook_deliveries_per_sec "$HOOK_RATE"
  result ratio_webhook_deliveries_to_receiver_ceiling "$(awk -v a="$HOOK_RATE" -v b="$RECEIVER_RPS" 'BEGIN {printf "%.3f", a / b}')"
fi

if [[ $MODE == all || $MODE == jmh ]]; then
  say "JMH microbenchmarks"
  bench/jmh.sh | tee "$OUT/jmh.txt"
fi

say "results (bench/out/results.txt)"
cat "$OUT/results.txt"
