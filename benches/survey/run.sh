#!/usr/bin/env bash
# civitas survey vs R survey: 20 binary indicators x 6 breakdowns, Taylor SEs and logit intervals.
#
# Usage: benches/survey/run.sh [ROWS ...]            (default: 10000 100000 1000000)
# Environment:
#   R_FULL_MAX_ROWS  largest size at which R runs all 20 indicators (default 100000); above it R runs
#                    R_PARTIAL_INDICATORS indicators (default 2) x 6 breakdowns and its time is scaled
#                    to 20 indicators (reported as an extrapolation).
#   BENCH_DIR        where data and outputs go (default /tmp/civitas-survey-bench)
#   CARGO_TARGET_DIR release build directory (default /work/target-survey-release)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${BENCH_DIR:-/tmp/civitas-survey-bench}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/work/target-survey-release}
full_max=${R_FULL_MAX_ROWS:-100000}
partial=${R_PARTIAL_INDICATORS:-2}
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000 1000000)
mkdir -p "$work"
(cd "$root" && cargo build --release -q -p civitas-cli)
bin=$CARGO_TARGET_DIR/release/civitas

indicators="internet_use home_internet mobile_owner smartphone computer daily_use skill_copy skill_attach
skill_spreadsheet skill_connect skill_install skill_present skill_transfer skill_security skill_privacy
skill_verify skill_code affordable meaningful eservices"
args=()
for i in $indicators; do args+=(--proportion "$i=1"); done
for b in gender age_group district income disability urban_rural; do args+=(--by "$b"); done

field() { grep "$1" "$2" | sed 's/.*: //'; }   # from /usr/bin/time -v output
seconds() { awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }' <<<"$1"; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
echo "R: $(Rscript -e 'cat(R.version.string, "survey", as.character(packageVersion("survey")))' 2>/dev/null)"
printf '| rows | file MB | civitas wall s | civitas CPU s | civitas peak RSS MB | columns read MB | R read s | R estimate wall s | R estimate CPU s | R peak RSS MB | R tables | speed-up (CPU) | speed-up (wall) | agreement |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for n in "${sizes[@]}"; do
  data="$work/survey_$n.csv"
  [ -f "$data" ] || python3 "$here/generate.py" "$n" "$data"
  mb=$(awk -v b="$(stat -c %s "$data")" 'BEGIN { printf "%.1f", b / 1048576 }')
  best=""
  best_cpu=""
  for run in 1 2 3; do
    /usr/bin/time -v "$bin" survey estimate --data "$data" --weight weight --strata stratum --psu ea "${args[@]}" \
      --ci logit --format csv > "$work/civitas_$n.csv" 2> "$work/civitas_$n.time"
    t=$(seconds "$(field 'Elapsed (wall clock)' "$work/civitas_$n.time")")
    c=$(awk -v u="$(field 'User time' "$work/civitas_$n.time")" -v s="$(field 'System time' "$work/civitas_$n.time")" 'BEGIN { print u + s }')
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
    if [ -z "$best_cpu" ] || awk -v a="$c" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then best_cpu=$c; fi
  done
  rss=$(( $(field 'Maximum resident set size' "$work/civitas_$n.time") / 1024 ))
  # weight (f64) + stratum, ea and 6 breakdowns (u32 codes) + 20 indicators (u32 codes)
  columns=$(awk -v n="$n" 'BEGIN { printf "%.0f", n * (8 + 8 * 4 + 20 * 4) / 1048576 }')
  if [ "$n" -le "$full_max" ]; then k=20; else k=$partial; fi
  /usr/bin/time -v Rscript "$here/bench.R" "$data" "$work/r_$n.csv" "$k" > "$work/r_$n.log" 2> "$work/r_$n.time"
  r_read=$(sed -n 's/.*read_seconds=\([0-9.]*\).*/\1/p' "$work/r_$n.log")
  r_est=$(sed -n 's/.* estimate_seconds=\([0-9.]*\).*/\1/p' "$work/r_$n.log")
  r_cpu=$(sed -n 's/.*estimate_cpu_seconds=\([0-9.]*\).*/\1/p' "$work/r_$n.log")
  r_rss=$(( $(field 'Maximum resident set size' "$work/r_$n.time") / 1024 ))
  if [ "$k" -lt 20 ]; then
    r_est_shown="$(awk -v e="$r_est" -v k="$k" 'BEGIN { printf "%.0f (measured %.1f for %d indicators, x%g)", e * 20 / k, e, k, 20 / k }')"
    r_cpu_shown="$(awk -v e="$r_cpu" -v k="$k" 'BEGIN { printf "%.0f (measured %.1f, x%g)", e * 20 / k, e, 20 / k }')"
    r_full=$(awk -v e="$r_est" -v k="$k" 'BEGIN { print e * 20 / k }')
    r_full_cpu=$(awk -v e="$r_cpu" -v k="$k" 'BEGIN { print e * 20 / k }')
  else
    r_est_shown=$r_est
    r_cpu_shown=$r_cpu
    r_full=$r_est
    r_full_cpu=$r_cpu
  fi
  agreement=$(python3 "$here/compare.py" "$work/civitas_$n.csv" "$work/r_$n.csv" || true)
  speedup=$(awk -v r="$r_full" -v c="$best" 'BEGIN { printf "%.0fx", r / c }')
  speedup_cpu=$(awk -v r="$r_full_cpu" -v c="$best_cpu" 'BEGIN { printf "%.0fx", r / c }')
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$mb" "$best" "$best_cpu" "$rss" \
    "$columns" "$r_read" "$r_est_shown" "$r_cpu_shown" "$r_rss" "$((k * 6))" "$speedup_cpu" "$speedup" "$agreement"
done
