# The two set-up commands of the README are `make demo` and `make test`; both install what is missing.
SWIFT ?= swift
FUZZ_SECONDS ?= 60
# Real peers and tools the tests drive: sipp (sip-tester) for transaction interop, tshark/dumpcap to
# check our packets dissect, python3 to start dumpcap with the stop signals unblocked (and to run
# PESQ, whose PyPI package scripts/install-python-deps.sh installs).
TEST_PACKAGES = sip-tester tshark python3 kamailio baresip

.PHONY: deps build test sanitize demo fuzz bench bench-smoke clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

# The CLI tests run the built softphone binary, so it is built first.
test:
	@bash scripts/install-deps.sh $(TEST_PACKAGES)
	@bash scripts/install-python-deps.sh
	$(SWIFT) build
	$(SWIFT) test

# The tests of the C bindings (codecs, SRTP, SDES glue) under AddressSanitizer with LeakSanitizer;
# swift-testing only (XCTest's own harness leaks a few bytes at exit), in a build folder of its own;
# scripts/lsan-suppressions.txt names the one toolchain leak suppressed (Foundation's Process.run).
SANITIZED_TESTS = AudioCodecsTests|SRTPTests|RTPMediaTests
sanitize: deps
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan-suppressions.txt $(SWIFT) test --sanitize=address --build-path .build-asan --disable-xctest --filter "$(SANITIZED_TESTS)"

demo: deps
	$(SWIFT) run softphone demo

fuzz: deps
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

bench: deps
	cd Benchmarks && $(SWIFT) package benchmark
	bash scripts/bench-peers.sh 200000
	bash scripts/bench-bindings.sh 3
	bash scripts/bench-calls.sh 40

bench-smoke: deps
	cd Benchmarks && BENCHMARK_SMOKE=1 $(SWIFT) package benchmark --no-progress --format markdown
	bash scripts/bench-peers.sh 20000
	bash scripts/bench-bindings.sh
	bash scripts/bench-calls.sh 5 smoke

clean:
	rm -rf .build .build-fuzz .build-asan Benchmarks/.build
