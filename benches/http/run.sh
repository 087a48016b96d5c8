#!/usr/bin/env bash
# Load benchmark of a running `civitas serve` (issue 2, section Benchmark).
#
# For each backend (SQLite, then PostgreSQL) it starts a release server on a
# fresh database with the demo city, on loopback only, signs in once to make
# an API token, then drives each case with wrk for a fixed duration:
#
#   static-before  GET /static/civitas.css   ceiling, measured first ...
#   login          GET /login                anonymous, new CSRF cookie each time
#   public-page    GET /cities/demo-city     anonymous
#   api-anon       GET /api/v1/cities        anonymous
#   api-token      GET /api/v1/cities        Authorization: Bearer <token>
#   static-after   GET /static/civitas.css   ... and last, to see drift
#
# The ceiling is the mean of the two static runs. It prints one Markdown
# table per backend (requests/s, p50, p99, errors, CPU time per request of
# the server and of its PostgreSQL backends, read from /proc, and the
# ratio to the ceiling),
# keeps wrk's raw output in $RESULTS_DIR, stops the server and drops the
# PostgreSQL database it created. Every step has a time limit.
#
# Knobs (environment): BACKENDS="sqlite postgres", THREADS=1,
# CONNECTIONS=32, DURATION=15s, WARMUP=3s, PG_URL_BASE=
# postgres://postgres@127.0.0.1:5432, CIVITAS_BIN (default: the release
# binary in /work/target-bench, built if missing), RESULTS_DIR.
#
# The server and wrk share the same machine (here 2 cores), so the numbers
# are a lower bound of what the server alone would do.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BACKENDS=${BACKENDS:-"sqlite postgres"}
THREADS=${THREADS:-1}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-3s}
PG_URL_BASE=${PG_URL_BASE:-postgres://postgres@127.0.0.1:5432}
TARGET_DIR=${CARGO_TARGET_DIR:-/work/target-bench}
CIVITAS_BIN=${CIVITAS_BIN:-$TARGET_DIR/release/civitas}
WORK=$(mktemp -d /tmp/civitas-http-bench.XXXXXX)
RESULTS_DIR=${RESULTS_DIR:-$WORK/results}
mkdir -p "$RESULTS_DIR"

for tool in wrk curl; do
    command -v "$tool" >/dev/null || { echo "error: $tool is missing (Debian: apt-get install -y $tool)" >&2; exit 2; }
done

if [[ ! -x $CIVITAS_BIN ]]; then
    echo "Building the release binary into $TARGET_DIR (several minutes)..." >&2
    (cd "$ROOT" && CARGO_TARGET_DIR=$TARGET_DIR cargo build --release -p civitas-cli) >&2
fi

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

# wrk calls done() once at the end; printing the figures from Lua avoids
# parsing wrk's human units. latency is in microseconds.
cat >"$WORK/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d mean_us=%.0f connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
LUA

start_server() { # $1 = database URL
    local out=$WORK/server.out err=$WORK/server.err
    : >"$out"
    CIVITAS_LOG=warn "$CIVITAS_BIN" serve --database-url "$1" --bind 127.0.0.1:0 --demo >"$out" 2>"$err" &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        BASE=$(sed -n 's/^Civitas is running at \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$out")
        [[ -n $BASE ]] && break
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "error: the server stopped:" >&2; cat "$err" >&2; exit 1; }
        sleep 0.1
    done
    [[ -n $BASE ]] || { echo "error: the server did not start within 30 s" >&2; exit 1; }
    curl -fsS --max-time 5 "$BASE/healthz" >/dev/null
}

# Signs in as the first demo account and creates an API token; prints the
# secret, or nothing when a step fails (the authenticated case is then skipped).
make_token() {
    local line email password headers csrf session page
    line=$(grep -m1 'password: ' "$WORK/server.out") || { echo "token: no demo login printed" >&2; return 0; }
    email=$(grep -o '[^ ]*@[^ ]*' <<<"$line" | head -1)
    password=${line##*password: }
    headers=$(curl -sS --max-time 5 -o /dev/null -D - "$BASE/login")
    csrf=$(sed -n 's/^[Ss]et-[Cc]ookie: \([^=]*civitas_csrf\)=\([0-9a-f]*\);.*/\1=\2/p' <<<"$headers")
    [[ -n $csrf ]] || { echo "token: GET /login set no CSRF cookie" >&2; return 0; }
    headers=$(curl -sS --max-time 10 -o /dev/null -D - -H "Cookie: $csrf" \
        --data-urlencode "csrf=${csrf#*=}" --data-urlencode "email=$email" \
        --data-urlencode "password=$password" --data-urlencode "next=/" "$BASE/login")
    session=$(sed -n 's/^[Ss]et-[Cc]ookie: \([^=]*civitas_session\)=\([^;]*\);.*/\1=\2/p' <<<"$headers")
    [[ -n $session ]] || { echo "token: signing in as $email set no session cookie" >&2; return 0; }
    page=$(curl -sS --max-time 10 -H "Cookie: $csrf; $session" \
        --data-urlencode "csrf=${csrf#*=}" --data-urlencode "name=load benchmark" "$BASE/account/tokens")
    sed -n 's/.*<code class="secret"[^>]*>\([^<]*\)<\/code>.*/\1/p' <<<"$page" | head -1
    grep -q '<code class="secret"' <<<"$page" || echo "token: POST /account/tokens showed no <code class=\"secret\">" >&2
}

# One wrk run; appends a row to ROWS and RPS. $1 = case, $2 = path, $3 = optional header.
run_case() {
    local name=$1 path=$2 header=${3:-} args=() status bytes raw line
    [[ -n $header ]] && args=(-H "$header")
    status=$(curl -sS --max-time 5 -o "$WORK/body" -w '%{http_code}' "${args[@]}" "$BASE$path")
    bytes=$(wc -c <"$WORK/body")
    timeout 60 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${args[@]}" "$BASE$path" >/dev/null
    raw=$RESULTS_DIR/$BACKEND-$name.txt
    cpu_snapshot "$SERVER_PID" >"$WORK/server.before"
    cpu_snapshot $(db_pids) >"$WORK/db.before"
    {
        echo "# $BACKEND $name: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency ${header:+-H '<bearer>'} $BASE$path"
        echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
        timeout 120 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency --timeout 5s \
            -s "$WORK/report.lua" "${args[@]}" "$BASE$path"
    } >"$raw"
    cpu_snapshot "$SERVER_PID" >"$WORK/server.after"
    cpu_snapshot $(db_pids) >"$WORK/db.after"
    line=$(grep '^RESULT ' "$raw")
    eval "$(sed 's/^RESULT //; s/\([a-z0-9_]*\)=\([0-9.]*\)/local r_\1=\2;/g' <<<"$line")"
    local rps
    rps=$(awk -v n="$r_requests" -v d="$r_duration_us" 'BEGIN{printf "%.0f", n/(d/1e6)}')
    local errors=$((r_connect + r_read + r_write + r_status + r_timeout))
    local non2xx
    non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$raw")
    local server_cpu db_cpu="–"
    server_cpu=$(cpu_per_request server "$r_requests")
    [[ $BACKEND == postgres ]] && db_cpu=$(cpu_per_request db "$r_requests")
    echo "# CPU per request: server ${server_cpu} us, database backends ${db_cpu} us" >>"$raw"
    RPS[$name]=$rps
    ROWS+=("$name | GET $path${header:+ (bearer)} | $status | $bytes | $rps | $(ms "$r_p50_us") | $(ms "$r_p99_us") | $errors | ${non2xx:-0} | $server_cpu | $db_cpu")
}

# CPU time (user + system, clock ticks) of each live process: "pid ticks".
cpu_snapshot() {
    local pid
    for pid in "$@"; do
        [[ -r /proc/$pid/stat ]] && echo "$pid $(awk '{print $14 + $15}' "/proc/$pid/stat")"
    done
    return 0
}
# The PostgreSQL backends serving our database (the server's pool).
db_pids() {
    [[ $BACKEND == postgres ]] || return 0
    timeout 10 psql -h 127.0.0.1 -U postgres -d "$PG_DB" -Atc \
        "select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()"
}
# Microseconds of CPU per request between the .before and .after snapshots of $1;
# a process that appeared in between counts from zero.
cpu_per_request() {
    awk -v hz="$(getconf CLK_TCK)" -v n="$2" \
        'NR == FNR { before[$1] = $2; next } { ticks += $2 - before[$1] } END { printf "%.0f", ticks / hz * 1e6 / n }' \
        "$WORK/$1.before" "$WORK/$1.after"
}
ms() { awk -v u="$1" 'BEGIN{printf "%.2f", u/1000}'; }

print_table() {
    local ceiling
    ceiling=$(awk -v a="${RPS[static-before]}" -v b="${RPS[static-after]}" 'BEGIN{printf "%.0f", (a+b)/2}')
    echo
    echo "### $BACKEND_LABEL"
    echo
    echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, server and wrk on the same $(nproc)-core machine; static ceiling = mean of the two static runs = $ceiling req/s."
    echo
    echo "| case | request | status | body bytes | req/s | p50 ms | p99 ms | socket/timeout/status errors | non-2xx/3xx | server CPU µs/req | PostgreSQL CPU µs/req | % of static |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    local row name rest rps
    for row in "${ROWS[@]}"; do
        name=${row%% |*}
        rest=${row#* | }
        rps=${RPS[$name]}
        local pct
        pct=$(awk -v r="$rps" -v c="$ceiling" 'BEGIN{printf "%.0f %%", 100*r/c}')
        echo "| $name | $rest | $pct |"
    done
}

echo "Civitas HTTP load benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), binary $CIVITAS_BIN"
echo "Raw wrk output: $RESULTS_DIR"
for BACKEND in $BACKENDS; do
    declare -A RPS=()
    ROWS=()
    case $BACKEND in
        sqlite)
            mkdir -p "$WORK/db"
            URL="sqlite://$WORK/db/civitas.db"
            BACKEND_LABEL="SQLite ($URL)"
            ;;
        postgres)
            PG_DB="civitas_bench_$$"
            timeout 30 createdb -h 127.0.0.1 -U postgres "$PG_DB"
            URL="$PG_URL_BASE/$PG_DB"
            BACKEND_LABEL="PostgreSQL ($URL, $(psql -h 127.0.0.1 -U postgres -d "$PG_DB" -Atc 'show server_version'))"
            ;;
        *) echo "error: unknown backend $BACKEND (sqlite or postgres)" >&2; exit 2 ;;
    esac
    start_server "$URL"
    TOKEN=$(make_token)
    TOKEN_USER=$(grep -m1 'password: ' "$WORK/server.out" | sed 's/ *password:.*//; s/^ *//; s/  */ /g')
    run_case static-before /static/civitas.css
    run_case login /login
    run_case public-page /cities/demo-city
    run_case api-anon /api/v1/cities
    if [[ -n $TOKEN ]]; then
        # Proof the token authenticates: /api/v1/me answers 401 without one.
        ME_STATUS="$(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/me") with the token, $(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "$BASE/api/v1/me") without"
        run_case api-token /api/v1/cities "Authorization: Bearer $TOKEN"
    else
        echo "note: could not sign in and create a token on $BACKEND; the authenticated API case is skipped" >&2
    fi
    run_case static-after /static/civitas.css
    stop_server
    print_table
    if [[ -n $TOKEN ]]; then echo; echo "Bearer token created for the demo account: $TOKEN_USER (GET /api/v1/me: $ME_STATUS)."; fi
    if [[ -s $WORK/server.err ]]; then
        echo
        echo "Server warnings/errors on stderr ($(wc -l <"$WORK/server.err") lines, first 5):"
        echo '```'
        head -5 "$WORK/server.err"
        echo '```'
    fi
    cp "$WORK/server.err" "$RESULTS_DIR/$BACKEND-server.err"
    cleanup
done
