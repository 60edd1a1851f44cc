# okg-console — run `make help` for the targets.
SHELL := /bin/bash
GO ?= go
KUBE_VERSION ?= v1.36.3
OKG_CONSOLE_CACHE_DIR ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/okg-console
KUBE_APISERVER ?= $(OKG_CONSOLE_CACHE_DIR)/kube-apiserver-$(KUBE_VERSION)/kube-apiserver
export OKG_CONSOLE_CACHE_DIR KUBE_APISERVER

.PHONY: help
help: ## Show the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

.PHONY: kube-apiserver
kube-apiserver: $(KUBE_APISERVER) ## Build the test kube-apiserver once into the cache dir

$(KUBE_APISERVER): tools/kube-apiserver/go.mod tools/kube-apiserver/main.go
	cd tools/kube-apiserver && $(GO) build -trimpath -o $@.tmp . && mv $@.tmp $@
