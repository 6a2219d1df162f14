"""The smallest reading task: one digit on a blank image, "The number 7." (or just "7").

Draws N white 64 × 64 images with one digit of the toolkit's 3 × 5 font (scaled by --scale),
anywhere or always at the same place, and trains the PyTorch twin of a model artifact
(scripts/oracle/twin.py; AdamW without weight decay, clip 1.0, batch 16, constant rate) to name
it. Prints every 50 steps the mean training loss and how often the digit is named right on 200
held-out images (chance: 11 %); before and after, how well a linear probe reads the digit from the
image tokens averaged over the image (what a uniform attention sees). With --readout linear the
language model is replaced by a linear classifier on all image tokens, which separates what the
encoder can learn from what the language model does. docs/model.md ("Where reading fails") has
what it showed. Runs in the interop venv:

    build/interop-venv/bin/python scripts/digit-plateau.py --model build/default/init.mmpr --place fixed --scale 1 --lr 1e-4
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
FIXED_CORNER = 20  # the top-left pixel of a --place fixed digit: inside the image at every --scale up to 8
HELD_OUT = 200


def digit_image(digit, scale, rng, fixed=False):
    image = np.ones((64, 64, 3), dtype=np.float32)
    if fixed:
        x = y = FIXED_CORNER
    else:
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
    parser.add_argument("--place", choices=["anywhere", "fixed"], default="anywhere")
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--vision-lr", type=float, help="the rate of the encoder and projector (default: --lr)")
    parser.add_argument(
        "--answer", choices=["sentence", "digit"], default="sentence", help='"The number 7." or "7" (chance: about 1.1 per token)'
    )
    parser.add_argument("--readout", choices=["language-model", "linear"], default="language-model")
    args = parser.parse_args()
    if args.place == "fixed" and FIXED_CORNER + 5 * args.scale > 64:
        parser.error(f"--place fixed fits --scale 8 at most; got {args.scale}")
    torch.set_num_threads(1)
    torch.manual_seed(0)
    rng = random.Random(0)

    digits = [rng.randint(1, 9) for _ in range(args.images)]
    images = torch.tensor(np.stack([digit_image(d, args.scale, rng, args.place == "fixed") for d in digits]))
    train, held_out = range(args.images - HELD_OUT), list(range(args.images - HELD_OUT, args.images))
    config, tensors = twin.read_artifact(args.model)
    model = twin.Twin(config, tensors)
    v = config["vocabulary_size"]
    with torch.no_grad():
        ni, width = model.image_tokens(images[:1]).shape[1:]
    probed = min(2000, len(train))

    def pooled_probe():
        with torch.no_grad():
            pooled = torch.cat([model.image_tokens(images[i : min(i + 256, probed)]).mean(1) for i in range(0, probed, 256)])
        return probe.probe_accuracy(pooled.numpy(), digits[:probed])

    def answer(digit):
        return f"The number {digit}." if args.answer == "sentence" else str(digit)

    # The two readouts: log-probs of the digit's position in the answer → (loss, predicted digit).
    classifier = torch.zeros(9, ni * width, requires_grad=True)

    def read(chosen):
        if args.readout == "linear":
            logits = model.image_tokens(images[chosen]).reshape(len(chosen), -1) @ classifier.T
            labels = torch.tensor([digits[i] - 1 for i in chosen])
            return torch.nn.functional.cross_entropy(logits, labels), logits.argmax(-1) + 1
        examples = [twin.template("Describe the image.", answer(digits[i]), ni, v) for i in chosen]
        ids, targets, mask = twin.batch(examples, v)
        logits = model.logits(ids, images[chosen], examples[0][2])
        sums, _ = twin.summed_log_probs(logits, targets, mask)
        # The digit is the first response token of "7" and the twelfth of "The number 7.".
        at = mask.argmax(1) + (0 if args.answer == "digit" else len("The number "))
        predicted = logits[torch.arange(len(chosen)), at].argmax(-1) - ord("0")
        return (-sums / mask.sum(1)).mean(), predicted

    print(f"probe on pooled image tokens before: {100 * pooled_probe():.0f} % (chance 11 %)")
    tower = [p for name, p in tensors.items() if not name.startswith("llm.")]
    readout = [classifier] if args.readout == "linear" else [p for name, p in tensors.items() if name.startswith("llm.")]
    trained = tower + readout
    for parameter in tensors.values():
        parameter.requires_grad_(True)
    vision_lr = args.lr if args.vision_lr is None else args.vision_lr
    optimizer = torch.optim.AdamW(
        [{"params": tower, "lr": vision_lr}, {"params": readout, "lr": args.lr}], weight_decay=0.0
    )
    losses = []
    for step in range(args.steps):
        loss, _ = read(rng.sample(train, 16))
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trained, 1.0)
        optimizer.step()
        losses.append(loss.item())
        if (step + 1) % 50 == 0:
            with torch.no_grad():
                _, predicted = read(held_out)
            right = (predicted == torch.tensor([digits[i] for i in held_out])).float().mean().item()
            print(f"step {step + 1}: loss {np.mean(losses[-50:]):.3f}, held-out digits right {100 * right:.0f} %", flush=True)
    print(f"probe on pooled image tokens after: {100 * pooled_probe():.0f} %")


if __name__ == "__main__":
    main()
