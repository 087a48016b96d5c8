#!/usr/bin/env bash
# Load benchmark of residents' submissions (issue 6, "Load and privacy").
#
# For each backend (SQLite, then PostgreSQL) it starts a release
# `civitas serve --demo` on a fresh database, on loopback only, and runs the
# load client (benches/participation/load.rs): RESIDENTS residents at once,
# each from its own loopback address on one keep-alive connection. The first
# VOTERS of them answer the demo consultation through its public web form
# as a browser does (load the page, keep the CSRF cookie and the form's
# token, post a ranking, every second one with the optional demographics);
# then every resident sends EACH service requests one after another through
# Open311 (POST /open311/v2/requests.json, with contact details). The run is
# bounded: VOTERS answers (each after one page load) and RESIDENTS × EACH
# reports, each request with a 30 s limit. The consultation accepts at most
# 6,000 answers per 10 minutes (a product limit, not changed here), so
# VOTERS must stay under it.
#
# It reports requests/s, p50/p99/max latency (all requests, and the
# answers alone), answers other than the expected ones, failed exchanges,
# and lost submissions: the acknowledged report ids (201 with a
# service_request_id) and answer receipt codes (303 to /ballots/{code})
# compared with the rows in the database after the run (lost = acknowledged
# but not stored; unacknowledged = stored but never acknowledged). Raw
# output stays in $RESULTS_DIR.
#
# Knobs (environment): BACKENDS="sqlite postgres", RESIDENTS=1000, EACH=5,
# VOTERS=$RESIDENTS, THINK_MS="0 5000" (one run per value: 0 sends back to
# back, the saturation point; T has each resident pause 0–T ms before each
# step),
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
VOTERS=${VOTERS:-$RESIDENTS}
THINK_MS=${THINK_MS:-"0 5000"}
PG_URL_BASE=${PG_URL_BASE:-postgres://postgres@127.0.0.1:5432}
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
WORK=$(mktemp -d /tmp/civitas-participation-bench.XXXXXX)
RESULTS_DIR=${RESULTS_DIR:-$WORK/results}
mkdir -p "$RESULTS_DIR"

if (( VOTERS > 6000 )); then
    echo "error: VOTERS=$VOTERS is above the consultation's ceiling of 6,000 answers per 10 minutes" >&2
    exit 2
fi
for tool in curl sqlite3 psql createdb dropdb sha256sum; do
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

sql() {
    case $BACKEND in
        sqlite) timeout 60 sqlite3 "$WORK/db/civitas.db" "$1" ;;
        postgres) timeout 60 psql -h 127.0.0.1 -U postgres -d "$PG_DB" -Atc "$1" ;;
    esac
}
# The ids of the load test's rows in the database, sorted.
stored_ids() {
    sql "select id from service_requests where description like 'Load test resident %' order by id"
}
stored_contacts() {
    sql "select count(*) from service_request_contacts c join service_requests r on r.id = c.request_id where r.description like 'Load test resident %'"
}
# The load test's answers are the web ballots after the demo's (BALLOTS_BEFORE).
stored_ballot_hashes() {
    sql "select receipt_hash from consultation_ballots where id > $BALLOTS_BEFORE and channel = 'web' order by receipt_hash"
}
stored_ballot_details() { # answers with at least one choice, answers with demographics
    sql "select count(distinct c.ballot_id) from consultation_choices c where c.ballot_id > $BALLOTS_BEFORE"
    sql "select count(*) from consultation_ballots b join consultation_demographics d on d.demographics_key = b.demographics_key where b.id > $BALLOTS_BEFORE"
}
# Receipt codes are stored as the SHA-256 of the code (hex).
hashed() {
    while read -r code; do printf '%s' "$code" | sha256sum | cut -d' ' -f1; done
}
ms() { awk -v u="$1" 'BEGIN{printf "%.1f", u/1000}'; }

echo "Civitas participation load benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "$RESIDENTS residents at once: $VOTERS answer the demo consultation (page load + form post), then each sends $EACH Open311 reports; raw output: $RESULTS_DIR"
echo
echo "| backend | residents | pause before each step (ms) | requests | req/s | p50 ms | p99 ms | max ms | other answers | failed | page p99 ms | answers acknowledged / sent | answer p50 ms | answer p99 ms | answers stored | with demographics | answers lost | reports acknowledged / sent | report p99 ms | reports stored | contact rows | reports lost | stored, not acknowledged (answers/reports) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
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
    BALLOTS_BEFORE=$(sql "select coalesce(max(id), 0) from consultation_ballots")
    raw=$RESULTS_DIR/$BACKEND-think$THINK-load.txt
    {
        echo "# $BACKEND: $LOAD_BIN --address $ADDRESS --residents $RESIDENTS --each $EACH --voters $VOTERS --think-ms $THINK"
        echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
        timeout 600 "$LOAD_BIN" --address "$ADDRESS" --residents "$RESIDENTS" --each "$EACH" \
            --voters "$VOTERS" --think-ms "$THINK" --acked "$RESULTS_DIR/$BACKEND-acked.txt" \
            --acked-ballots "$RESULTS_DIR/$BACKEND-acked-ballots.txt"
        echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
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
    hashed <"$RESULTS_DIR/$BACKEND-acked-ballots.txt" | sort >"$WORK/acked-ballots.sorted"
    stored_ballot_hashes | sort >"$RESULTS_DIR/$BACKEND-stored-ballots.txt"
    ballots_lost=$(comm -23 "$WORK/acked-ballots.sorted" "$RESULTS_DIR/$BACKEND-stored-ballots.txt" | wc -l)
    ballots_unacked=$(comm -13 "$WORK/acked-ballots.sorted" "$RESULTS_DIR/$BACKEND-stored-ballots.txt" | wc -l)
    ballots_stored=$(wc -l <"$RESULTS_DIR/$BACKEND-stored-ballots.txt")
    { read -r with_choices; read -r with_demographics; } < <(stored_ballot_details)
    if (( with_choices != ballots_stored )); then
        echo "warning: $ballots_stored answers stored, $with_choices with their choices" >&2
    fi
    echo "| $LABEL | $local_residents | 0–$local_think_ms | $local_sent | $local_rps | $(ms "$local_p50_us") | $(ms "$local_p99_us") | $(ms "$local_max_us") | $local_other_status | $local_failed | $(ms "$local_page_p99_us") | $local_ballot_acked / $local_ballot_sent | $(ms "$local_ballot_p50_us") | $(ms "$local_ballot_p99_us") | $ballots_stored | $with_demographics | $ballots_lost | $local_report_acked / $local_report_sent | $(ms "$local_report_p99_us") | $stored | $contacts | $lost | $ballots_unacked / $unacked |"
    cp "$WORK/server.err" "$RESULTS_DIR/$BACKEND-server.err"
    cleanup
done
done
