# The smoke recipe: every stage of the default pipeline at seconds scale, on the tiny model.
# CI runs it (`make verify RECIPE=smoke` against recipes/smoke.lock); the numbers in its report
# mean nothing — it proves the plumbing, the determinism and the cache, not the method.

# mmpr-synth generate: problems per split (sft/pref/open/val/testmini/pope/perception/reading) and the data seed.
SYNTH = --seed 1 --sft 96 --pref 24 --open 8 --val 24 --testmini 24 --pope 12 --perception 40 --reading 160

# mpo-train init: the model size and its initialisation seed.
INIT = --preset tiny --seed 1

# The reading curriculum from init: tables, then bar charts, one layout at a time.
READING_TABLES = --families table_sum --epochs 1 --batch-size 8 --lr 3e-3 --warmup-ratio 0.05
READING_BARS = --families bar_range,bar_second --epochs 1 --batch-size 8 --lr 3e-3 --warmup-ratio 0.05

# Then perception: descriptions and existence questions (the perception split).
PERCEPTION = --epochs 1 --batch-size 16 --lr 3e-3 --warmup-ratio 0.05

# Then line plots and triangles, then shape scenes, each alone.
READING_LINES = --families line_change,line_slope,triangle_angle --epochs 1 --batch-size 8 --lr 3e-3 --warmup-ratio 0.05
READING_SHAPES = --families shape_count,shape_compare --epochs 1 --batch-size 8 --lr 3e-3 --warmup-ratio 0.05

# Existence questions answered directly, one attribute at a time (a colour, a shape, both).
EXISTS = --sft-prompts direct --epochs 1 --batch-size 8 --lr 3e-3 --warmup-ratio 0.05

# M0 = SFT from the existence lessons on the sft split's reference solutions (CoT and direct
# examples) mixed with the perception split.
SFT = --epochs 12 --batch-size 8 --lr 3e-3 --warmup-ratio 0.05

# mmpr-sample on pref (N CoT samples each) and open (M samples each), temperature 1, top-k 50.
SAMPLE = --splits pref,open --samples 8 --open-samples 2 --max-new-tokens 48 --batch-size 16

# mmpr-dropntp: continue the first half of each open-prompt answer without the image.
DROPNTP = --max-new-tokens 48 --batch-size 16

# mmpr-pair: at most this many pairs per question, drawn with this seed.
PAIR = --max-pairs-per-question 15 --seed 0

# mpo-train reflogps: the frozen reference's log-probs of every pair, computed once.
REFLOGPS = --batch-size 8

# Every preference run (and SFT on the chosen responses) from M0: optimiser and data order.
PREFERENCE = --epochs 1 --batch-size 8 --lr 5e-4 --seed 0
# β of the runs with a preference term.
BETA = --beta 0.1
# One more data-order seed of MPO and SFT on chosen, so the report's seed section is exercised.
SEEDS = 1

# Extra settings of the MPO run only.
MPO =

# mpo-eval run: greedy decoding budget.
EVAL = --max-new-tokens 48 --batch-size 16

# mpo-eval grounding on val: problems per forward.
GROUNDING = --batch-size 16

# The reading check: 40 fresh perception records (28 described images), described by every model.
FRESH_IMAGES = --seed 77 --sft 0 --pref 0 --open 0 --val 0 --testmini 0 --pope 0 --perception 40
DESCRIBE = --max-new-tokens 48 --batch-size 16

REPORT_NOTES = Smoke recipe: seconds-scale sizes on the tiny model; the numbers test the plumbing, not the method.
