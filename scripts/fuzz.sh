#!/usr/bin/env bash
# `make fuzz`: every fuzz target of mmpr-fuzz under libFuzzer and AddressSanitizer.
#   scripts/fuzz.sh [SECONDS]   each target for SECONDS (default 30) with a random seed, corpus kept
#                               in build/fuzz/<target>; a crash is saved as build/fuzz/crash-<target>-*
#   scripts/fuzz.sh --ci        each target for a fixed number of runs from seed 1: the same inputs
#                               on every machine, so CI's verdict does not depend on luck or speed
# Seeds come from Tests/Fuzz/<target>/; copy a crash there once fixed, and the test suite replays it.
set -euo pipefail
targets="json manifest lock safetensors png jpeg artifact"
swift build --product mmpr-fuzz --build-path .build/fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING 2>&1 | grep -v "Cannot export local symbol" | tail -1
fuzzer=.build/fuzz/debug/mmpr-fuzz
status=0
for target in $targets; do
    mkdir -p "build/fuzz/$target"
    if [ "${1:-}" = "--ci" ]; then
        runs=200000; [ "$target" = artifact ] && runs=20000
        limits=(-seed=1 -runs=$runs)
        # libFuzzer adds what it finds to the first folder: a fresh scratch one, never the seeds.
        rm -rf "build/fuzz/ci-$target" && mkdir -p "build/fuzz/ci-$target"
        corpus=("build/fuzz/ci-$target" "Tests/Fuzz/$target")
    else
        limits=(-max_total_time="${1:-30}")
        corpus=("build/fuzz/$target" "Tests/Fuzz/$target")
    fi
    log="build/fuzz/$target.log"
    if MMPR_FUZZ_TARGET=$target "$fuzzer" "${limits[@]}" -rss_limit_mb=2048 -malloc_limit_mb=2048 \
        -artifact_prefix="build/fuzz/crash-$target-" "${corpus[@]}" > "$log" 2>&1; then
        echo "fuzz $target: $(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)s, $(grep -oE 'exec/s: [0-9]+' "$log" | tail -1), no crash"
    else
        echo "fuzz $target: CRASH — see $log and build/fuzz/crash-$target-*" >&2
        grep -E "runtime failure|ERROR|SUMMARY" "$log" | head -3 >&2
        status=1
    fi
done
exit $status
