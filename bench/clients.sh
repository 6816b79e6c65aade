#!/usr/bin/env bash
# Client figures (docs/performance.md, "Clients"):
#   - the CLI's start time: `--help` (no network), and `token` against a running service, through the launcher
#     script (class-data sharing archive) and as plain `java -jar`, next to curl doing the same request (the floor);
#   - the Java library's cached hit (JMH, clients/java/src/test/java/dev/tokenvault/client/bench).
#
#   bench/clients.sh [all|cli|jmh]
#
# Needs the server jar (./mvnw package) and the clients (./mvnw -f clients/pom.xml package); builds what is missing.
# Uses hyperfine (installed when missing, Debian) with BENCH_RUNS runs (default 20) after 3 warm-ups; quote medians.
# BENCH_OTHER_JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 adds the launcher's token run on that JDK.
# Starts the packaged service on its own database tokenvault_bench_clients (made afresh, dropped at the end).
# Results: bench/out/clients.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/lib.sh

MODE=${1:-all}
RUNS=${BENCH_RUNS:-20}
DB=tokenvault_bench_clients
OUT=bench/out
PORT=18180
mkdir -p "$OUT"
SERVICE_PID=
cleanup() {
  if [ -n "$SERVICE_PID" ]; then
    kill "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" postgres >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
say() { printf '\n== %s\n' "$*"; }

use_jdk_21_or_later
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
[ -f clients/cli/target/tokenvault-cli.jar ] || ./mvnw -B -q -f clients/pom.xml package -DskipTests
command -v hyperfine >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null; }

if [[ $MODE == all || $MODE == cli ]]; then
  ensure_postgres
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" postgres
  mkdir -p "$OUT/keys"
  [ -f "$OUT/keys/jwt.pem" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$OUT/keys/jwt.pem" 2>/dev/null
  ADMIN_PASSWORD="bench-admin-$(openssl rand -hex 8)"
  TOKENVAULT_ENCRYPTION_KEYS="bench1:$(openssl rand -base64 32)" SMALLRYE_JWT_SIGN_KEY_LOCATION="$PWD/$OUT/keys/jwt.pem" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB" QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:5432/$DB" \
  QUARKUS_DATASOURCE_USERNAME=postgres TOKENVAULT_ADMIN_USERNAME=admin TOKENVAULT_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
  TOKENVAULT_REFRESH_SCHEDULER_ENABLED=false TOKENVAULT_ALLOW_INSECURE_URLS=true \
  QUARKUS_HTTP_PORT=$PORT QUARKUS_MANAGEMENT_PORT=$((PORT + 1000)) \
    java -XX:+UseSerialGC -Xmx256m -jar target/quarkus-app/quarkus-run.jar > "$OUT/clients-service.log" 2>&1 &
  SERVICE_PID=$!
  until curl -sf "http://127.0.0.1:$((PORT + 1000))/q/health/ready" >/dev/null 2>&1; do
    kill -0 $SERVICE_PID 2>/dev/null || { echo "the service died: see $OUT/clients-service.log" >&2; exit 1; }
    sleep 0.1
  done
  URL=http://127.0.0.1:$PORT
  json() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\\1/"; }
  ADMIN=$(curl -sf -X POST $URL/v1/auth/login -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" | json access_token)
  auth=(-H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json')
  curl -sf -X POST $URL/v1/providers "${auth[@]}" -d '{"name":"bench","token_url":"http://127.0.0.1:9/token",
    "client_id":"bench","client_secret":"bench-secret"}' >/dev/null
  curl -sf -X POST $URL/v1/projects "${auth[@]}" -d '{"name":"bench-clients"}' >/dev/null
  curl -sf -X POST $URL/v1/connections "${auth[@]}" -d '{"project":"bench-clients","provider":"bench",
    "subject":"company-1","access_token":"bench-access-token","expires_in":86400}' >/dev/null
  KEY=$(curl -sf -X POST $URL/v1/projects/bench-clients/api-keys "${auth[@]}" \
    -d '{"name":"bench","permissions":["tokens:read"]}' | json key)
  export TOKENVAULT_URL=$URL TOKENVAULT_API_KEY=$KEY TOKENVAULT_PROJECT=bench-clients
  export XDG_CACHE_HOME="$PWD/$OUT/clients-cache"   # the launcher's class-data archive, made by the warm-up
  rm -rf "$XDG_CACHE_HOME"
  JAR=clients/cli/target/tokenvault-cli.jar

  extra=()
  if [ -n "${BENCH_OTHER_JAVA_HOME:-}" ]; then   # the launcher on another JDK too, e.g. 17 (no HttpClient.shutdownNow)
    extra=(-n "launcher token, other JDK" "env JAVA_HOME=$BENCH_OTHER_JAVA_HOME clients/cli/tokenvault token bench/company-1")
  fi
  say "CLI start: --help, and token against the running service ($RUNS runs, medians)"
  hyperfine -N -w 3 -r "$RUNS" --export-json "$OUT/clients-cli.json" "${extra[@]}" \
    -n 'launcher --help' 'clients/cli/tokenvault --help' \
    -n 'java -jar --help' "java -jar $JAR --help" \
    -n 'launcher token' 'clients/cli/tokenvault token bench/company-1' \
    -n 'java -jar token' "java -jar $JAR token bench/company-1" \
    -n 'curl (floor)' "curl -sf -o /dev/null -H 'Authorization: Bearer $KEY' $URL/v1/projects/bench-clients/tokens/bench?subject=company-1" \
    | sed "s/$KEY/<key>/g"
  python3 - "$OUT/clients-cli.json" <<'PY' | tee "$OUT/clients.txt"
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    name = "".join(c if c.isalnum() else "_" for c in r["command"]).strip("_")
    print(f'cli_{name}_median_ms={r["median"] * 1000:.0f} min={min(r["times"]) * 1000:.0f} max={max(r["times"]) * 1000:.0f} '
          f'cpu_ms={(r["user"] + r["system"]) * 1000:.0f}')
PY
fi

if [[ $MODE == all || $MODE == jmh ]]; then
  say "JMH: the library's cached hit"
  ./mvnw -B -q -f clients/pom.xml -pl java test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt
  java -cp "clients/java/target/test-classes:clients/java/target/classes:$(cat clients/java/target/bench-classpath.txt)" \
    org.openjdk.jmh.Main -f 1 -wi 3 -w 1s -i 5 -r 1s dev.tokenvault.client.bench | tee "$OUT/clients-jmh.txt"
fi
