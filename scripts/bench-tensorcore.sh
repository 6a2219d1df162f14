#!/bin/sh
# Builds tensorcore-bench in release mode and prints its Markdown table (docs/tensorcore.md keeps one).
# Usage: scripts/bench-tensorcore.sh [--threads N]   (default: MPO_THREADS, else the core count)
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product tensorcore-bench
exec "$(swift build -c release --show-bin-path)/tensorcore-bench" "$@"
