#!/usr/bin/env bash
# `make bench`: every benchmark table, from the release build in $1.
set -euo pipefail
bin="${1:-.build/release}"
python3 scripts/bench-artifacts.py "$bin"
echo
"$bin/tensorcore-bench"
echo
"$bin/model-bench" --presets small
echo
python3 scripts/bench-vs-torch.py "$bin"
echo
scripts/bench-pipeline.sh "$bin"
echo
python3 scripts/bench-serve.py "$bin"
