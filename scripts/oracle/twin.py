"""A PyTorch twin of the embedded ViT-MLP-LLM (docs/model.md), written from the documentation
rather than from the Swift code, so that it can serve as an independent oracle.

Everything is float32 and built from torch primitives: F.scaled_dot_product_attention,
F.gelu(approximate="tanh"), F.layer_norm, F.silu, autograd. It is also the PyTorch peer that
`make bench` times beside our model (scripts/bench-torch.py). The weights are
read from a model artifact's model.safetensors; names and shapes are the artifact's.
"""

import json
import math
import tarfile

import torch
import torch.nn.functional as F
from safetensors.torch import load as load_safetensors

# Token ids of the byte-level tokenizer (docs/model.md, "Tokens and template").
IM_START, IM_END, IMG_START, IMG_END = 256, 257, 258, 259


def read_artifact(path):
    """(config dict, {name: float32 tensor}) of a model artifact (a tar file)."""
    with tarfile.open(path) as archive:
        config = json.loads(archive.extractfile("config.json").read())
        tensors = load_safetensors(archive.extractfile("model.safetensors").read())
    # Sorted by name, so that everything iterating over the parameters (the gradient norm's sum,
    # the golden files' order) is the same whatever order the file lists them in.
    return config, {name: tensors[name].float() for name in sorted(tensors)}


def rms_norm(x, weight, eps):
    # y = x / sqrt(mean(x²) + eps) · w
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight


def rope_tables(length, head_dim, base):
    # angle(t, i) = t · base^(−2i/Dh), i < Dh/2, computed in float64 and rounded to float32
    i = torch.arange(head_dim // 2, dtype=torch.float64)
    t = torch.arange(length, dtype=torch.float64)[:, None]
    angle = t * base ** (-2 * i / head_dim)
    return torch.cos(angle).float(), torch.sin(angle).float()


def rotate_half(x, cos, sin):
    # feature i pairs with i + Dh/2: (a, b) → (a·cos − b·sin, b·cos + a·sin)
    half = x.shape[-1] // 2
    a, b = x[..., :half], x[..., half:]
    return torch.cat([a * cos - b * sin, b * cos + a * sin], dim=-1)


def attention(qkv, heads, causal, rope_base=None, cache=None, start=0):
    """qkv [B, T, 3D] packed q|k|v, heads contiguous within each → [B, T, D]. With a `cache`
    (a dict, empty at first) the keys and values of earlier positions start..<start+T are kept in
    it and attended to: the KV-cache decoding of make bench's sampling."""
    b, t, three_d = qkv.shape
    d = three_d // 3
    dh = d // heads
    q, k, v = (part.reshape(b, t, heads, dh).transpose(1, 2) for part in qkv.split(d, dim=-1))
    if rope_base is not None:
        cos, sin = rope_tables(start + t, dh, rope_base)
        q, k = rotate_half(q, cos[start:], sin[start:]), rotate_half(k, cos[start:], sin[start:])
    if cache is not None:
        if "k" in cache:
            k, v = torch.cat([cache["k"], k], dim=2), torch.cat([cache["v"], v], dim=2)
        cache["k"], cache["v"] = k, v
    # softmax(q·kᵀ/√Dh + mask)·v; under the causal mask query start + i sees keys 0 ..< start + i + 1
    # (a single decoded position sees every cached key: no mask).
    if causal and t > 1 and start == 0:
        out = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    elif causal and t > 1:
        visible = torch.arange(k.shape[2])[None, :] <= start + torch.arange(t)[:, None]
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=visible)
    else:
        out = F.scaled_dot_product_attention(q, k, v)
    return out.transpose(1, 2).reshape(b, t, d)


class Twin:
    def __init__(self, config, tensors):
        self.c = config
        self.p = tensors

    def linear(self, x, name, bias=False):
        y = x @ self.p[name + ".weight"].T
        return y + self.p[name + ".bias"] if bias else y

    def patches(self, images):
        """images [B, S, S, 3] in [0, 1] → [B, N, P·P·3]: row-major grid, features (row, column, channel), 2p − 1."""
        s, p = self.c["image_size"], self.c["patch_size"]
        g = s // p
        x = images.reshape(-1, g, p, g, p, 3).permute(0, 1, 3, 2, 4, 5)
        return (2 * x - 1).reshape(-1, g * g, p * p * 3)

    def vision(self, images):
        c, eps = self.c, self.c["norm_eps"]
        x = self.linear(self.patches(images), "vision.patch_embed", bias=True) + self.p["vision.positions"]
        for i in range(c["vision_layers"]):
            n = f"vision.layers.{i}"
            qkv = self.linear(rms_norm(x, self.p[n + ".attn_norm.weight"], eps), n + ".attn.qkv")
            x = x + self.linear(attention(qkv, c["vision_heads"], causal=False), n + ".attn.proj")
            h = F.gelu(self.linear(rms_norm(x, self.p[n + ".mlp_norm.weight"], eps), n + ".mlp.fc1"), approximate="tanh")
            x = x + self.linear(h, n + ".mlp.fc2")
        return rms_norm(x, self.p["vision.norm.weight"], eps)

    def image_tokens(self, images):
        c = self.c
        x = self.vision(images)
        b, n, dv = x.shape
        if c["pixel_shuffle"]:
            # y[b, i, j, (2·di + dj)·C + c] = x[b, 2i + di, 2j + dj, c]
            g = int(math.isqrt(n))
            x = x.reshape(b, g // 2, 2, g // 2, 2, dv).permute(0, 1, 3, 2, 4, 5).reshape(b, n // 4, 4 * dv)
        if c["projector_norm"]:
            x = F.layer_norm(x, (x.shape[-1],), self.p["projector.norm.weight"], self.p["projector.norm.bias"], c["norm_eps"])
        return self.linear(F.gelu(self.linear(x, "projector.fc1", bias=True), approximate="tanh"), "projector.fc2", bias=True)

    def embeddings(self, ids, images=None, image_offset=None):
        """ids [B, T] (image placeholders and padding are any id ≥ V) → the LLM's input [B, T, D]."""
        x = self.p["llm.embed.weight"][torch.where(ids < self.c["vocabulary_size"], ids, torch.zeros_like(ids))]
        if images is None:
            return x
        tokens = self.image_tokens(images)
        end = image_offset + tokens.shape[1]
        return torch.cat([x[:, :image_offset], tokens, x[:, end:]], dim=1)

    def llm(self, x, caches=None, start=0):
        """Input embeddings [B, T, D] at positions start..<start+T → logits [B, T, V]; `caches`
        (one dict per layer) keeps keys and values for decoding."""
        c, eps = self.c, self.c["norm_eps"]
        for i in range(c["llm_layers"]):
            n = f"llm.layers.{i}"
            qkv = self.linear(rms_norm(x, self.p[n + ".attn_norm.weight"], eps), n + ".attn.qkv")
            attended = attention(qkv, c["llm_heads"], causal=True, rope_base=c["rope_base"],
                                 cache=None if caches is None else caches[i], start=start)
            x = x + self.linear(attended, n + ".attn.proj")
            h = rms_norm(x, self.p[n + ".mlp_norm.weight"], eps)
            x = x + self.linear(F.silu(self.linear(h, n + ".mlp.gate")) * self.linear(h, n + ".mlp.up"), n + ".mlp.down")
        return self.linear(rms_norm(x, self.p["llm.norm.weight"], eps), "llm.head")

    def logits(self, ids, images=None, image_offset=None):
        """Teacher-forced logits [B, T, V]: row t scores the token at t + 1."""
        return self.llm(self.embeddings(ids, images, image_offset))

    @torch.no_grad()
    def sample(self, ids, images, image_offset, new_tokens, generator):
        """Prefill the prompts [B, T] together, then draw `new_tokens` tokens per row at
        temperature 1 (never stopping early) with a KV cache → [B, new_tokens]."""
        caches = [{} for _ in range(self.c["llm_layers"])]
        logits = self.llm(self.embeddings(ids, images, image_offset), caches)[:, -1]
        position, drawn = ids.shape[1], []
        for _ in range(new_tokens):
            token = torch.multinomial(torch.softmax(logits, dim=-1), 1, generator=generator)
            drawn.append(token)
            logits = self.llm(self.p["llm.embed.weight"][token], caches, start=position)[:, -1]
            position += 1
        return torch.cat(drawn, dim=1)


def template(question, response, image_tokens, vocabulary_size):
    """The internlm2-chat example of docs/model.md, as (ids, supervised, image offset or None):
    <|im_start|>user\\n[<img>{IMG_CONTEXT × Ni}</img>\\n]{question}<|im_end|><|im_start|>assistant\\n{response}<|im_end|>
    Supervised: the response bytes and the closing <|im_end|>. IMG_CONTEXT is the id V."""
    def utf8(text):
        return list(text.encode("utf-8"))

    ids = [IM_START] + utf8("user\n")
    offset = None
    if image_tokens:
        ids.append(IMG_START)
        offset = len(ids)
        ids += [vocabulary_size] * image_tokens + [IMG_END] + utf8("\n")
    ids += utf8(question) + [IM_END, IM_START] + utf8("assistant\n")
    prompt = len(ids)
    ids += utf8(response) + [IM_END]
    return ids, [i >= prompt for i in range(len(ids))], offset


def batch(examples, vocabulary_size):
    """Right-pads templated examples (padding id V + 1) → (ids [B, T], targets [B, T], mask [B, T]).
    targets[b, t] = ids[b, t + 1] where that token is supervised (the logits at t score t + 1)."""
    length = max(len(ids) for ids, _, _ in examples)
    ids = torch.full((len(examples), length), vocabulary_size + 1, dtype=torch.long)
    targets = torch.zeros((len(examples), length), dtype=torch.long)
    mask = torch.zeros((len(examples), length))
    for b, (sequence, supervised, _) in enumerate(examples):
        ids[b, : len(sequence)] = torch.tensor(sequence)
        for t in range(1, len(sequence)):
            if supervised[t]:
                targets[b, t - 1] = sequence[t]
                mask[b, t - 1] = 1
    return ids, targets, mask


def summed_log_probs(logits, targets, mask):
    """Per sequence Σ_t mask·log_softmax(logits[t])[target[t]] → [B], and the per-token log-probs."""
    per_token = torch.log_softmax(logits, dim=-1).gather(-1, targets[..., None])[..., 0] * mask
    return per_token.sum(-1), per_token
