# The default recipe: `make reproduce` — the paper's pipeline at toy scale on the `small` model,
# sized to finish in about half an hour on 2 cores. Every line is one stage's parameters; change
# one and only that stage and what depends on it re-runs (the others come from the stage cache).

# mmpr-synth generate: problems per split and the data seed. sft trains M0; pref is what M0
# samples for correctness pairs; open has no answers (DropoutNTP); val is for tuning; testmini
# is the final table only; pope holds the yes/no hallucination probes.
SYNTH = --seed 1 --sft 3600 --pref 500 --open 200 --val 300 --testmini 500 --pope 300

# mpo-train init: the model size (2.4 M parameters) and its initialisation seed.
INIT = --preset small --seed 1

# M0 = SFT on the reference solutions of the sft split, CoT and direct examples (spec §a.6:
# AdamW, weight decay 0.05 except norms and biases, cosine schedule with 5 % warm-up, clip 1.0).
SFT = --epochs 2 --batch-size 16 --lr 2e-3 --warmup-ratio 0.05

# mmpr-sample: N CoT samples per pref problem in the paper's template (the paper: 32), M per
# open prompt; temperature 1, top-k 50 as in the paper.
SAMPLE = --splits pref,open --samples 8 --open-samples 2 --max-new-tokens 96 --batch-size 16

# mmpr-dropntp: cut each open-prompt answer after half its words; continue without the image.
DROPNTP = --dropout-ratio 0.5 --max-new-tokens 64 --batch-size 16

# mmpr-pair: at most this many pairs per question (the paper: 15), drawn with this seed.
PAIR = --max-pairs-per-question 3 --seed 0

# mpo-train reflogps: the frozen M0's log-probs of every pair, computed once for all runs.
REFLOGPS = --batch-size 8

# Every run from M0 on the pairs (and SFT on their chosen sides): optimiser and data order.
# The paper: lr 5e-6 for an 8B model, β 0.1; a toy model from scratch needs a larger step.
PREFERENCE = --epochs 1 --batch-size 8 --lr 2e-4 --beta 0.1 --seed 0

# Extra settings of the MPO run only (the mix itself is --loss mpo: 0.8 sigmoid + 0.2 bco_pair + 1.0 sft).
MPO =

# mpo-eval run: greedy decoding budget.
EVAL = --max-new-tokens 96 --batch-size 16

REPORT_NOTES = Default recipe: small model (2.4 M parameters), synthetic MathVista-style data (docs/problems.md); tuned on val only.
