#!/usr/bin/env bash
# `make bench`: every benchmark table, from the release build in $1.
set -euo pipefail
bin="${1:-.build/release}"
python3 scripts/bench-artifacts.py "$bin"
echo
"$bin/tensorcore-bench"
echo
"$bin/model-bench"
echo
scripts/bench-pipeline.sh "$bin"
