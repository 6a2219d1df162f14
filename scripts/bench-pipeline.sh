#!/usr/bin/env bash
# `make bench`, pipeline part: mmpr-sample's samples/s and generated tokens/s with the `small`
# preset at its default batch, and mmpr-pair's records/s, from the release build in $1.
# The model is freshly initialised (sampling cost does not depend on the weights, only on the
# tokens generated; an untrained model rarely stops early, so every sample runs to the cap).
set -euo pipefail
bin="${1:-.build/release}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.1f", n / (b - a) }'; }

"$bin/mmpr-synth" generate --seed 7 --sft 0 --pref 64 --open 0 --val 0 --testmini 0 --pope 0 -o "$work/problems.mmpr" 2>/dev/null
"$bin/mpo-train" init --preset small --seed 1 -o "$work/model.mmpr" 2>/dev/null

start=$(now)
"$bin/mmpr-sample" --problems "$work/problems.mmpr" --model "$work/model.mmpr" --splits pref --samples 8 --max-new-tokens 96 -o "$work/samples.mmpr" 2>/dev/null
end=$(now)
samples=$("$bin/mmpr-art" manifest "$work/samples.mmpr" | python3 -c 'import json,sys; s=json.load(sys.stdin)["stats"]; print(s["samples"], round(s["samples"]*s["mean_tokens"]))')
read -r count tokens <<< "$samples"

# mmpr-pair on 16 copies of the samples' records (distinct sample indices) to time the judge.
python3 - "$work" <<'PY'
import json, sys, subprocess
work = sys.argv[1]
lines = subprocess.run(["tar", "-xOf", f"{work}/samples.mmpr", "records.jsonl"], capture_output=True, check=True).stdout.decode().splitlines()
with open(f"{work}/many.jsonl", "w") as out:
    for copy in range(16):
        for line in lines:
            record = json.loads(line)
            record["sample_index"] += 1000 * copy
            out.write(json.dumps(record) + "\n")
PY
mkdir -p "$work/many" && mv "$work/many.jsonl" "$work/many/records.jsonl"
"$bin/mmpr-art" pack --kind samples "$work/many" -o "$work/many.mmpr" 2>/dev/null
records=$(wc -l < "$work/many/records.jsonl")
pair_start=$(now)
"$bin/mmpr-pair" build --problems "$work/problems.mmpr" --samples "$work/many.mmpr" -o "$work/pairs.mmpr" 2>/dev/null
pair_end=$(now)

echo "## pipeline-bench"
echo
echo "OpenBLAS core ${OPENBLAS_CORETYPE:-auto}, threads ${MPO_THREADS:-all cores}, load average $(cut -d' ' -f1 /proc/loadavg)."
echo
echo "| measure | value |"
echo "|---|---|"
echo "| mmpr-sample, small, batch 16, 64 problems × 8 samples, ≤ 96 new tokens | $(rate "$count" "$start" "$end") samples/s, $(rate "$tokens" "$start" "$end") generated tokens/s (wall, incl. loading) |"
echo "| mmpr-pair build, $records sample records | $(rate "$records" "$pair_start" "$pair_end") records/s (wall, incl. reading and writing) |"
