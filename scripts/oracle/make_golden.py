"""Writes the golden files of Tests/OracleTests from PyTorch and TRL 0.9.6 (the TRL version
InternVL's MPO code pins): the independent oracle for the model, the MPO loss, δ and AdamW.

    python make_golden.py INIT.mmpr OUTPUT_FOLDER

INIT.mmpr is `mpo-train init --preset tiny --seed 1 --phrases none`; its weight matrices are
scaled by GAIN so that logits are far from uniform (the Swift tests scale the same way). Inputs
(texts, images, reference log-probs, settings) are fixed here; every output is computed by
torch (the model, autograd, AdamW, gradient clipping) or TRL (the DPO and BCO-pair losses and
BCO's running reward mean δ), never by our Swift code.
"""

import json
import math
import sys
import types
from pathlib import Path

import torch
import torch.nn.functional as F
from accelerate import Accelerator
from trl.trainer.dpo_trainer import DPOTrainer
from trl.trainer.utils import RunningMoments

import twin

GAIN = 4.0
SAMPLES_PER_TENSOR = 16
BETA = 0.1
# The MPO mix (docs/method.md): 0.8 · sigmoid + 0.2 · bco_pair + 1.0 · per-sequence SFT.
WEIGHTS = {"sigmoid": 0.8, "bco_pair": 0.2}
SFT_WEIGHT = 1.0


def image(k, size):
    """Test image k: pixel (y, x, c) = ((7x + 13y + 29c + 37k) mod 256) / 255, in float32."""
    y, x, c = torch.meshgrid(torch.arange(size), torch.arange(size), torch.arange(3), indexing="ij")
    return ((7 * x + 13 * y + 29 * c + 37 * k) % 256).float() / 255


def sample_indices(count):
    """SAMPLES_PER_TENSOR evenly spread flat indices (all of them for small tensors)."""
    if count <= SAMPLES_PER_TENSOR:
        return list(range(count))
    return [k * count // SAMPLES_PER_TENSOR + count // (2 * SAMPLES_PER_TENSOR) for k in range(SAMPLES_PER_TENSOR)]


def summary(tensor):
    """What a golden file keeps of a tensor: its sum and L2 norm (in float64) and sampled values."""
    flat = tensor.detach().double().flatten()
    indices = sample_indices(flat.numel())
    return {"sum": flat.sum().item(), "norm": flat.norm().item(), "indices": indices, "values": [flat[i].item() for i in indices]}


def trl_loss(loss_type, running, chosen, rejected, ref_chosen, ref_rejected):
    """TRL 0.9.6's own DPOTrainer.dpo_loss, on a stand-in `self` holding only what it reads."""
    trainer = types.SimpleNamespace(
        accelerator=running.accelerator, reference_free=False, f_divergence_type="reverse_kl", f_divergence_params=None,
        loss_type=loss_type, beta=BETA, label_smoothing=0.0, running=running)
    losses, _, _ = DPOTrainer.dpo_loss(trainer, chosen, rejected, ref_chosen, ref_rejected)
    return losses


def mpo_loss(model, pairs, reference, running):
    """InternVL's MPO loss of one micro-batch: per pair Σ_k w_k·TRL_k + SFT, then the mean.
    The SFT term is each chosen response's mean token cross-entropy (torch's), as in the paper."""
    v = model.c["vocabulary_size"]
    examples = [p["chosen_example"] for p in pairs] + [p["rejected_example"] for p in pairs]
    ids, targets, mask = twin.batch(examples, v)
    images = torch.stack([image(p["image"], model.c["image_size"]) for p in pairs] * 2)
    logits = model.logits(ids, images, examples[0][2])
    sums, _ = twin.summed_log_probs(logits, targets, mask)
    b = len(pairs)
    chosen, rejected = sums[:b], sums[b:]
    ref_chosen = torch.tensor([r[0] for r in reference])
    ref_rejected = torch.tensor([r[1] for r in reference])
    terms = {name: trl_loss(name, running, chosen, rejected, ref_chosen, ref_rejected) for name in WEIGHTS}
    sft = torch.stack([F.cross_entropy(logits[i][mask[i] > 0], targets[i][mask[i] > 0]) for i in range(b)])
    per_pair = sum(WEIGHTS[name] * terms[name] for name in WEIGHTS) + SFT_WEIGHT * sft
    values = {name: terms[name].mean().item() for name in WEIGHTS}
    values["sft"] = sft.mean().item()
    return per_pair.mean(), values, chosen, rejected


def forward_case(model, items, with_image):
    """Logits at a few positions, per-token and summed log-probs of a batch of (question, response, image)."""
    v, ni = model.c["vocabulary_size"], model.c["image_tokens"]
    examples = [twin.template(q, r, ni if with_image else 0, v) for q, r, _ in items]
    ids, targets, mask = twin.batch(examples, v)
    images = torch.stack([image(k, model.c["image_size"]) for _, _, k in items]) if with_image else None
    with torch.no_grad():
        logits = model.logits(ids, images, examples[0][2])
        sums, per_token = twin.summed_log_probs(logits, targets, mask)
    sequences = []
    for b, (q, r, k) in enumerate(items):
        length = len(examples[b][0])
        prompt = examples[b][1].index(True)
        positions = sorted({prompt - 1, (prompt + length) // 2, length - 2})
        sequences.append({
            "question": q, "response": r, "image": k if with_image else None, "ids": examples[b][0],
            "logit_positions": positions, "logits": [logits[b, t].tolist() for t in positions],
            "token_log_probs": [per_token[b, t].item() for t in range(length - 1) if mask[b, t] > 0],
            "summed_log_prob": sums[b].item()})
    return {"with_image": with_image, "sequences": sequences}


def pair_examples(model, specs):
    v, ni = model.c["vocabulary_size"], model.c["image_tokens"]
    return [{"question": q, "chosen": c, "rejected": r, "image": k,
             "chosen_example": twin.template(q, c, ni, v), "rejected_example": twin.template(q, r, ni, v)}
            for q, c, r, k in specs]


def public(pair):
    return {key: pair[key] for key in ("question", "chosen", "rejected", "image")}


def main(init_path, out):
    torch.manual_seed(0)
    torch.set_num_threads(1)
    config, tensors = twin.read_artifact(init_path)
    for name, tensor in tensors.items():
        if tensor.dim() == 2:
            tensor.mul_(GAIN)
    config["image_tokens"] = (config["image_size"] // config["patch_size"]) ** 2 // (4 if config["pixel_shuffle"] else 1)
    model = twin.Twin(config, tensors)
    out.mkdir(parents=True, exist_ok=True)
    checksums = {name: {"sum": t.double().sum().item(), "norm": t.double().norm().item()} for name, t in tensors.items()}
    header = {"generator": "scripts/oracle/make_golden.py", "torch": torch.__version__,
              "trl": __import__("trl").__version__, "model": {"preset": "tiny", "seed": 1, "phrases": "none", "gain": GAIN},
              "checksums": checksums}

    # 1. Forward: logits and log-probs, with and without an image.
    forward = dict(header, cases=[
        forward_case(model, [("What is the colour of the largest bar?", "Bars: red 4, blue 7.\nFinal answer: blue", 0),
                             ("How many circles?", "3", 1)], with_image=True),
        forward_case(model, [("Describe a scene with two triangles.", "Two green triangles on white; the left one is larger.", 0),
                             ("2+2=?", "4", 0)], with_image=False)])
    (out / "forward.json").write_text(json.dumps(forward, indent=1) + "\n")

    # 2. Gradients of the MPO loss at the initial weights, for every parameter.
    accelerator = Accelerator(cpu=True)
    pairs = pair_examples(model, [
        ("Which bar is tallest?", "Bars: P=3 Q=8 R=5.\nFinal answer: Q", "Bars: P=3 Q=2.\nFinal answer: P", 2),
        ("What is 3+4?", "3+4=7.\nFinal answer: 7", "Final answer: 8", 3)])
    with torch.no_grad():
        _, _, initial_chosen, initial_rejected = mpo_loss(model, pairs, [(0.0, 0.0)] * len(pairs), RunningMoments(accelerator))
    # The reference log-probs: the initial policy's, shifted so that the log-ratios start away from 0.
    reference = [(c - 0.7, r + 0.4) for c, r in zip(initial_chosen.tolist(), initial_rejected.tolist())]
    for t in tensors.values():
        t.requires_grad_(True)
    running = RunningMoments(accelerator)
    loss, terms, _, _ = mpo_loss(model, pairs, reference, running)
    loss.backward()
    gradients = dict(header, pairs=[public(p) for p in pairs], reference=reference, beta=BETA,
                     loss=loss.item(), terms=terms, delta=float(running.mean),
                     gradients={name: summary(t.grad) for name, t in tensors.items()})
    (out / "gradients.json").write_text(json.dumps(gradients, indent=1) + "\n")

    # 3. Ten MPO steps: torch's AdamW (decay off for norms, biases and the ViT positions),
    # clip_grad_norm_ at 1.0, linear warm-up for 1 step then cosine decay to 0 over 10.
    settings = {"steps": 10, "learning_rate": 2e-3, "warmup_steps": 1, "weight_decay": 0.05,
                "betas": [0.9, 0.999], "eps": 1e-8, "max_grad_norm": 1.0}
    no_decay = sorted(n for n, t in tensors.items() if t.dim() == 1 or n == "vision.positions")
    for t in tensors.values():
        t.grad = None
    optimizer = torch.optim.AdamW(
        [{"params": [t for n, t in tensors.items() if n not in no_decay], "weight_decay": settings["weight_decay"]},
         {"params": [t for n, t in tensors.items() if n in no_decay], "weight_decay": 0.0}],
        lr=settings["learning_rate"], betas=tuple(settings["betas"]), eps=settings["eps"], foreach=False)
    running = RunningMoments(accelerator)
    steps = []
    for step in range(1, settings["steps"] + 1):
        warmup, total, peak = settings["warmup_steps"], settings["steps"], settings["learning_rate"]
        rate = peak * step / warmup if step <= warmup else peak * 0.5 * (1 + math.cos(math.pi * (step - warmup) / (total - warmup)))
        optimizer.zero_grad()
        loss, terms, chosen, rejected = mpo_loss(model, pairs, reference, running)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(list(tensors.values()), settings["max_grad_norm"])
        for group in optimizer.param_groups:
            group["lr"] = rate
        optimizer.step()
        steps.append({"step": step, "lr": rate, "loss": loss.item(), "terms": terms, "delta": float(running.mean),
                      "grad_norm": norm.item(), "logps_chosen": chosen.tolist(), "logps_rejected": rejected.tolist()})
    training = dict(header, pairs=[public(p) for p in pairs], reference=reference, beta=BETA, settings=settings,
                    no_decay=no_decay, steps=steps, final={name: summary(t) for name, t in tensors.items()})
    (out / "training.json").write_text(json.dumps(training, indent=1) + "\n")

    # 4. TRL's losses on fixed log-probs: three micro-batches in a row, so δ accumulates.
    batches = [[(-12.0, -15.5, -12.8, -14.0), (-30.2, -22.0, -31.0, -21.5)],
               [(-8.0, -9.0, -8.5, -8.2), (-40.0, -44.0, -41.0, -42.0), (-5.5, -7.5, -6.0, -6.5)],
               [(-20.0, -19.0, -21.5, -18.0)]]
    running = RunningMoments(accelerator)
    results = []
    for rows in batches:
        columns = [torch.tensor(column, dtype=torch.float64) for column in zip(*rows)]
        sigmoid = trl_loss("sigmoid", running, *columns)
        bco = trl_loss("bco_pair", running, *columns)
        results.append({"pairs": [list(r) for r in rows], "sigmoid": sigmoid.tolist(), "bco_pair": bco.tolist(),
                        "delta": float(running.mean)})
    losses = {"generator": header["generator"], "trl": header["trl"], "beta": BETA, "batches": results,
              "columns": ["policy_chosen", "policy_rejected", "reference_chosen", "reference_rejected"]}
    (out / "losses.json").write_text(json.dumps(losses, indent=1) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: make_golden.py INIT.mmpr OUTPUT_FOLDER")
    main(sys.argv[1], Path(sys.argv[2]))
