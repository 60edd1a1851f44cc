# okg-console — `make help` lists the targets. The two that matter: `make run`, `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
GO ?= go
BIN := bin
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/okg-console/okg-console/backend/internal/version.Version=$(VERSION)
ARGS ?=

.PHONY: help
help: ## Show the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

## ---- the two commands ----

.PHONY: run
run: frontend kube-apiserver ## Start the console at http://127.0.0.1:8080 (a sandbox with a demo fleet unless KUBECONFIG/--kubeconfig names a cluster)
	$(GO) run ./backend/cmd/okg-sandbox $(ARGS)

.PHONY: test
test: lint frontend go-test frontend-test ks-host ## Run every test: Go unit + integration (real kube-apiserver), frontend unit, bundle and browser tests

## ---- parts ----

.PHONY: kube-apiserver
kube-apiserver: ## Build the test control plane's kube-apiserver once into the cache dir (minutes the first time)
	$(GO) run ./backend/cmd/okg-sandbox --prepare-only

.PHONY: controllers
controllers: ## Build the real controllers (kruise-manager, kruise-game-manager, kube-scheduler, kube-controller-manager, KWOK, metrics-server) once into the cache dir; `make run ARGS=--real-okg` and backend/internal/realokg run them
	$(GO) run ./backend/cmd/okg-sandbox --prepare-only --real-okg

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

.PHONY: frontend
frontend: frontend/node_modules/.package-lock.json ## Build the frontend (standalone console and KubeSphere bundle) into frontend/dist
	cd frontend && npm run build
	@touch frontend/dist/.gitkeep

.PHONY: build
build: frontend ## Build bin/okg-console with the frontend embedded
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN)/okg-console ./backend/cmd/okg-console

.PHONY: lint
lint: frontend/node_modules/.package-lock.json ## gofmt, go vet, the API contract drift check, eslint and the TypeScript check
	@bad=$$(gofmt -l backend frontend/*.go); if [ -n "$$bad" ]; then echo "gofmt needed: $$bad"; exit 1; fi
	$(GO) vet ./...
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && $(GO) run ./backend/cmd/okg-contract -out "$$tmp" && \
	for f in $$(cd "$$tmp" && find . -type f | sort); do \
		if ! cmp -s "$$tmp/$$f" "$$f"; then diff -u "$$f" "$$tmp/$$f" | head -40; \
			echo "$${f#./} is not what the Go types generate: run 'make contract' and commit the result"; exit 1; fi; \
	done
	cd frontend && npm run lint && npm run typecheck

.PHONY: contract
contract: ## Generate the API contract from the Go types: docs/openapi.json and frontend/src/api/generated/api.ts
	$(GO) run ./backend/cmd/okg-contract

.PHONY: go-test
go-test: kube-apiserver controllers ## Go tests (integration tests start a real etcd + kube-apiserver per package)
	$(GO) test -count=1 -timeout 30m ./...

.PHONY: frontend-test
frontend-test: frontend kube-apiserver controllers ## Frontend unit tests (vitest), the KubeSphere bundle test and the e2e tests in chromium against the sandbox (logs/terminal: with the real controllers and KWOK)
	cd frontend && npm test && npm run test:bundle && npm run test:e2e && npm run test:e2e:logs && npm run test:e2e:usage && npm run test:e2e:multicluster && npm run test:crosssite

.PHONY: ks-host-build
ks-host-build: ## Install and build the KubeSphere 4.1.1 web console from its npm packages into the cache dir (minutes the first time)
	node frontend/e2e/kshost/host.mjs

.PHONY: ks-host
ks-host: frontend kube-apiserver ks-host-build ## The bundle in the real KubeSphere 4.1.1 web console behind the ks-apiserver stand-in, in chromium (admin and project member)
	cd frontend && node e2e/kshost/run.mjs

.PHONY: bench
bench: build kube-apiserver ## Benchmarks on the local control plane (10,000 GameServers); prints Markdown tables
	$(GO) run ./backend/cmd/okg-bench --console $(BIN)/okg-console $(ARGS)
	cd frontend && npm run size && npm run bench:render

.PHONY: package
package: ## Validate, lint and package the KubeSphere extension into bin/okg-console-<version>.tgz
	$(GO) run ./backend/cmd/okg-console package --root . --out $(BIN)

.PHONY: clean
clean: ## Remove build output
	rm -rf $(BIN) frontend/dist/assets frontend/dist/okg-console frontend/dist/index.html
