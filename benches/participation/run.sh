#!/usr/bin/env bash
# Load benchmark of residents' submissions (issue 6, "Load and privacy").
#
# For each backend (SQLite, then PostgreSQL) it starts a release
# `civitas serve --demo` on a fresh database, on loopback only, and runs the
# load client (benches/participation/load.rs): RESIDENTS residents at once,
# each from its own loopback address on one keep-alive connection, each
# sending EACH service requests one after another through Open311
# (POST /open311/v2/requests.json, with contact details). The run is
# bounded: RESIDENTS × EACH submissions, each with a 30 s limit.
#
# It reports requests/s, p50/p99/max latency, answers other than 201,
# failed exchanges, and lost submissions: the acknowledged ids (201 with a
# service_request_id) compared with the rows in the database after the run
# (lost = acknowledged but not stored; unacknowledged = stored but never
# acknowledged). Raw output stays in $RESULTS_DIR.
#
# Knobs (environment): BACKENDS="sqlite postgres", RESIDENTS=1000, EACH=5,
# THINK_MS="0 5000" (one run per value: 0 sends back to back, the
# saturation point; T has each resident pause 0–T ms before each submission),
# PG_URL_BASE=postgres://postgres@127.0.0.1:5432, CARGO_TARGET_DIR (default:
# the workspace's target/), RESULTS_DIR.
#
# The server, the load client and PostgreSQL share the same machine (here
# 2 cores), so the numbers are a lower bound of what the server alone would do.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BACKENDS=${BACKENDS:-"sqlite postgres"}
RESIDENTS=${RESIDENTS:-1000}
EACH=${EACH:-5}
THINK_MS=${THINK_MS:-"0 5000"}
PG_URL_BASE=${PG_URL_BASE:-postgres://postgres@127.0.0.1:5432}
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
WORK=$(mktemp -d /tmp/civitas-participation-bench.XXXXXX)
RESULTS_DIR=${RESULTS_DIR:-$WORK/results}
mkdir -p "$RESULTS_DIR"

for tool in curl sqlite3 psql createdb dropdb; do
    command -v "$tool" >/dev/null || { echo "error: $tool is missing" >&2; exit 2; }
done
# Each resident holds a connection: the server and the client need the descriptors.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if (( $(ulimit -n) < RESIDENTS * 2 + 100 )); then
    echo "error: open-file limit $(ulimit -n) is too low for $RESIDENTS residents" >&2
    exit 2
fi

echo "Building the release binary and the load client into $TARGET_DIR..." >&2
(cd "$ROOT" && CARGO_TARGET_DIR=$TARGET_DIR cargo build --release -p civitas-cli --bin civitas --example participation_load) >&2
CIVITAS_BIN=$TARGET_DIR/release/civitas
LOAD_BIN=$TARGET_DIR/release/examples/participation_load

SERVER_PID=""
PG_DB=""
cleanup() {
    stop_server
    if [[ -n $PG_DB ]]; then
        timeout 30 dropdb --if-exists -h 127.0.0.1 -U postgres "$PG_DB" || true
        PG_DB=""
    fi
    rm -rf "$WORK/db"
}
stop_server() {
    if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        for _ in $(seq 1 50); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_server() { # $1 = database URL
    local out=$WORK/server.out err=$WORK/server.err
    : >"$out"
    CIVITAS_LOG=warn "$CIVITAS_BIN" serve --database-url "$1" --bind 127.0.0.1:0 --demo >"$out" 2>"$err" &
    SERVER_PID=$!
    ADDRESS=""
    for _ in $(seq 1 300); do
        ADDRESS=$(sed -n 's/^Civitas is running at http:\/\/\(127\.0\.0\.1:[0-9]*\).*/\1/p' "$out")
        [[ -n $ADDRESS ]] && break
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "error: the server stopped:" >&2; cat "$err" >&2; exit 1; }
        sleep 0.1
    done
    [[ -n $ADDRESS ]] || { echo "error: the server did not start within 30 s" >&2; exit 1; }
    curl -fsS --max-time 5 "http://$ADDRESS/healthz" >/dev/null
}

# The ids of the load test's rows in the database, sorted.
stored_ids() {
    local sql="select id from service_requests where description like 'Load test resident %' order by id"
    case $BACKEND in
        sqlite) timeout 60 sqlite3 "$WORK/db/civitas.db" "$sql" ;;
        postgres) timeout 60 psql -h 127.0.0.1 -U postgres -d "$PG_DB" -Atc "$sql" ;;
    esac
}
stored_contacts() {
    local sql="select count(*) from service_request_contacts c join service_requests r on r.id = c.request_id where r.description like 'Load test resident %'"
    case $BACKEND in
        sqlite) timeout 60 sqlite3 "$WORK/db/civitas.db" "$sql" ;;
        postgres) timeout 60 psql -h 127.0.0.1 -U postgres -d "$PG_DB" -Atc "$sql" ;;
    esac
}
ms() { awk -v u="$1" 'BEGIN{printf "%.1f", u/1000}'; }

echo "Civitas participation load benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "$RESIDENTS residents at once, $EACH Open311 submissions each; raw output: $RESULTS_DIR"
echo
echo "| backend | residents | pause before each (ms) | submissions | acknowledged (201) | other answers | failed | req/s | p50 ms | p99 ms | max ms | rows stored | contact rows | lost | stored, not acknowledged |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for BACKEND in $BACKENDS; do
for THINK in $THINK_MS; do
    case $BACKEND in
        sqlite)
            mkdir -p "$WORK/db"
            URL="sqlite://$WORK/db/civitas.db"
            LABEL=SQLite
            ;;
        postgres)
            PG_DB="civitas_pbench_$$"
            timeout 30 createdb -h 127.0.0.1 -U postgres "$PG_DB"
            URL="$PG_URL_BASE/$PG_DB"
            LABEL="PostgreSQL $(psql -h 127.0.0.1 -U postgres -d "$PG_DB" -Atc 'show server_version' | cut -d' ' -f1)"
            ;;
        *) echo "error: unknown backend $BACKEND (sqlite or postgres)" >&2; exit 2 ;;
    esac
    start_server "$URL"
    raw=$RESULTS_DIR/$BACKEND-think$THINK-load.txt
    {
        echo "# $BACKEND: $LOAD_BIN --address $ADDRESS --residents $RESIDENTS --each $EACH --think-ms $THINK"
        echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
        timeout 600 "$LOAD_BIN" --address "$ADDRESS" --residents "$RESIDENTS" --each "$EACH" \
            --think-ms "$THINK" --acked "$RESULTS_DIR/$BACKEND-acked.txt"
    } >"$raw"
    stop_server
    line=$(grep '^RESULT ' "$raw")
    eval "$(sed 's/^RESULT //; s/\([a-z0-9_]*\)=\([^ ]*\)/local_\1=\2;/g' <<<"$line")"
    stored_ids >"$RESULTS_DIR/$BACKEND-stored.txt"
    sort -n "$RESULTS_DIR/$BACKEND-acked.txt" >"$WORK/acked.sorted"
    lost=$(comm -23 <(sort "$WORK/acked.sorted") <(sort "$RESULTS_DIR/$BACKEND-stored.txt") | wc -l)
    unacked=$(comm -13 <(sort "$WORK/acked.sorted") <(sort "$RESULTS_DIR/$BACKEND-stored.txt") | wc -l)
    stored=$(wc -l <"$RESULTS_DIR/$BACKEND-stored.txt")
    contacts=$(stored_contacts)
    echo "| $LABEL | $local_residents | 0–$local_think_ms | $local_sent | $local_acked | $local_other_status | $local_failed | $local_rps | $(ms "$local_p50_us") | $(ms "$local_p99_us") | $(ms "$local_max_us") | $stored | $contacts | $lost | $unacked |"
    cp "$WORK/server.err" "$RESULTS_DIR/$BACKEND-server.err"
    cleanup
done
done
