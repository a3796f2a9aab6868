# tokenctl — shared vocabulary: demo, test, bench, man, install.
SHELL := /bin/bash
PREFIX ?= /usr/local
SWIFT ?= swift
DEBIAN_PACKAGES := libyaml-dev libsqlite3-dev pkg-config openssl sqlite3 util-linux libcurl4 python3 python3-pip
BIN_DEBUG := .build/debug/tokenctl
BIN_RELEASE := .build/release/tokenctl

.PHONY: all build deps test-deps test check demo bench man install release golden clean fuzz fuzz-build deb

all: build

# Installs the Debian packages tokenctl builds against when they are missing
# (only as root; otherwise says what to install).
define install-missing
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "missing Debian packages:$$missing (run 'sudo apt-get install$$missing')"; exit 1; fi; \
	fi
endef

deps:
	$(call install-missing,$(DEBIAN_PACKAGES))

build: deps
	$(SWIFT) build

# The tests' real PostgreSQL server and client library (tokenctl itself loads libpq only for a
# PostgreSQL URI), and their AWS emulator: moto's server mode (and boto3 for its set-up), from PyPI.
TEST_DEBIAN_PACKAGES := postgresql libpq5 libpq-dev lintian man-db
PYTHON_TEST_PACKAGES := "moto[server]>=5.2,<5.3" boto3 "pre-commit>=4,<5"
test-deps: deps
	$(call install-missing,$(TEST_DEBIAN_PACKAGES))
	@if ! python3 -c "import moto.server, boto3, flask, pre_commit" >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing: $(PYTHON_TEST_PACKAGES)"; \
	    python3 -m pip install -q $(PYTHON_TEST_PACKAGES) 2>/dev/null || python3 -m pip install -q --break-system-packages $(PYTHON_TEST_PACKAGES); \
	  else echo "missing Python packages for the tests: run 'pip install $(PYTHON_TEST_PACKAGES)'"; exit 1; fi; \
	fi

release: deps
	$(SWIFT) build -c release

# tokenctl_VERSION_ARCH.deb in .build/deb: the release build with the Swift standard library linked
# statically, man pages, completions, copyright and changelog (scripts/package-deb.sh); lintian checks it.
deb: deps
	$(SWIFT) build -c release --static-swift-stdlib
	@package=$$(scripts/package-deb.sh $(BIN_RELEASE) .build/deb) && echo "$$package" && \
	  if command -v lintian >/dev/null; then lintian --fail-on error "$$package"; else echo "(lintian is not installed: apt-get install lintian)"; fi

# Every test, then each fuzz target for FUZZ_TEST_TIME seconds (CI: a regression
# surfaces as a crash, leak or timeout there).
FUZZ_TEST_TIME ?= 30

# The fast suite for day-to-day work: everything but the suites that start servers (PostgreSQL,
# the AWS emulator), build packages, mount file systems or grow large stores. make test runs them all.
SLOW_SUITES := LiveCheckTests|PolicyCommandTests|PostgresStoreTests|GrowthTests|FailureTests|CrashSafetyTests|EcosystemTests|DebianPackageTests
check: build
	$(SWIFT) build --build-tests
	TOKENCTL_BIN=$(CURDIR)/$(BIN_DEBUG) TOKENCTL_TEST_ENGINES=sqlite $(SWIFT) test --skip-build --skip '$(SLOW_SUITES)'

test: test-deps
	$(SWIFT) build --build-tests
	scripts/check-drift.sh
	TOKENCTL_BIN=$(CURDIR)/$(BIN_DEBUG) $(SWIFT) test --skip-build
	$(MAKE) --no-print-directory fuzz FUZZ_TIME=$(FUZZ_TEST_TIME)

# Regenerates the golden .expected files; review the diff before committing.
golden: build
	TOKENCTL_BIN=$(CURDIR)/$(BIN_DEBUG) UPDATE_GOLDEN=1 $(SWIFT) test --filter GoldenTests

demo: build
	@scripts/demo.sh $(CURDIR)/$(BIN_DEBUG)

# The figures of SPEC §6, for the release build and for the binary make install builds (the Swift
# standard library linked statically; its own scratch directory, so neither build replaces the other).
BIN_STATIC := .build-static/release/tokenctl
bench: release
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path .build-static --product tokenctl
	@scripts/bench.sh $(CURDIR)/$(BIN_RELEASE) $(CURDIR)/$(BIN_STATIC)

# Man pages from argument-parser's generate-manual plugin, committed under man/.
man: build
	$(SWIFT) package generate-manual --multi-page --configuration debug --date $$(git log -1 --format=%cs 2>/dev/null || date +%F)
	rm -f man/*.1
	cp .build/plugins/GenerateManual/outputs/tokenctl/*.1 man/
	rm -f man/tokenctl.help.1
	@ls man

install: deps
	$(SWIFT) build -c release --static-swift-stdlib
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0755 $(BIN_RELEASE) $(DESTDIR)$(PREFIX)/bin/tokenctl
	install -m 0644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	$(BIN_RELEASE) --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/tokenctl
	$(BIN_RELEASE) --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_tokenctl
	$(BIN_RELEASE) --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/tokenctl.fish

# Fuzzing (issue 5): each target under libFuzzer with AddressSanitizer and
# LeakSanitizer, for FUZZ_RUNS executions, or FUZZ_TIME seconds when set.
# New corpus entries go to .build-fuzz/corpus; crashes to .build-fuzz/artifacts.
FUZZ_TARGETS ?= yaml manifest iid cms config
FUZZ_RUNS ?= 1000000
FUZZ_TIME ?=
FUZZ_BUILD := .build-fuzz
SWIFT_ROOT := $(abspath $(dir $(realpath $(shell command -v swiftc)))..)
FUZZER_NO_MAIN := $(firstword $(wildcard $(SWIFT_ROOT)/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a $(SWIFT_ROOT)/lib/swift/clang/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a))
FUZZ_BIN = $(FUZZ_BUILD)/release/tokenctl-fuzz

fuzz-build: deps
	@test -n "$(FUZZER_NO_MAIN)" || { echo "libclang_rt.fuzzer_no_main not found under $(SWIFT_ROOT)"; exit 1; }
	$(SWIFT) build -c release --scratch-path $(FUZZ_BUILD) --product tokenctl-fuzz --sanitize address \
	  -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table -Xswiftc -DFUZZING \
	  -Xlinker $(FUZZER_NO_MAIN) -Xlinker -lstdc++

fuzz: fuzz-build
	@scripts/fuzz.sh $(FUZZ_BIN) "$(FUZZ_RUNS)" "$(FUZZ_TIME)" $(FUZZ_TARGETS)

clean:
	rm -rf .build .build-static $(FUZZ_BUILD)
