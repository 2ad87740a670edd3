# daihoi — congress-day console. `make run` starts the server on ./data with a demo congress;
# `make test` runs every test (browser tests need Chromium: see .ci/run).
GO ?= go
ADDR ?= :8080
TLS_ADDR ?= :8443
DATA ?= ./data

.PHONY: run test bench chaos build tally-cases fmt vet

build:
	$(GO) build -o bin/daihoi ./cmd/daihoi

run: build
	./bin/daihoi serve --addr $(ADDR) --tls-addr $(TLS_ADDR) --data $(DATA)

test:
	$(GO) test -race -count=1 ./...

# Go benchmarks of the hot paths, then the load generator: a hall of 2,000 tablets and 8,000 screens,
# three times (the median and the range of each figure), each with the machine's floor (--floor);
# then the same hall over HTTPS with the congress CA (--tls); then the restart storm: the server
# killed in the middle of the burst and started again while the hall reconnects (--restart).
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./...
	./bin/daihoi bench --delegates 2000 --screens 8000 --runs 3 --floor
	./bin/daihoi bench --delegates 2000 --screens 8000 --runs 3 --tls
	./bin/daihoi bench --delegates 2000 --screens 8000 --runs 3 --restart

# The server killed with SIGKILL at random moments under a hall of 1,000 tablets voting (mid-burst,
# during a close, during the backup after it), started again each time, and checked: nothing
# acknowledged lost, nothing doubled. CHAOS_KILLS sets the kills (20).
chaos: build
	./bin/daihoi chaos

tally-cases: build
	@for f in testdata/cases/*.json; do case $$f in *.expected.json) continue;; esac; \
		echo "== $$f"; ./bin/daihoi tally $$f || exit 1; done

fmt:
	gofmt -l -w .

vet:
	$(GO) vet ./...
