#!/usr/bin/env bash
# Side-by-side comparison of dcplan's solver with CBC and GLPK on the same
# instances, in one run: for each instance of the benchmark ladder it
# generates the instance (planner/solver.Generate, seed 1), writes it as free
# MPS, solves it with dcplan's solver, CBC and glpsol (one thread each, gap 0,
# the same time limit), re-checks CBC's and GLPK's plans with the independent
# checker (solver.Check, exact arithmetic), and prints one table.
#
#   scripts/compare-solvers.sh                 # the full ladder, 60 s limit each
#   TIME=20 LADDER="10x50x1 100x50x1" scripts/compare-solvers.sh
#
# Needs cbc and glpsol (apt-get install coinor-cbc glpk-utils) and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
TIME=${TIME:-60}
LADDER=${LADDER:-"10x50x1 10x50x16 100x50x1 100x50x16 1000x50x1 1000x50x16"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/solvecmp" ./planner/solver/internal/cmd/solvecmp

printf '%-12s | %-9s %8s %9s | %-9s %8s %9s | %6s | %-22s | %-9s %8s %8s\n' \
  instance dcplan time_s mem_MB cbc time_s mem_MB ratio "objectives" glpk time_s "vs dcplan"
for inst in $LADDER; do
  IFS=x read -r s o q <<<"$inst"
  mps="$work/$inst.mps"
  args=(-sites "$s" -options "$o" -phases "$q" -seed 1)
  # dcplan's solver (writes the MPS first, outside the timed solve).
  /usr/bin/time -f '%e %M' -o "$work/t.d" "$work/solvecmp" "${args[@]}" -mps "$mps" -time "${TIME}s" -threads 1 >"$work/d.out"
  read -r dt dm <"$work/t.d"
  dline=$(grep '^solver' "$work/d.out")
  dstat=$(sed -E 's/.*status=([A-Za-z]+).*/\1/' <<<"$dline")
  dobj=$(sed -E 's/.*obj=([-0-9]+).*/\1/' <<<"$dline")
  # CBC, single thread, gap 0.
  # (CBC can overrun -sec inside its root cut loop on the largest
  # instances: a hard stop at 3x the limit keeps the run finite.)
  /usr/bin/time -f '%e %M' -o "$work/t.c" timeout -s KILL "$((TIME * 3 + 30))" cbc "$mps" -sec "$TIME" -threads 1 -ratio 0 -allow 0 -solve -solu "$work/c.sol" >"$work/c.out" 2>&1 || true
  read -r ct cm < <(tail -1 "$work/t.c")
  cline=$("$work/solvecmp" "${args[@]}" -check-cbc "$work/c.sol" || true)
  cstat=$(sed -E 's/.*status="([A-Za-z]+).*/\1/' <<<"$cline")
  cobj=$(sed -nE 's/.*cost=([-0-9]+).*/\1/p' <<<"$cline")
  [[ "$cline" == *check=pass* || "$cline" == *"no plan"* ]] || cstat="$cstat(nocheck)"
  if grep -q 'terminated by signal' "$work/t.c"; then cstat="Killed"; cm=0; fi
  # GLPK, gap 0; its plan re-checked the same way.
  /usr/bin/time -f '%e %M' -o "$work/t.g" timeout -s KILL "$((TIME * 3 + 30))" glpsol --freemps "$mps" --tmlim "$TIME" --mipgap 0 -w "$work/g.w" >"$work/g.log" 2>&1 || true
  read -r gt _ < <(tail -1 "$work/t.g")
  gline=$("$work/solvecmp" "${args[@]}" -mps "$mps" -check-glpk "$work/g.w" || true)
  gstat=$(sed -E 's/.*status="([A-Za-z]+).*/\1/' <<<"$gline")
  gobj=$(sed -nE 's/.*cost=([-0-9]+).*/\1/p' <<<"$gline")
  [[ "$gline" == *check=pass* || "$gline" == *"no plan"* ]] || gstat="$gstat(nocheck)"
  [[ -n "$gstat" ]] || gstat=none
  if grep -q 'terminated by signal' "$work/t.g"; then gstat="Killed"; fi
  geq="-"
  if [[ -n "$gobj" && -n "$dobj" ]]; then
    geq=$(awk -v a="$dobj" -v b="$gobj" 'BEGIN { d = a - b; if (d < 0) d = -d; m = (b < 0 ? -b : b); if (m < 1) m = 1; if (d / m <= 1e-6) print "equal"; else printf "%.2g", (a - b) / m }')
  fi
  ratio=$(awk -v a="$ct" -v b="$dt" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }')
  if [[ -n "$cobj" && -n "$dobj" ]]; then
    eq=$(awk -v a="$dobj" -v b="$cobj" 'BEGIN { d = a - b; if (d < 0) d = -d; m = (b < 0 ? -b : b); if (m < 1) m = 1; if (d / m <= 1e-6) print "equal"; else printf "differ %.2g", (a - b) / m }')
  else
    eq="no cbc plan"
  fi
  printf '%-12s | %-9s %8.2f %9.0f | %-9s %8.2f %9.0f | %6s | %-22s | %-9s %8.2f %8s\n' \
    "$inst" "$dstat" "$dt" "$((dm / 1024))" "$cstat" "$ct" "$((cm / 1024))" "$ratio" "$eq" "$gstat" "$gt" "$geq"
done
echo "time limit ${TIME}s per solver per instance; ratio = CBC time / dcplan time; objectives compared within 1e-6 relative"
echo "Killed: still running at 3x the limit + 30 s (CBC can overrun -sec in its root), stopped there; its memory is not measured"
