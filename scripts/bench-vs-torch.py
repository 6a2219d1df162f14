"""`make bench`'s comparison with a peer: our model-bench and the PyTorch twin of the same model
(scripts/bench-torch.py) on ref256, run in turns on this machine, and the ratios of this run.

    python3 scripts/bench-vs-torch.py BIN [--rounds N]

Each round runs model-bench, then the twin (alternating which goes first), so that a change in
the machine's load hits both; every figure is the median over the rounds, with the range. The
twin runs in build/oracle-venv (made by `make oracle`) or any python3 that imports torch; without
torch the table has our column alone, and says so.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

MEASURES = [
    ("sgemm 2048², GFLOP/s (ours: our panel split; PyTorch: torch.matmul)", "sgemm"),
    ("training step batch 8 × 256, fwd + bwd + AdamW: positions/s", "train_positions_per_s"),
    ("MPO step, 8 pairs, cached reference log-probs: policy positions/s", "mpo_policy_positions_per_s"),
    ("sampling batch 1, 96-token prompt + 128 new: new tokens/s", "sample_b1_tokens_per_s"),
    ("sampling batch 16, same: new tokens/s", "sample_b16_tokens_per_s"),
]


def torch_python():
    for candidate in ("build/oracle-venv/bin/python", sys.executable):
        if Path(candidate).exists() and subprocess.run([candidate, "-c", "import torch"], capture_output=True).returncode == 0:
            return candidate
    return None


def machine():
    info = Path("/proc/cpuinfo").read_text()
    model = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")), "?")
    flags = next((line.split(":", 1)[1].split() for line in info.splitlines() if line.startswith("flags")), [])
    isa = [name for name in ("avx2", "fma", "avx512f", "avx512_bf16", "amx_tile") if name in flags]
    return f"{model}, {os.cpu_count()} cores, vector ISA: {' '.join(isa) or 'none of avx2/fma/avx512'}"


def spread(values):
    return f"{statistics.median(values):.0f} ({min(values):.0f}–{max(values):.0f})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bin")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("MPO_THREADS") or os.cpu_count()))
    args = parser.parse_args()
    python = torch_python()
    work = Path(tempfile.mkdtemp(prefix="bench-vs-torch-"))
    subprocess.run([f"{args.bin}/mpo-train", "init", "--preset", "ref256", "--seed", "1", "--phrases", "none",
                    "-o", str(work / "ref256.mmpr")], check=True, capture_output=True)
    with tarfile.open(work / "ref256.mmpr") as archive:
        (work / "config.json").write_bytes(archive.extractfile("config.json").read())

    ours, theirs = [], []
    for round_index in range(args.rounds):
        def run_ours():
            path = work / f"ours-{round_index}.json"
            shown = subprocess.run([f"{args.bin}/model-bench", "--presets", "ref256", "--threads", str(args.threads),
                                    "--json", str(path)], check=True, capture_output=True, text=True).stdout
            if round_index == 0:
                print(shown)
            figures = json.loads(path.read_text())
            ours.append(dict(figures["presets"]["ref256"], sgemm=figures["sgemm"]["ours_gflops"]))

        def run_theirs():
            length = int(ours[-1]["mpo_length"]) if ours else 256
            out = subprocess.run([python, "scripts/bench-torch.py", "--preset-json", str(work / "config.json"),
                                  "--threads", str(args.threads), "--mpo-length", str(length)],
                                 check=True, capture_output=True, text=True).stdout
            figures = json.loads(out)
            theirs.append(dict(figures, sgemm=figures["sgemm_gflops"]))

        order = [run_ours, run_theirs] if round_index % 2 == 0 else [run_theirs, run_ours]
        for run in order:
            if run is run_theirs and python is None:
                continue
            run()
        print(f"bench-vs-torch: round {round_index + 1}/{args.rounds} done", file=sys.stderr)

    print(f"### ref256: ours and PyTorch in the same run\n")
    print(f"Machine: {machine()}. Threads: {args.threads} each. Rounds: {args.rounds}, interleaved; "
          f"median (min–max) over the rounds. Ratio = ours / PyTorch (above 1: ours is faster).")
    if python is None:
        print("PyTorch is not importable here (`make oracle` makes build/oracle-venv with it): our figures alone.\n")
    else:
        version = subprocess.run([python, "-c", "import torch; print(torch.__version__)"], capture_output=True, text=True).stdout.strip()
        print(f"PyTorch {version} ({python}), the twin in scripts/oracle/twin.py: the same shapes, "
              "F.scaled_dot_product_attention, torch.optim.AdamW.\n")
    print("| measure | ours | PyTorch | ratio |\n|---|---|---|---|")
    for label, key in MEASURES:
        mine = [r[key] for r in ours]
        if theirs:
            other = [r[key] for r in theirs]
            ratio = statistics.median(mine) / statistics.median(other)
            print(f"| {label} | {spread(mine)} | {spread(other)} | {ratio:.2f}× |")
        else:
            print(f"| {label} | {spread(mine)} | – | – |")
    print()


if __name__ == "__main__":
    main()
