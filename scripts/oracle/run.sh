#!/usr/bin/env bash
# `make oracle`: regenerate Tests/OracleTests/golden from PyTorch and TRL 0.9.6.
#   scripts/oracle/run.sh BIN     BIN = the folder of the built tools (for mpo-train init)
# The venv lives in build/oracle-venv (made once); the golden files are committed, the venv never.
set -euo pipefail
bin="${1:-.build/release}"
venv=build/oracle-venv
work=build/oracle
if [ ! -x "$venv/bin/python" ]; then
    echo "oracle: creating $venv (torch, trl 0.9.6; a few minutes the first time)" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet -r scripts/oracle/requirements.txt
fi
mkdir -p "$work"
"$bin/mpo-train" init --preset tiny --seed 1 --phrases none -o "$work/init.mmpr"
(cd scripts/oracle && "../../$venv/bin/python" make_golden.py "../../$work/init.mmpr" ../../Tests/OracleTests/golden)
echo "oracle: wrote Tests/OracleTests/golden; compare with git diff --stat Tests/OracleTests/golden" >&2
