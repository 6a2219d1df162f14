"""The PyTorch side of `make bench`: the same measurements as model-bench, on the PyTorch twin of
the model (scripts/oracle/twin.py), so that the two can be run in turns on the same machine.

    python bench-torch.py --preset-json CONFIG.json --threads N --repetitions R --mpo-length L

Prints one JSON object: sgemm GFLOP/s, training positions/s (batch 8 × context, forward +
backward + AdamW), the MPO step on 8 pairs with cached reference log-probs (policy positions/s),
and sampling new tokens/s at batch 1 and 16 (96-token prompt with the image, 128 new tokens,
KV cache, temperature 1), each the median of R timed runs after one warm-up.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent / "oracle"))
import twin  # noqa: E402


def median_time(repetitions, body):
    body()
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def random_model(config, generator):
    """Weights of the artifact's shapes, N(0, 0.02²): speed does not depend on their values."""
    c = config
    d, dv, v = c["llm_width"], c["vision_width"], c["vocabulary_size"]
    patch = c["patch_size"] ** 2 * 3
    grid = (c["image_size"] // c["patch_size"]) ** 2
    projector_in = 4 * dv if c["pixel_shuffle"] else dv
    shapes = {"vision.patch_embed.weight": [dv, patch], "vision.patch_embed.bias": [dv], "vision.positions": [grid, dv],
              "vision.norm.weight": [dv], "projector.fc1.weight": [c["projector_hidden"], projector_in],
              "projector.fc1.bias": [c["projector_hidden"]], "projector.fc2.weight": [d, c["projector_hidden"]],
              "projector.fc2.bias": [d], "llm.embed.weight": [v, d], "llm.norm.weight": [d], "llm.head.weight": [v, d]}
    if c["projector_norm"]:
        shapes.update({"projector.norm.weight": [projector_in], "projector.norm.bias": [projector_in]})
    for i in range(c["vision_layers"]):
        n = f"vision.layers.{i}"
        shapes.update({n + ".attn_norm.weight": [dv], n + ".attn.qkv.weight": [3 * dv, dv], n + ".attn.proj.weight": [dv, dv],
                       n + ".mlp_norm.weight": [dv], n + ".mlp.fc1.weight": [c["vision_mlp_hidden"], dv],
                       n + ".mlp.fc2.weight": [dv, c["vision_mlp_hidden"]]})
    for i in range(c["llm_layers"]):
        n, h = f"llm.layers.{i}", c["llm_mlp_hidden"]
        shapes.update({n + ".attn_norm.weight": [d], n + ".attn.qkv.weight": [3 * d, d], n + ".attn.proj.weight": [d, d],
                       n + ".mlp_norm.weight": [d], n + ".mlp.gate.weight": [h, d], n + ".mlp.up.weight": [h, d],
                       n + ".mlp.down.weight": [d, h]})
    return {name: (torch.randn(shape, generator=generator) * 0.02).requires_grad_(True) for name, shape in sorted(shapes.items())}


def sequences(config, batch, length, generator):
    """`batch` sequences of `length` ids with the image block at the template's place, all supervised
    after the first 40 text positions, and their images."""
    ni = (config["image_size"] // config["patch_size"]) ** 2 // (4 if config["pixel_shuffle"] else 1)
    offset = 7  # <|im_start|> "user\n" <img>
    ids = torch.randint(0, 256, (batch, length), generator=generator)
    ids[:, offset:offset + ni] = config["vocabulary_size"]
    targets = torch.roll(ids, -1, dims=1).clamp(max=255)
    mask = torch.zeros(batch, length)
    mask[:, offset + ni + 40:length - 1] = 1
    images = torch.rand(batch, config["image_size"], config["image_size"], 3, generator=generator)
    return ids, targets, mask, images, offset


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--preset-json", required=True, help="the model's config.json (from mpo-train init)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--mpo-length", type=int, required=True, help="positions per sequence of the MPO step")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    config = json.loads(Path(args.preset_json).read_text())
    generator = torch.Generator().manual_seed(0)
    model = twin.Twin(config, random_model(config, generator))
    parameters = list(model.p.values())
    optimizer = torch.optim.AdamW(parameters, lr=1e-4)
    t, batch = config["context_length"], 8
    result = {"torch": torch.__version__, "threads": torch.get_num_threads()}

    a, b = torch.full((2048, 2048), 0.5), torch.full((2048, 2048), 0.25)
    result["sgemm_gflops"] = 2 * 2048 ** 3 / median_time(5, lambda: a @ b) * 1e-9

    def train_step(ids, targets, mask, images, offset, loss_of_sums):
        optimizer.zero_grad(set_to_none=False)
        sums, _ = twin.summed_log_probs(model.logits(ids, images, offset), targets, mask)
        loss_of_sums(sums).backward()
        optimizer.step()

    ids, targets, mask, images, offset = sequences(config, batch, t, generator)
    step = median_time(args.repetitions, lambda: train_step(ids, targets, mask, images, offset, lambda s: -(s / mask.sum(1)).mean()))
    result["train_positions_per_s"] = batch * t / step

    # MPO on 8 pairs = 16 sequences in one forward, reference log-probs given (cached).
    ids, targets, mask, images, offset = sequences(config, 2 * batch, args.mpo_length, generator)
    reference = torch.randn(2 * batch, generator=generator) - 50

    def mpo(sums):
        chosen, rejected = sums[:batch], sums[batch:]
        rho_c, rho_r = chosen - reference[:batch], rejected - reference[batch:]
        delta = 0.1 * torch.cat([rho_c, rho_r]).mean().detach()
        sigmoid = -F.logsigmoid(0.1 * (rho_c - rho_r))
        bco = -F.logsigmoid(0.1 * rho_c - delta) - F.logsigmoid(-(0.1 * rho_r - delta))
        return (0.8 * sigmoid + 0.2 * bco - chosen / mask[:batch].sum(1)).mean()

    step = median_time(args.repetitions, lambda: train_step(ids, targets, mask, images, offset, mpo))
    result["mpo_policy_positions_per_s"] = 2 * batch * args.mpo_length / step

    for sampling_batch in (1, 16):
        ids, _, _, images, offset = sequences(config, sampling_batch, 96, generator)
        seconds = median_time(args.repetitions, lambda: model.sample(ids, images, offset, 128, generator))
        result[f"sample_b{sampling_batch}_tokens_per_s"] = sampling_batch * 128 / seconds
    print(json.dumps(result))


if __name__ == "__main__":
    main()
