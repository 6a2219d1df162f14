# The MPO toolkit. `make test` on a fresh machine installs what it needs and runs every test.
# Targets: deps, build (release), test, bench.

SWIFT ?= swift
SWIFT_FLAGS ?=
RELEASE_BIN = .build/release

.PHONY: deps build test bench
.DELETE_ON_ERROR:

deps:
	@scripts/deps.sh

build: deps
	$(SWIFT) build -c release $(SWIFT_FLAGS)

test: deps
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	$(SWIFT) test --skip-build --disable-swift-testing $(SWIFT_FLAGS)

bench: build
	@scripts/bench.sh $(RELEASE_BIN)
