#!/usr/bin/env bash
# Runs one pipeline stage for the Makefile: `scripts/stage.sh TIMINGS NAME COMMAND…`.
# Prints a one-line header, runs the command with its stderr shown as it comes, and appends
# "NAME<TAB>seconds<TAB>threads" to TIMINGS when the stage really computed (not when the stage
# cache answered), so REPORT.md states the wall time of the run that made each artifact and the
# thread count it ran at (MPO_THREADS, else every core, as the tools resolve it).
set -uo pipefail
timings=$1 name=$2
shift 2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s.%N)
echo "── $name" >&2
"$@" 2> >(tee "$log" >&2)
status=$?
wait
end=$(date +%s.%N)
if [ $status -eq 0 ] && ! grep -q "up to date (stage" "$log"; then
    awk -v n="$name" -v a="$start" -v b="$end" -v t="${MPO_THREADS:-$(nproc)}" 'BEGIN { printf "%s\t%.2f\t%s\n", n, b - a, t }' >> "$timings"
fi
exit $status
