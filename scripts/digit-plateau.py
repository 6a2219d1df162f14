"""The smallest reading task our model fails: one digit on a blank image, "The number 7."

Draws N white 64 × 64 images with one digit of the toolkit's 3 × 5 font (scaled by --scale) at a
random place, and trains the PyTorch twin of a model artifact (scripts/oracle/twin.py; AdamW, clip
1.0, batch 16) to describe them. Prints the mean training loss every 50 steps — chance is about
0.16 per token (ln 9 on one token of fourteen) — and, before and after, how well a linear probe
reads the digit from the image tokens averaged over the image (what a uniform attention sees).
docs/model.md ("Where reading fails") has what it showed. Runs in the interop venv:

    build/interop-venv/bin/python scripts/digit-plateau.py --model build/default/init.mmpr --steps 500
"""

import argparse
import importlib.util
import os
import random
import sys

import numpy as np
import torch

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "oracle"))
import twin  # noqa: E402

spec = importlib.util.spec_from_file_location("probe", os.path.join(here, "probe-image-tokens.py"))
probe = importlib.util.module_from_spec(spec)
spec.loader.exec_module(probe)

# Sources/Problems/BitmapFont.swift's digits: five rows of three bits, the most significant on the left.
GLYPHS = {1: [2, 6, 2, 2, 7], 2: [7, 1, 7, 4, 7], 3: [7, 1, 7, 1, 7], 4: [5, 5, 7, 1, 1], 5: [7, 4, 7, 1, 7],
          6: [7, 4, 7, 5, 7], 7: [7, 1, 2, 2, 2], 8: [7, 5, 7, 5, 7], 9: [7, 5, 7, 1, 7]}


def digit_image(digit, scale, rng):
    image = np.ones((64, 64, 3), dtype=np.float32)
    x, y = rng.randint(0, 64 - 3 * scale), rng.randint(0, 64 - 5 * scale)
    for row, bits in enumerate(GLYPHS[digit]):
        for column in range(3):
            if bits >> (2 - column) & 1:
                image[y + row * scale : y + (row + 1) * scale, x + column * scale : x + (column + 1) * scale] = 0
    return image


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help="the model artifact to start from (e.g. an init)")
    parser.add_argument("--images", type=int, default=4000)
    parser.add_argument("--scale", type=int, default=3, help="pixels per glyph pixel (3: a 9 × 15 digit)")
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument(
        "--answer", choices=["sentence", "digit"], default="sentence", help='"The number 7." or "7" (chance: about 1.1 per token)'
    )
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    rng = random.Random(0)

    digits = [rng.randint(1, 9) for _ in range(args.images)]
    images = torch.tensor(np.stack([digit_image(d, args.scale, rng) for d in digits]))
    config, tensors = twin.read_artifact(args.model)
    model = twin.Twin(config, tensors)
    v = config["vocabulary_size"]
    with torch.no_grad():
        ni = model.image_tokens(images[:1]).shape[1]
    probed = min(2000, args.images)

    def pooled_probe():
        with torch.no_grad():
            pooled = torch.cat([model.image_tokens(images[i : min(i + 256, probed)]).mean(1) for i in range(0, probed, 256)])
        return probe.probe_accuracy(pooled.numpy(), digits[:probed])

    def answer(digit):
        return f"The number {digit}." if args.answer == "sentence" else str(digit)

    print(f"probe on pooled image tokens before: {100 * pooled_probe():.0f} % (chance 11 %)")
    parameters = list(tensors.values())
    for parameter in parameters:
        parameter.requires_grad_(True)
    optimizer = torch.optim.AdamW(parameters, lr=args.lr, weight_decay=0.0)
    losses = []
    for step in range(args.steps):
        chosen = rng.sample(range(args.images), 16)
        examples = [twin.template("Describe the image.", answer(digits[i]), ni, v) for i in chosen]
        ids, targets, mask = twin.batch(examples, v)
        sums, _ = twin.summed_log_probs(model.logits(ids, images[chosen], examples[0][2]), targets, mask)
        loss = (-sums / mask.sum(1)).mean()
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(parameters, 1.0)
        optimizer.step()
        losses.append(loss.item())
        if (step + 1) % 50 == 0:
            print(f"step {step + 1}: loss {np.mean(losses[-50:]):.3f}", flush=True)
    print(f"probe on pooled image tokens after: {100 * pooled_probe():.0f} %")


if __name__ == "__main__":
    main()
