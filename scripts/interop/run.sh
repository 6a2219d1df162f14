#!/usr/bin/env bash
# `make interop`: our exports read by the software they are for. The smoke recipe's pairs are
# exported for TRL and for InternVL, the folders are moved, and then read from their new place:
# the TRL folder by `datasets` and TRL itself (check_trl_export.py), the InternVL folder by a
# mimic of InternVL's loader (Tests/TestSupport/internvl_loader.py; InternVL itself needs a GPU).
#   scripts/interop/run.sh BIN PAIRS     BIN = the folder of the built tools
# The venv lives in build/interop-venv (made once, never committed).
set -euo pipefail
bin="$1" pairs="$2"
venv=build/interop-venv
work=build/interop
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import trl, datasets, PIL" 2>/dev/null; then
    echo "interop: creating $venv (torch, trl, datasets; a few minutes the first time)" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet -r scripts/interop/requirements.txt
fi
rm -rf "$work" && mkdir -p "$work/made"
"$bin/mmpr-art" cat records.jsonl "$pairs" > "$work/records.jsonl"
"$bin/mmpr-pair" export-trl "$pairs" "$work/made/trl"
"$bin/mmpr-pair" export-internvl "$pairs" "$work/made/internvl"
mv "$work/made" "$work/moved"
(cd "$work/moved/trl" && "../../../../$venv/bin/python" ../../../../scripts/interop/check_trl_export.py . ../../records.jsonl)
lines=$(cd "$work/moved/internvl" && python3 ../../../../Tests/TestSupport/internvl_loader.py meta.json | wc -l)
expected=$(wc -l < "$work/records.jsonl")
[ "$lines" -eq "$expected" ] || { echo "interop: InternVL's loader read $lines of $expected pairs" >&2; exit 1; }
echo "InternVL loader mimic: $lines pairs, every annotation and image found from the moved folder"

