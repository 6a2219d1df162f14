#!/usr/bin/env bash
# Runs one pipeline stage for the Makefile: `scripts/stage.sh TIMINGS NAME COMMAND…`.
# Prints a one-line header, runs the command with its stderr shown as it comes, and appends
# "NAME<TAB>seconds" to TIMINGS when the stage really computed (not when the stage cache
# answered), so REPORT.md states the wall time of the run that made each artifact.
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
    awk -v n="$name" -v a="$start" -v b="$end" 'BEGIN { printf "%s\t%.2f\n", n, b - a }' >> "$timings"
fi
exit $status
