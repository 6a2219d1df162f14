"""Is a value in the picture still there after the vision encoder? A linear probe per value.

For the table and bar-chart problems of a problems artifact, fit a multinomial logistic regression
(L2, LBFGS) from one representation of the image to one value of its scene, on three quarters of
the problems, and report its accuracy on the other quarter:

    pixels   the image itself (64 × 64 × 3)
    vit      the ViT's output features (64 patches × width), before the pixel shuffle
    tokens   the image tokens the language model reads (after the projector)

If `tokens` reads a value that the model's own descriptions get wrong, the information reaches the
language model and it is the language model that does not read it (docs/model.md, "Where reading
fails"). Runs in the interop venv (torch and pillow; `make interop` builds it) and uses the
PyTorch twin of the model in scripts/oracle/twin.py:

    build/interop-venv/bin/python scripts/probe-image-tokens.py --model build/default/percept.mmpr \\
        --problems probe.mmpr   # e.g. mmpr-synth generate --seed 7 --sft 8000 (the rest 0)
"""

import argparse
import io
import json
import os
import sys
import tarfile

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "oracle"))
import twin  # noqa: E402

# (label, family prefix, value of the scene) — the values a description states in a fixed order.
TARGETS = [
    ("table cell A1", "table_sum", lambda scene: scene["cells"][0][0]),
    ("table cell B2", "table_sum", lambda scene: scene["cells"][1][1]),
    ("table cell C3", "table_sum", lambda scene: scene["cells"][2][2]),
    ("first bar's value", "bar_", lambda scene: scene["values"][0]),
    ("third bar's value", "bar_", lambda scene: scene["values"][2]),
]


def probe_accuracy(features, labels, classes=10, l2=1e-2):
    """Held-out accuracy of a softmax regression fitted on the first three quarters."""
    x = torch.tensor(features, dtype=torch.float32)
    y = torch.tensor(labels)
    k = int(len(x) * 0.75)
    mean, std = x[:k].mean(0), x[:k].std(0) + 1e-6
    x = (x - mean) / std
    w = torch.zeros(x.shape[1], classes, requires_grad=True)
    b = torch.zeros(classes, requires_grad=True)
    optimizer = torch.optim.LBFGS([w, b], max_iter=200)

    def closure():
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(x[:k] @ w + b, y[:k]) + l2 * w.pow(2).sum()
        loss.backward()
        return loss

    optimizer.step(closure)
    return ((x[k:] @ w + b).argmax(1) == y[k:]).float().mean().item()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help="a model artifact (.mmpr)")
    parser.add_argument("--problems", required=True, help="a problems artifact with table and bar problems")
    args = parser.parse_args()
    torch.set_num_threads(1)

    archive = tarfile.open(args.problems)
    records = [json.loads(line) for line in archive.extractfile("records.jsonl").read().decode().splitlines()]
    records = [r for r in records if r.get("answer") is not None]
    config, tensors = twin.read_artifact(args.model)
    model = twin.Twin(config, tensors)

    def image(record):
        pixels = Image.open(io.BytesIO(archive.extractfile(record["image"]).read())).convert("RGB")
        return np.asarray(pixels, dtype=np.float32) / 255

    def representations(chosen):
        out = {"pixels": [], "vit": [], "tokens": []}
        with torch.no_grad():
            for start in range(0, len(chosen), 64):
                images = torch.tensor(np.stack([image(r) for r in chosen[start : start + 64]]))
                out["pixels"].append(images.reshape(len(images), -1))
                out["vit"].append(model.vision(images).reshape(len(images), -1))
                out["tokens"].append(model.image_tokens(images).reshape(len(images), -1))
        return {name: torch.cat(parts).numpy() for name, parts in out.items()}

    print("| value | problems | pixels | vit | tokens |\n|---|---|---|---|---|")
    cache = {}
    for label, family, value in TARGETS:
        chosen = [r for r in records if r["metadata"]["source"].startswith(family)]
        if family not in cache:
            cache[family] = representations(chosen)
        labels = [value(r["scene"]) for r in chosen]
        accuracies = [probe_accuracy(cache[family][name], labels) for name in ("pixels", "vit", "tokens")]
        print(f"| {label} | {len(chosen)} | " + " | ".join(f"{100 * a:.0f} %" for a in accuracies) + " |")


if __name__ == "__main__":
    main()
