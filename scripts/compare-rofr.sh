#!/usr/bin/env bash
# Stage-by-stage comparison of dcplan's solver with CBC on scenarios with a
# right-of-first-refusal order, phase budgets and clusters, in one run: for
# each seed it generates a scenario (dcplan generate --providers 3
# --budget-per-gpu 40000-50000 --clusters 0-1, the objective in turn), solves
# it with dcplan plan --gap 0, which dumps every ROFR stage's model
# (DCPLAN_DUMP_INSTANCES; each stage depends on what the stages before it
# took), then solves each stage's model with dcplan's solver and with CBC
# on its MPS (one thread each, gap 0, the same time limit), re-checks CBC's
# plan with the independent checker (solver.Check) and prints one row per
# stage.
#
#   scripts/compare-rofr.sh                           # 5x6x3, seeds 1-8, 20 s
#   TIME=30 SHAPE=4x8x2 SEEDS="1 2 3" scripts/compare-rofr.sh
#
# Needs cbc (apt-get install coinor-cbc).
set -euo pipefail
cd "$(dirname "$0")/.."
TIME=${TIME:-20}
SHAPE=${SHAPE:-5x6x3}
SEEDS=${SEEDS:-"1 2 3 4 5 6 7 8"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/dcplan" ./cmd/dcplan
go build -o "$work/solvecmp" ./planner/solver/internal/cmd/solvecmp
IFS=x read -r sites options phases <<<"$SHAPE"
objectives=(min-tco min-carbon max-compute)

# seconds reads solvecmp's "time=1.5s" (or ms, µs, 1m2.5s) from its input line.
seconds() {
  sed -nE 's/.*time=(([0-9]+)m)?([0-9.]+)(µs|ms|s).*/\2 \3 \4/p' |
    awk 'NF == 2 { $3 = $2; $2 = $1; $1 = 0 } { v = $2; if ($3 == "ms") v /= 1000; if ($3 == "µs") v /= 1e6; printf "%.3f", v + 60 * $1 }'
}

printf '%-26s %-6s | %-9s %8s | %-9s %8s | %6s | %s\n' scenario stage dcplan time_s cbc time_s ratio objectives
for seed in $SEEDS; do
  budget=$((40000 + 5000 * (seed % 3)))
  clusters=$((seed % 2))
  objective=${objectives[$((seed % 3))]}
  name="${SHAPE}s${seed}/${objective}"
  "$work/dcplan" generate --sites "$sites" --options "$options" --phases "$phases" --seed "$seed" \
    --providers 3 --budget-per-gpu "$budget" --clusters "$clusters" |
    sed "s/objective: min-tco/objective: $objective/" >"$work/s.yaml"
  rm -rf "$work/d" && mkdir "$work/d"
  # exit 3 (demand short) is expected: budgets leave demand unmet
  DCPLAN_DUMP_INSTANCES="$work/d" "$work/dcplan" plan "$work/s.yaml" --gap 0 --time-limit "$((TIME * 3))s" >/dev/null 2>&1 || true
  for f in "$work"/d/stage*.json; do
    [[ -e "$f" ]] || continue
    out=$("$work/solvecmp" -instance "$f" -time "${TIME}s" -threads 1 -cbc 2>&1 || true)
    dline=$(grep '^solver' <<<"$out" || true)
    cline=$(grep '^cbc ' <<<"$out" | head -1 || true)
    dstat=$(sed -nE 's/.*status=([A-Za-z]+).*/\1/p' <<<"$dline")
    dt=$(seconds <<<"$dline")
    cstat=$(sed -nE 's/.*status="([A-Za-z]+).*/\1/p' <<<"$cline")
    ct=$(seconds <<<"$cline")
    if grep -q 'cbc plan passes Check' <<<"$out"; then
      eq=$(sed -nE 's/^difference solver-cbc = [-0-9.e+]+ \(([-0-9.e+]+) relative\).*/\1/p' <<<"$out" |
        awk '{ d = $1 < 0 ? -$1 : $1; if (d <= 1e-6) print "equal"; else printf "differ %.2g (dcplan - cbc)\n", $1 }')
    elif grep -q 'cbc' <<<"$cline"; then
      eq="cbc plan fails Check or none"
    else
      eq="no cbc run"
    fi
    ratio=$(awk -v a="$ct" -v b="$dt" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }')
    printf '%-26s %-6s | %-9s %8s | %-9s %8s | %6s | %s\n' "$name" "$(basename "$f" .json)" "$dstat" "$dt" "${cstat:-none}" "${ct:--}" "$ratio" "$eq"
  done
done
echo "time limit ${TIME}s per solver per stage (dcplan plan gets 3x that to dump the stages); ratio = CBC time / dcplan time; objectives (shortfall penalties included) compared within 1e-6 relative"
