# specgen: two commands matter. `make generate` regenerates the committed
# Go package from spec/functions.yaml (and the generator's index of its
# support code, generator/emit/runtime_index_gen.go); `make test` runs
# every check CI runs.

GO ?= go
NPM_STAMP := tools/node_modules/.installed

.PHONY: generate check-generate test vet gotest lint-spec tools clean corpus bench

GEN_ARGS := -spec spec/functions.yaml -out generated/functions

generate:
	$(GO) test ./generator/emit -run '^TestRuntimeIndexIsCurrent$$' -update-index
	$(GO) run ./cmd/gen $(GEN_ARGS)

check-generate:
	$(GO) run ./cmd/gen $(GEN_ARGS) -check

vet:
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then echo "not gofmt-clean:"; echo "$$unformatted"; exit 1; fi

# The proofs in internal/proof drive the generated code with npm tools
# (Prism, Cognite's SDK); in make test they must run, never skip.
gotest: $(NPM_STAMP)
	SPECGEN_PROOF_REQUIRED=1 $(GO) test -race -timeout 30m ./...

# The spec must pass Redocly's linter; it is installed from the npm
# registry at the version pinned in tools/package-lock.json.
$(NPM_STAMP): tools/package.json tools/package-lock.json
	cd tools && npm ci --no-audit --no-fund --loglevel=error
	touch $@

tools: $(NPM_STAMP)

lint-spec: $(NPM_STAMP)
	tools/node_modules/.bin/redocly lint --format=stylish spec/functions.yaml

test: vet gotest check-generate lint-spec

# Every spec of a folder: generate, build, vet, serve; prints a table.
# make test runs the same check on the specs under 1 MB.
CORPUS ?= ../shared/specs/real
corpus:
	$(GO) run ./cmd/corpus -dir $(CORPUS)

# Side by side with oapi-codegen and ogen (a module of its own in bench/):
# writes bench/RESULTS.md. 40–50 minutes on 2 cores; not part of make test.
bench:
	bench/run.sh

clean:
	rm -rf tools/node_modules
