# The MPO toolkit. `make reproduce` runs the whole dataset-to-MathVista pipeline (docs/pipeline.md);
# `make test` on a fresh machine installs what it needs and runs every test.
#
#   make reproduce [RECIPE=default|smoke]   every stage, then build/<recipe>/REPORT.md
#   make status                             per stage: up to date, or why it would run
#   make lock / make verify                 write recipes/<recipe>.lock / compare a rebuild with it
#   make report, make clean, make deps, make build, make test, make bench
#   make oracle                             regenerate the PyTorch/TRL golden files of the tests
#   make interop                            the TRL and InternVL exports read by datasets, TRL and InternVL's loader
#   make format / make format-check         apply / check the committed .swift-format style
#   make fuzz [FUZZ_SECONDS=30]             the parsers under libFuzzer and AddressSanitizer
#
# Variables: RECIPE (default), FRESH=1 (a cold run: every stage runs and replaces its cache entry), MPO_THREADS (worker
# threads; results are bit-identical for any count), CONFIG (release; debug reuses the test build), SHARDS=N (sampling
# as N shard stages merged into the unsharded bytes).

SWIFT ?= swift
SWIFT_FLAGS ?=
RECIPE ?= default
CONFIG ?= release
BIN := .build/$(CONFIG)
OUT := build/$(RECIPE)
CACHE ?= build/cache
# OpenBLAS picks its kernels by CPU; pinning one that every AVX2 machine runs makes the bits the
# same across machines, so a lock written here verifies there.
OPENBLAS_CORETYPE ?= Haswell
export OPENBLAS_CORETYPE MPO_THREADS
# The real MathVista files some tests compare against (never trained on): beside the checkout when
# present; tests that need them are skipped, each with one line, when the variable is empty.
MATHVISTA_FIXTURES ?= $(if $(wildcard ../shared/fixtures/mathvista/testmini.json),$(abspath ../shared/fixtures/mathvista))
export MATHVISTA_FIXTURES

.PHONY: deps build test bench oracle interop format format-check fuzz reproduce report status lock verify clean force
.DELETE_ON_ERROR:

deps:
	@scripts/deps.sh

build: deps
	$(SWIFT) build -c release $(SWIFT_FLAGS)

# The tests' `python3` is the project venv's (scripts/deps.sh): numpy, safetensors, scipy, openai.
test: deps
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	PATH="$(abspath build/test-venv/bin):$$PATH" $(SWIFT) test --skip-build --disable-swift-testing $(SWIFT_FLAGS)
	$(MAKE) --no-print-directory verify RECIPE=smoke CONFIG=debug
	$(MAKE) --no-print-directory verify RECIPE=smoke CONFIG=debug SHARDS=2

bench: build
	@scripts/bench.sh $(BIN)

oracle: build
	@scripts/oracle/run.sh $(BIN)

# The smoke recipe's pairs, exported for TRL and InternVL and read back by what reads them there.
interop: build
	@$(MAKE) --no-print-directory RECIPE=smoke build/smoke/pairs.mmpr
	@scripts/interop/run.sh $(BIN) build/smoke/pairs.mmpr

# The style of .swift-format (the toolchain's swift-format): layout only, 4 spaces, 140 columns.
format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

format-check:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

FUZZ_SECONDS ?= 30
fuzz: deps
	@scripts/fuzz.sh $(FUZZ_SECONDS)

# ── The pipeline ─────────────────────────────────────────────────────────────────────────────
# Each stage is one tool run writing one artifact. Make decides by timestamps which commands to
# call; each tool then computes its stage key (tool, version, executable hash, parameters, input
# hashes) and, on a hit in the stage cache, copies the checked artifact and returns at once — so a
# touched-but-unchanged file, or a change upstream that leaves an input's bytes alone, costs
# milliseconds (docs/pipeline.md, "Content-based rebuilds").

include recipes/$(RECIPE).mk

ifdef FRESH
CACHE_FLAGS = --cache $(CACHE) --refresh
FORCE := force
else
CACHE_FLAGS = --cache $(CACHE)
FORCE :=
endif

TOOLS_BUILT := $(BIN)/.tools-built
$(TOOLS_BUILT): $(shell find Sources -name '*.swift') Package.swift
	@scripts/deps.sh
	$(SWIFT) build -c $(CONFIG) $(SWIFT_FLAGS)
	@touch $@

$(OUT):
	@mkdir -p $@

# stage NAME, INPUT STAGES: build/<recipe>/NAME.mmpr from $(CMD_NAME) plus the cache and output.
# Each stage also depends on NAME.cmd, its command line, rewritten only when it changes: so a
# parameter changed in the recipe or on the command line re-runs that stage and nothing else
# that did not depend on it.
STAGES :=
define stage
STAGES += $(1)
$(OUT)/$(1).mmpr: $(foreach input,$(2),$(OUT)/$(input).mmpr) $(OUT)/$(1).cmd $(TOOLS_BUILT) $(FORCE) | $(OUT)
	@scripts/stage.sh $(OUT)/timings.tsv $(1) $$(CMD_$(1)) $$(CACHE_FLAGS) -o $$@
endef

$(OUT)/%.cmd: force | $(OUT)
	@printf '%s\n' '$(CMD_$*)' | cmp -s - $@ || printf '%s\n' '$(CMD_$*)' > $@

CMD_problems = $(BIN)/mmpr-synth generate $(SYNTH)
CMD_init     = $(BIN)/mpo-train init $(INIT)
# The reading curriculum: one layout at a time (tables, then bar charts) from init, each a plateau
# that the mix alone does not leave (docs/model.md, "A curriculum that reads").
# $(call fit_reading,MODEL): SFT from MODEL on the reading split's records (the recipe names the families).
fit_reading = $(BIN)/mpo-train fit --model $(OUT)/$(1).mmpr --data $(OUT)/problems.mmpr --split reading --loss sft
CMD_reading-tables = $(call fit_reading,init) $(READING_TABLES)
CMD_reading-bars   = $(call fit_reading,reading-tables) $(READING_BARS)
CMD_percept  = $(BIN)/mpo-train fit --model $(OUT)/reading-bars.mmpr --data $(OUT)/problems.mmpr --split perception --loss sft $(PERCEPTION)
# Then the layouts the mix leaves unread, again one at a time: line plots and triangles, then shape
# scenes (docs/model.md, "Reading lines and shapes").
CMD_reading-lines  = $(call fit_reading,percept) $(READING_LINES)
CMD_reading-shapes = $(call fit_reading,reading-lines) $(READING_SHAPES)
# Existence questions answered directly, one attribute at a time (a colour, a kind of shape, then
# both): asked about both from the start, the model did not leave "no" (docs/model.md, "One
# attribute before two").
CMD_exists-colour = $(BIN)/mpo-train fit --model $(OUT)/reading-shapes.mmpr --data $(OUT)/problems.mmpr --split reading --families exists_colour --loss sft $(EXISTS)
CMD_exists-shape  = $(BIN)/mpo-train fit --model $(OUT)/exists-colour.mmpr --data $(OUT)/problems.mmpr --split reading --families exists_shape --loss sft $(EXISTS)
CMD_exists-object = $(BIN)/mpo-train fit --model $(OUT)/exists-shape.mmpr --data $(OUT)/problems.mmpr --split reading --families pope_shapes --loss sft $(EXISTS)
CMD_sft      = $(BIN)/mpo-train fit --model $(OUT)/exists-object.mmpr --data $(OUT)/problems.mmpr --split sft,perception --loss sft $(SFT)
CMD_samples  = $(BIN)/mmpr-sample --problems $(OUT)/problems.mmpr --model $(OUT)/sft.mmpr $(SAMPLE)
CMD_ntp      = $(BIN)/mmpr-dropntp --samples $(OUT)/samples.mmpr --model $(OUT)/sft.mmpr $(DROPNTP)
CMD_pairs    = $(BIN)/mmpr-pair build --problems $(OUT)/problems.mmpr --samples $(OUT)/samples.mmpr --ntp $(OUT)/ntp.mmpr $(PAIR)
CMD_reflogps = $(BIN)/mpo-train reflogps --model $(OUT)/sft.mmpr --pairs $(OUT)/pairs.mmpr $(REFLOGPS)
# SHARDS=N: sampling as N shard stages (build/<recipe>/shards/samples-K.mmpr, what N machines
# would each run; docs/pipeline.md, "Running the data engine on several machines"), merged into
# samples.mmpr with the very bytes of one unsharded run, so the lock verifies the sharded pipeline.
ifneq ($(SHARDS),)
SHARD_INDICES := $(shell seq 0 $$(( $(SHARDS) - 1 )))
SHARD_FILES := $(foreach k,$(SHARD_INDICES),$(OUT)/shards/samples-$(k).mmpr)
CMD_sample_shard = $(CMD_samples)
define shard_stage
$(OUT)/shards/samples-$(1).mmpr: $(OUT)/problems.mmpr $(OUT)/sft.mmpr $(OUT)/samples.cmd $(TOOLS_BUILT) $(FORCE) | $(OUT)/shards
	@scripts/stage.sh $(OUT)/timings.tsv samples-$(1) $$(CMD_sample_shard) --shard $(1)/$(SHARDS) $$(CACHE_FLAGS) -o $$@
endef
$(foreach k,$(SHARD_INDICES),$(eval $(call shard_stage,$(k))))
$(OUT)/shards:
	@mkdir -p $@
$(OUT)/samples.mmpr: $(SHARD_FILES)
CMD_samples_merge = $(BIN)/mmpr-sample --problems $(OUT)/problems.mmpr $(foreach file,$(SHARD_FILES),--merge $(file))
endif

$(eval $(call stage,problems,))
$(eval $(call stage,init,))
$(eval $(call stage,reading-tables,init problems))
$(eval $(call stage,reading-bars,reading-tables problems))
$(eval $(call stage,percept,reading-bars problems))
$(eval $(call stage,reading-lines,percept problems))
$(eval $(call stage,reading-shapes,reading-lines problems))
$(eval $(call stage,exists-colour,reading-shapes problems))
$(eval $(call stage,exists-shape,exists-colour problems))
$(eval $(call stage,exists-object,exists-shape problems))
$(eval $(call stage,sft,exists-object problems))
ifneq ($(SHARDS),)
define merged_samples_stage
STAGES += samples
$(OUT)/samples.mmpr: $(OUT)/problems.mmpr $(OUT)/sft.mmpr $(TOOLS_BUILT) $(FORCE) | $(OUT)
	@scripts/stage.sh $(OUT)/timings.tsv samples $$(CMD_samples_merge) -o $$@
endef
$(eval $(merged_samples_stage))
else
$(eval $(call stage,samples,problems sft))
endif
$(eval $(call stage,ntp,samples sft))
$(eval $(call stage,pairs,problems samples ntp))
$(eval $(call stage,reflogps,sft pairs))

# The comparison runs of Table 3, all from M0 on the same pairs and reference log-probs; β only
# for those with a preference term (SFT on the chosen responses has none).
PREFERENCE_FIT = $(BIN)/mpo-train fit --model $(OUT)/sft.mmpr --data $(OUT)/pairs.mmpr --reflogps $(OUT)/reflogps.mmpr $(PREFERENCE) $(BETA)
CMD_chosen = $(BIN)/mpo-train fit --model $(OUT)/sft.mmpr --data $(OUT)/pairs.mmpr --loss sft $(PREFERENCE)
CMD_dpo    = $(PREFERENCE_FIT) --loss sigmoid
CMD_dposft = $(PREFERENCE_FIT) --loss sigmoid=1,sft=1
CMD_bcosft = $(PREFERENCE_FIT) --loss bco_pair=1,sft=1
CMD_mpo    = $(PREFERENCE_FIT) --loss mpo $(MPO)
# The same MPO run without the DropoutNTP pairs: what they add.
CMD_mponontp = $(PREFERENCE_FIT) --loss mpo $(MPO) --pair-kinds correctness,format
$(eval $(call stage,chosen,sft pairs))
$(foreach run,dpo dposft bcosft mpo mponontp,$(eval $(call stage,$(run),sft pairs reflogps)))

# The runs the headline compares (MPO, and SFT on its chosen responses) again with each data-order
# seed of the recipe's SEEDS, scored on testmini: one run is one draw of its data order, and the
# report compares the seed-averaged outcomes beside the single runs (docs/pipeline.md, "`mpo-eval
# report`"). The later --seed overrides PREFERENCE's.
SEEDED_RUNS := chosen mpo
SEEDED := $(foreach run,$(SEEDED_RUNS),$(foreach seed,$(SEEDS),$(run)-seed$(seed)))
$(foreach run,$(SEEDED_RUNS),$(foreach seed,$(SEEDS),$(eval CMD_$(run)-seed$(seed) = $(CMD_$(run)) --seed $(seed))))
$(foreach seed,$(SEEDS),$(eval $(call stage,chosen-seed$(seed),sft pairs)))
$(foreach seed,$(SEEDS),$(eval $(call stage,mpo-seed$(seed),sft pairs reflogps)))

# Every model on testmini (Direct and CoT), on the POPE probes, and whether it reads its images (val).
MODELS := sft chosen dpo dposft bcosft mpo mponontp
$(foreach model,$(MODELS) $(SEEDED),$(eval CMD_eval-$(model) = $(BIN)/mpo-eval run --model $(OUT)/$(model).mmpr --problems $(OUT)/problems.mmpr --split testmini --modes direct,cot $(EVAL)))
$(foreach model,$(MODELS),$(eval CMD_pope-$(model) = $(BIN)/mpo-eval run --model $(OUT)/$(model).mmpr --problems $(OUT)/problems.mmpr --split pope --modes direct $(EVAL)))
$(foreach model,$(MODELS),$(eval CMD_grounding-$(model) = $(BIN)/mpo-eval grounding --model $(OUT)/$(model).mmpr --problems $(OUT)/problems.mmpr --split val $(GROUNDING)))
$(foreach model,$(MODELS) $(SEEDED),$(eval $(call stage,eval-$(model),$(model) problems)))
$(foreach model,$(MODELS),$(eval $(call stage,pope-$(model),$(model) problems)))
$(foreach model,$(MODELS),$(eval $(call stage,grounding-$(model),$(model) problems)))

# What every model names in images no stage trained on: greedy descriptions of a fresh draw,
# scored item by item and paired with M0's in the report (docs/pipeline.md, "`mpo-eval describe`").
CMD_fresh-images = $(BIN)/mmpr-synth generate $(FRESH_IMAGES)
$(eval $(call stage,fresh-images,))
$(foreach model,$(MODELS),$(eval CMD_describe-$(model) = $(BIN)/mpo-eval describe --model $(OUT)/$(model).mmpr --problems $(OUT)/fresh-images.mmpr $(DESCRIBE)))
$(foreach model,$(MODELS),$(eval $(call stage,describe-$(model),$(model) fresh-images)))

LABEL_sft := M0
LABEL_chosen := M0 + SFT on chosen
LABEL_dpo := M0 + DPO
LABEL_dposft := M0 + DPO+SFT
LABEL_bcosft := M0 + BCO+SFT
LABEL_mpo := M0 + MPO
LABEL_mponontp := M0 + MPO without DropoutNTP
STAGE_FILES := $(foreach stage,$(STAGES),$(OUT)/$(stage).mmpr)

$(OUT)/REPORT.md: $(STAGE_FILES) $(TOOLS_BUILT) recipes/$(RECIPE).mk
	@# A stage served by the cache records no wall time: after make clean, a warm cache leaves none.
	@touch $(OUT)/timings.tsv
	@$(BIN)/mpo-eval report --title "MPO at toy scale: recipe $(RECIPE)" \
		$(if $(REPORT_NOTES),--note "$(REPORT_NOTES)") \
		$(foreach model,$(MODELS),--row "$(LABEL_$(model))=$(OUT)/$(model).mmpr,$(OUT)/eval-$(model).mmpr,$(OUT)/pope-$(model).mmpr,$(OUT)/grounding-$(model).mmpr,$(OUT)/describe-$(model).mmpr") \
		$(foreach run,$(SEEDED_RUNS),$(foreach seed,$(SEEDS),--replicate "$(LABEL_$(run))=$(OUT)/$(run)-seed$(seed).mmpr,$(OUT)/eval-$(run)-seed$(seed).mmpr")) \
		--problems $(OUT)/problems.mmpr --pairs $(OUT)/pairs.mmpr \
		--timings $(OUT)/timings.tsv $(foreach file,$(STAGE_FILES),--artifacts $(file)) -o $@

reproduce: $(OUT)/REPORT.md
	@echo "reproduce: recipe $(RECIPE) done; read $(OUT)/REPORT.md"

report: $(OUT)/REPORT.md

status: $(TOOLS_BUILT)
	@$(foreach stage,$(STAGES),$(CMD_$(stage)) --cache $(CACHE) -o $(OUT)/$(stage).mmpr --explain;)

lock: reproduce
	@$(BIN)/mmpr-art lock --dir $(OUT) $(foreach stage,$(STAGES),$(stage).mmpr) > recipes/$(RECIPE).lock.tmp
	@mv recipes/$(RECIPE).lock.tmp recipes/$(RECIPE).lock
	@echo "lock: recipes/$(RECIPE).lock ($(words $(STAGES)) stages)"

verify: reproduce
	@$(BIN)/mmpr-art check-lock recipes/$(RECIPE).lock --dir $(OUT)

clean:
	rm -rf $(OUT)

force:
