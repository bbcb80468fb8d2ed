# motcua — make help lists the targets.
SHELL := /bin/bash
export LANG := C.UTF-8
GO ?= go
# what `make run` needs: the C toolchain (gcc, libc6-dev, pkg-config) and the GL/X headers for the Fyne apps'
# cgo (go-gl/gl asks pkg-config for gl: libgl-dev, which brings Mesa's libGL and its software renderer;
# GLFW links X11, Xrandr, Xxf86vm, Xi, Xcursor, Xinerama), socat to "scan" from a shell. Installed
# without Recommends (issue 20: a fresh Debian's first make run; docs/BENCHMARKS.md).
APT_PKGS := libgl-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev socat pkg-config gcc libc6-dev
# only for `make test`: a virtual display, PostgreSQL, headless Chromium, wine, mingw and NSIS (the Windows builds),
# ImageMagick and tesseract (the Windows board's screen read back), openssl (the webhook signature example of docs/API.md is run)
APT_TEST_PKGS := xvfb postgresql chromium chromium-driver wine64 gcc-mingw-w64-x86-64 nsis imagemagick tesseract-ocr tesseract-ocr-vie openssl zbar-tools
# espeak-ng (its Vietnamese and English voices) is needed only to regenerate the board's and the kiosk's speech clips
# (go generate ./centre/web ./kiosk), not by the tests: the clips are embedded
DATA ?= ./data
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
ADDR ?= 127.0.0.1:8080

.PHONY: help deps deps-test build build-apps test test-short run bench vet fmt dist clean tour

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

# apt-install: install the Debian packages of $(1) that dpkg -s does not know ($(2): more apt-get options)
define apt-install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(2) $$missing; \
	fi
endef

# The Go modules are fetched by go build as it needs them (make run: only the modules its programs
# import); deps-test downloads the rest (chromedp and the other test-only modules).
deps: ## install missing Debian packages for make run (checked with dpkg -s)
	$(call apt-install,$(APT_PKGS),--no-install-recommends)

deps-test: deps ## also the packages and Go modules only the tests need (Xvfb, PostgreSQL, Chromium, wine64, mingw-w64)
	$(call apt-install,$(APT_TEST_PKGS))
	@$(GO) mod download

APPS := motcua-kiosk motcua-counter motcua-display

build: deps ## build all binaries into ./bin
	@mkdir -p bin
	CGO_ENABLED=0 $(GO) build -o bin/motcua ./cmd/motcua
	@$(BUILD_APPS)

# the Fyne apps need cgo: the first build compiles GLFW and the GL bindings (minutes on a small PC);
# -v names each package as it is compiled, so a long first build shows its progress. One go build for
# the three: their shared packages are compiled once and the three are linked in parallel.
BUILD_APPS = mkdir -p bin && echo "building $(addprefix bin/,$(APPS)) (cgo; the first time takes a few minutes)" && \
	set -o pipefail && $(GO) build -v -o bin/ $(addprefix ./cmd/,$(APPS)) 2>&1 | \
	sed -u -E 's\#^([A-Za-z0-9._-]+(/[A-Za-z0-9._~-]+)*)$$\#    compiled \1\#'

build-apps: ## the three Fyne apps (cgo) into ./bin
	@$(BUILD_APPS)

vet: ## go vet, gofmt and go mod tidy check
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi
	@$(GO) mod tidy -diff || { echo "go.mod/go.sum not tidy: run go mod tidy"; exit 1; }

# Test packages run one more at a time than there are cores: the browser, Wine and multi-process tests
# wait on other processes and left a core idle a third of the time (docs/BENCHMARKS.md, "CI time,
# session 9"). The tests bound their waits by counts with generous timeouts, so more load only slows them.
TEST_P ?= $(shell echo $$(( $$(nproc) + 1 )))

test: deps-test vet ## the whole test suite (race detector on the server packages)
	CGO_ENABLED=0 $(GO) build -o /dev/null ./cmd/motcua
	$(GO) test -race -p $(TEST_P) -timeout 30m $$($(GO) list ./... | grep -v -E '/(kiosk|counter|display)(/|$$)|/cmd/motcua-')
	$(GO) test -timeout 30m $$($(GO) list ./... | grep -E '/(kiosk|counter|display)(/|$$)|/cmd/motcua-')
	$(MAKE) --no-print-directory fuzz-lan FUZZ_COUNTS=1

# make run starts the centre as soon as the server is built; the Fyne apps build meanwhile (their
# progress below the banner) and open when built (motcua run --wait-apps, issue 20). The build runs
# in its own session (setsid) so that it is stopped, whole, when motcua run ends. Here the server is
# built with cgo on, as the apps are: the packages under net and os/user (modernc.org/libc and
# modernc.org/sqlite/lib, the biggest) then compile once for both instead of once per CGO_ENABLED
# value. It is the same code; the deployed server (make build, make dist) stays CGO_ENABLED=0.
run: deps ## run the whole centre on this machine (data under ./data; DEMO=province DATA=./data-province for the provincial centre; LANG_UI=en English apps; FULLSCREEN=1 board and kiosk fullscreen)
	@mkdir -p bin $(DATA)
	$(GO) build -o bin/motcua ./cmd/motcua
	@rm -f bin/.apps-status; \
	setsid bash -c '$(subst ','"'"',$(BUILD_APPS)); echo $$? > bin/.apps-status.tmp && mv bin/.apps-status.tmp bin/.apps-status' & \
	build=$$!; trap 'kill -TERM -- -$$build 2>/dev/null' EXIT; \
	./bin/motcua run --data $(DATA) --addr $(ADDR) --wait-apps bin/.apps-status $(if $(DEMO),--demo $(DEMO)) $(if $(LANG_UI),--lang $(LANG_UI)) $(if $(FULLSCREEN),--fullscreen-apps)

tour: ## screenshots of the counter window (Xvfb, ImageMagick) and the console (headless Chromium) into docs/img; LANG_UI=en for the English counter
	@Xvfb :97 -screen 0 1920x1080x24 >/dev/null 2>&1 & xvfb=$$!; sleep 1; \
	DISPLAY=:97 LC_ALL=C.UTF-8 $(GO) run -tags shots ./cmd/motcua-counter --shots $(CURDIR)/docs/img $(if $(LANG_UI),--lang $(LANG_UI)); rc=$$?; kill $$xvfb; exit $$rc
	CONSOLE_SCREENSHOTS=$(CURDIR)/docs/img $(GO) test -count=1 -run 'TestBrowserConsole$$|TestConsoleKeyboardOnly' ./centre/console/

bench: build ## run the load generator against a fresh server (see docs/BENCHMARKS.md)
	./bin/motcua bench --spawn --db $(DATA)/bench.db

dist: deps ## cross-compile server programs (linux amd64/arm64, windows amd64), the Fyne apps (linux and windows amd64) and the Windows installer
	@mkdir -p dist
	CGO_ENABLED=0 GOOS=linux GOARCH=amd64 $(GO) build -o dist/linux-amd64/motcua ./cmd/motcua
	CGO_ENABLED=0 GOOS=linux GOARCH=arm64 $(GO) build -o dist/linux-arm64/motcua ./cmd/motcua
	$(call apt-install,gcc-mingw-w64-x86-64)
	deploy/windows/resource.sh motcua "Một cửa – máy chủ trung tâm" $(VERSION)
	CGO_ENABLED=0 GOOS=windows GOARCH=amd64 $(GO) build -o dist/windows-amd64/motcua.exe ./cmd/motcua; \
		rc=$$?; rm -f cmd/motcua/rsrc_windows_amd64.syso; exit $$rc
	@for app in motcua-kiosk motcua-counter motcua-display; do \
		if [ -d cmd/$$app ]; then GOOS=linux GOARCH=amd64 $(GO) build -o dist/linux-amd64/$$app ./cmd/$$app || exit 1; fi; done
	@# Fyne apps for Windows: cgo with mingw-w64. CC is the bare name (the build cache keys on the exact
	@# string; anything else rebuilds go-gl's C code, ~8 min); windowsgui: no console window.
	@for app in motcua-kiosk:"Một cửa – kiosk lấy số" motcua-counter:"Một cửa – quầy tiếp nhận" motcua-display:"Một cửa – màn hình gọi số"; do \
		desc=$${app#*:}; app=$${app%%:*}; \
		if [ -d cmd/$$app ]; then echo "windows/amd64 $$app.exe"; \
			deploy/windows/resource.sh $$app "$$desc" $(VERSION) || exit 1; \
			CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc $(GO) build -ldflags=-H=windowsgui \
				-o dist/windows-amd64/$$app.exe ./cmd/$$app; rc=$$?; rm -f cmd/$$app/rsrc_windows_amd64.syso; \
			[ $$rc = 0 ] || exit 1; fi; done
	@# the installer (role, server address, device token, logon shortcut): NSIS, 64-bit
	$(call apt-install,nsis)
	makensis -V2 -DVERSION=$(VERSION) \
		-DDIST=$(CURDIR)/dist/windows-amd64 -DOUTFILE=$(CURDIR)/dist/motcua-setup.exe deploy/windows/motcua.nsi

clean: ## remove build output (not ./data)
	rm -rf bin dist

FUZZTIME ?= 30s
# The decoders that read bytes from the hall LAN, the serial ports and the portal (their seed
# corpora run in every plain `go test` too). `make fuzz-lan` fuzzes each for FUZZTIME. `make test`
# fuzzes each for a number of inputs (the :N, about 2 s on a quiet 2-core box), not a duration:
# Go 1.26's fuzz coordinator can report a spurious "context deadline exceeded" when -fuzztime's
# deadline passes while a starved worker is mid-input (golang/go#75804, fixed in Go 1.27); a count
# has no deadline, so a loaded machine only makes it slower.
FUZZ_LAN := ./centre:FuzzAPIBodies:2000 ./centre:FuzzWebSocketFrames:40 ./centre/client:FuzzDecodeFrame:5000 \
	./portal:FuzzEnvelopeReader:2000 ./portal:FuzzIngestHandler:40 ./qcvn120:FuzzEnvelope:50000 \
	./qcvn120:FuzzDecode:30000 ./hardware/scanner:FuzzFramerModel:10000 ./hardware/scanner:FuzzClassify:10000 \
	./syncagent:FuzzPortalAnswer:1500 ./petition:FuzzSubmitBodies:30 ./dossier:FuzzParseCCCD:10000
.PHONY: fuzz-lan
fuzz-lan: ## fuzz the LAN-facing decoders for FUZZTIME each (make test: FUZZ_COUNTS=1, a number of inputs each)
	@for t in $(FUZZ_LAN); do pkg=$${t%%:*}; rest=$${t#*:}; fn=$${rest%%:*}; n=$${rest##*:}; \
		ft=$(FUZZTIME); if [ -n "$(FUZZ_COUNTS)" ]; then ft=$${n}x; fi; \
		echo "== fuzz $$pkg $$fn ($$ft)"; \
		$(GO) test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $$ft $$pkg || exit 1; \
	done
.PHONY: fuzz
fuzz: ## run every Fuzz* target in the repo for FUZZTIME each (default 30s); a crasher is saved under the package's testdata/fuzz
	@for pkg in $$($(GO) list ./...); do \
		list=$$($(GO) test -list '^Fuzz' $$pkg) || exit 1; \
		fns=$$(echo "$$list" | grep '^Fuzz' || true); \
		for fn in $$fns; do \
			echo "== $$pkg $$fn ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

.PHONY: bench-portal-scale
bench-portal-scale: build ## issue 20: 150 agents into one PostgreSQL portal, then the public lookup over DOSSIERS (default 10M, ~28 GB of disk) in a throw-away cluster
	./deploy/bench-portal-scale.sh ./bin/motcua $(or $(DOSSIERS),10000000)
# --- perf (issue 20): side-by-side and idle-CPU benchmarks (docs/BENCHMARKS.md) ---
.PHONY: bench-peer
PEERBENCH ?=
bench-peer: ## call → 200 boards, motcua vs a Mercure+Bolt hub, 3 rounds each (PEERBENCH=/path/to/peerbench; skipped without it)
	@if [ -z "$(PEERBENCH)" ] || [ ! -x "$(PEERBENCH)" ]; then \
		echo "bench-peer: skipped: the Mercure peer is not built (set PEERBENCH=/path/to/peerbench; how to build it: docs/BENCHMARKS.md, \"Side by side with Mercure\")"; \
	else mkdir -p bin && CGO_ENABLED=0 $(GO) build -o bin/motcua ./cmd/motcua && \
		./bin/motcua bench-peer --peer "$(PEERBENCH)" --rounds 3 --receivers 200 --duration 20s; fi
.PHONY: idle-cpu
IDLE_SECONDS ?= 60
idle-cpu: build ## CPU of the board, kiosk and counter apps at rest (and the board with a call every 10 s), fullscreen 1080p under Xvfb, from /proc
	deploy/bench/idlecpu.sh ./bin $(IDLE_SECONDS)
