# The default recipe: `make reproduce` — the paper's pipeline at toy scale on the `small` model,
# about two hours of stages on 2 cores, most of them teaching M0 to read. Every line is one stage's
# parameters; change one and only that stage and what depends on it re-runs (the others come from
# the stage cache).

# mmpr-synth generate: problems per split and the data seed. perception teaches M0 to look
# (image descriptions, yes/no existence questions, image-free descriptions); sft trains M0's
# reasoning; pref is what M0 samples for correctness pairs; open has no answers (DropoutNTP);
# val is for tuning (and the grounding check); testmini is the final table only (1 000 problems,
# so paired differences of a few points can be resolved); pope holds the yes/no probes; reading
# holds perception's kinds of records in quantity for the reading curriculum (about 3 600 per
# family; the curriculum uses eight families' descriptions and the existence questions).
# 4 000 pref problems with few pairs each rather than 500 with many: measured on val, about the
# same number of pairs spread over more questions made MPO's CoT 32.0 % instead of 25.0 %
# (docs/model.md, "Preference data: many questions, few pairs each").
SYNTH = --seed 1 --sft 6000 --pref 4000 --open 200 --val 300 --testmini 1000 --pope 300 --perception 6000 --reading 50000

# mpo-train init: the model size (2.4 M parameters) and its initialisation seed.
INIT = --preset small --seed 1

# Reading first, one layout at a time, from init: the descriptions of tables, then of bar charts
# (the reading split). Every layout is a plateau of the loss that a model leaves only at a small
# learning rate (1e-4: at 2e-3 it never reads a digit) and only when the layout is alone; a model
# that reads tables learns bar charts fast. Measured (docs/model.md, "A curriculum that reads"):
# after this and perception, the model names 90 % of the numbers of fresh bar charts, tables and
# rectangles, against 13 % without.
READING_TABLES = --families table_sum --epochs 8 --batch-size 16 --lr 1e-4 --warmup-ratio 0.05
READING_BARS = --families bar_range,bar_second --epochs 3 --batch-size 16 --lr 1e-4 --warmup-ratio 0.05

# Perception then, 3 epochs over the perception split (every family, existence questions,
# image-free descriptions), at the curriculum's rate. Measured on val (docs/model.md): without
# perception, M0's CoT answers are the same given the true image or another one.
PERCEPTION = --epochs 3 --batch-size 16 --lr 1e-4 --warmup-ratio 0.05

# Then the layouts perception leaves unread, one at a time: line plots and triangles (2 epochs),
# then shape scenes (3 epochs; about 1 370 steps each). Greedy descriptions of fresh images after
# perception (`mpo-eval describe`) name 32–39 % of a line plot's items, 43 % of a triangle's and
# 40–48 % of a scene's (numbers, colours, shape kinds, in place; a plausible guess scores about
# 40 %); after reading-lines 93–100 % and 99 %, after reading-shapes 96–99 % (docs/model.md,
# "Reading lines and shapes"). SFT's perception mix brings back the layouts each lesson forgets.
READING_LINES = --families line_change,line_slope,triangle_angle --epochs 2 --batch-size 16 --lr 1e-4 --warmup-ratio 0.05
READING_SHAPES = --families shape_count,shape_compare --epochs 3 --batch-size 16 --lr 1e-4 --warmup-ratio 0.05

# Then yes/no existence questions about shape scenes (the reading split), answered directly, one
# attribute at a time: 3 epochs of "Is there a red shape?", then of "Is there a triangle?", then
# of POPE's own form, "Is there a red triangle?" (about 3 300 questions each). Asked about objects
# from the start, the model answered every one "no" in every budget tried; after a lesson on one
# colour it answers them (docs/model.md, "One attribute before two").
EXISTS = --sft-prompts direct --epochs 3 --batch-size 16 --lr 1e-4 --warmup-ratio 0.05

# M0 = SFT from the existence lessons on the sft split's reference solutions (CoT and direct
# examples) with the perception split mixed in, so that task training does not erase looking
# (docs/method.md, "Training defaults": AdamW, weight decay 0.05 except norms and biases, cosine
# schedule with 5 % warm-up, clip 1.0). 4 epochs: on val, CoT 29.7 % and grounding +4.5 nats
# against 18.7 % and +1.1 after 2 epochs (docs/model.md). At 1e-4 after the curriculum, val CoT
# 41.3 % against 34.3 % at 3e-4 and 27.7 % for the old recipe (perception 2e-3, SFT 1e-3).
# Grouping by length was 1.3× faster but reached 25.0 % CoT.
SFT = --epochs 4 --batch-size 16 --lr 1e-4 --warmup-ratio 0.05

# mmpr-sample: N CoT samples per pref problem in the paper's template (the paper: 32), M per
# open prompt; top-k 50 as in the paper. Temperature 0.7 (the paper: 1.0), chosen on val: it puts
# more problems between a quarter and three quarters of correct samples, where correctness pairs
# come from (REPORT.md's preference-data table).
SAMPLE = --splits pref,open --samples 8 --open-samples 2 --temperature 0.7 --max-new-tokens 96 --batch-size 16

# mmpr-dropntp: cut each open-prompt answer after half its words; continue without the image.
DROPNTP = --dropout-ratio 0.5 --max-new-tokens 64 --batch-size 16

# mmpr-pair: at most this many pairs per question (the paper: 15), drawn with this seed. 2 over
# 4 000 problems makes about as many pairs as 15 over 500, from eight times as many questions.
PAIR = --max-pairs-per-question 2 --seed 0

# mpo-train reflogps: the frozen M0's log-probs of every pair, computed once for all runs.
REFLOGPS = --batch-size 8

# Every run from M0 on the pairs (and SFT on their chosen sides): optimiser and data order.
# The paper: lr 5e-6 for an 8B model, β 0.1. On val, from the M0 of the reading curriculum, MPO
# at 5e-5 lost 2.7 CoT points to M0 (line slopes) where 2e-5 and 1e-5 kept its accuracy (44.0 %
# against 43.7 %); from the earlier M0 (SFT at 1e-3), 5e-5 had done better than 2e-4
# (docs/model.md). Batches grouped by length: the runs take about a quarter less time.
PREFERENCE = --epochs 1 --batch-size 8 --lr 2e-5 --seed 0 --group-by-length
# β of every run with a preference term (DPO, DPO+SFT, BCO+SFT, MPO). The paper: 0.1. On a second
# val draw of 1 000 problems (seed 78), MPO's CoT at β 0.5 / 0.1 / 0.02: 42.2 / 40.7 / 46.6 % (M0
# 43.6): at 0.1 the sigmoid term pulls the chosen responses down with the rejected ones and MPO
# loses reading families (the tallest bar's colour 48 right against M0's 64); at 0.02 its SFT term
# leads and it keeps them while keeping the reasoning gain (bar ranges 42 against 29; docs/model.md,
# "A smaller β keeps the reading and the reasoning gain"). The comparison runs take the same β.
# On testmini MPO is then 2.7 points above M0 and level with SFT on the chosen responses: at this
# β the preference terms add little.
BETA = --beta 0.02

# Data-order seeds beyond PREFERENCE's, for MPO and SFT on chosen: each adds both runs with that
# seed and their testmini scores (about 17 minutes of stages per seed at 1 thread), and the report
# compares the seed-averaged outcomes. On val2, three seeds of MPO scored 46.6 / 45.2 / 44.9 % CoT:
# one run's gain over M0 is partly its draw (docs/model.md, "How much of it is the seed").
SEEDS = 1 2

# Extra settings of the MPO run only (the mix itself is --loss mpo: 0.8 sigmoid + 0.2 bco_pair + 1.0 sft).
MPO =

# mpo-eval run: greedy decoding budget.
EVAL = --max-new-tokens 96 --batch-size 16

# mpo-eval grounding on val: problems per forward.
GROUNDING = --batch-size 16
# The reading check: a fresh draw of 1 500 perception records (another seed; 1 050 of them are
# described images), which every model describes greedily (mpo-eval describe); no stage trains on it.
FRESH_IMAGES = --seed 77 --sft 0 --pref 0 --open 0 --val 0 --testmini 0 --pope 0 --perception 1500
DESCRIBE = --max-new-tokens 128 --batch-size 16

REPORT_NOTES = Default recipe: small model (2.4 M parameters), synthetic MathVista-style data (docs/problems.md); tuned on val only.
