# Thin front door over CMake. The two commands of the README:
#   make demo    install what is missing, build, run the JCIC example
#   make check   install what is missing, build, run every test
# Others: bench, asan, avx2, fuzz, format, format-check, install, consumer,
# clean.
BUILD   ?= build
PREFIX  ?= $(CURDIR)/$(BUILD)/stage
JOBS    ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps build demo check bench asan avx2 fuzz format format-check install consumer clean

all: build

deps:
	@bash scripts/deps.sh build

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# The board summary on the terminal, and the board report as one HTML file.
demo: build
	$(BUILD)/crq run examples/jcic_manufacturer.yaml
	$(BUILD)/crq run examples/jcic_manufacturer.yaml --quiet --format html --out $(BUILD)/jcic-report.html
	@echo "board report written to $(BUILD)/jcic-report.html"

# Every test: the Criterion suite last, so its summary closes the output.
check: build
	$(BUILD)/tests/crq_tests --jobs $(JOBS)

bench: build
	@bash scripts/deps.sh bench
	bash scripts/bench.sh $(BUILD)

asan: deps
	cmake -S . -B $(BUILD)-asan -DCMAKE_BUILD_TYPE=Debug -DCRQ_SANITIZE=ON -DCRQ_WERROR=ON -DCRQ_BENCH=OFF
	cmake --build $(BUILD)-asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 $(BUILD)-asan/tests/crq_tests --jobs $(JOBS)

# The code an AVX2 machine runs, here: everything compiled for AVX2 alone,
# without per-CPU clones or AVX-512 kernels (engine/sim/clones.h); every
# test, then the same reports as the usual build (scripts/cpu-check.sh).
avx2: build
	cmake -S . -B $(BUILD)-avx2 -DCRQ_CLONES=OFF -DCMAKE_C_FLAGS=-mavx2 -DCRQ_WERROR=ON -DCRQ_BENCH=OFF
	cmake --build $(BUILD)-avx2 -j $(JOBS)
	$(BUILD)-avx2/tests/crq_tests --jobs $(JOBS)
	bash scripts/cpu-check.sh $(BUILD) $(BUILD)-avx2

# Fuzzes the model loader for FUZZ_SECONDS (docs/fuzzing.md).
# FUZZ_HARNESS is model (the loader) or set (--set assignments).
FUZZ_SECONDS ?= 60
FUZZ_HARNESS ?= model
fuzz:
	@bash scripts/deps.sh fuzz
	bash scripts/fuzz.sh $(FUZZ_SECONDS) build-fuzz-$(FUZZ_HARNESS) $(FUZZ_HARNESS)

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

# Builds examples/consumer against the installed library, both ways.
consumer: install
	bash scripts/consumer.sh $(PREFIX) $(BUILD)

FORMAT_FILES = $(shell git ls-files '*.c' '*.h' '*.h.in' 2>/dev/null | grep -v '\.in$$')
format:
	clang-format -i $(FORMAT_FILES)

format-check:
	@clang-format --dry-run --Werror $(FORMAT_FILES) && echo "format-check: $(words $(FORMAT_FILES)) files formatted"

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-avx2
