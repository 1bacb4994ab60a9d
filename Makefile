# The single entry point. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

MVN        ?= ./mvnw
MVN_FLAGS  ?= -B -ntp
STATE_DIR  ?= $(CURDIR)/.state/local
STACK_CP    = $(CURDIR)/tools/local-stack/target/classes:$$(cat $(CURDIR)/tools/local-stack/target/classpath.txt)
STACK       = UNRIP_STATE_DIR=$(STATE_DIR) java -Dunrip.repo=$(CURDIR) -cp "$(STACK_CP)" dev.unrip.localstack.Main
BUILD_STAMP = target/.build.stamp
comma      := ,
# The route groups' local JVM flags (tools/local-stack ServiceProcess.JVM_FLAGS).
REPLAY      = java -Xms32m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -jar $(CURDIR)/routes/replay/target/quarkus-app/quarkus-run.jar
SOURCES    := $(shell find pom.xml schemas routes tools kamelets -type f -not -path '*/target/*' 2>/dev/null)

.PHONY: help build run dev stop status clean-state test chaos bench clean replay format preflight monitor

help: ## Show every target with its one-line description
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | sort -u | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

build: $(BUILD_STAMP) ## Build and install every module, package each route group (skips tests; only when sources changed)

$(BUILD_STAMP): $(SOURCES)
	@echo "building ($(if $(wildcard $@),$(words $?) source file(s) changed since the last build$(comma) e.g. $(firstword $?),no build yet in this checkout)) ..."
	$(MVN) $(MVN_FLAGS) -q install -DskipTests
	@mkdir -p $(dir $@) && touch $@

run: build ## Start Kafka, PostgreSQL, the relay simulator and every route group; Ctrl-C stops all
	@$(STACK) run || { rc=$$?; [ $$rc -eq 130 ] || [ $$rc -eq 143 ] || exit $$rc; }

dev: ## Run one route group from its sources against the running `make run` stack, its route YAML reloaded on save: GROUP=reactor
	@if [ -z "$(GROUP)" ]; then echo "make dev GROUP=<route group>: near-intents-ingest, near-intents-normalize, reactor, near-intents-execute, trade-results, binance-ingest or binance-normalize"; exit 2; fi
	@[ -f tools/local-stack/target/classpath.txt ] || $(MAKE) --no-print-directory build
	@$(STACK) dev $(GROUP) || { rc=$$?; [ $$rc -eq 130 ] || [ $$rc -eq 143 ] || exit $$rc; }

stop: ## Stop a running `make run` stack (graceful, reverse order; nothing left behind)
	@if [ -f tools/local-stack/target/classpath.txt ]; then $(STACK) stop; else echo "nothing built, nothing running"; fi

status: ## Show which stack processes run
	@if [ -f tools/local-stack/target/classpath.txt ]; then $(STACK) status; else echo "nothing built, nothing running"; fi

preflight: build ## Before going live: relay reachable and JWT accepted, RPC latency per URL, current salt, signer key registered, balances; exits 1 naming any red line (NEAR_RELAY_URL, NEAR_RPC_URLS, NEAR_SIGNER_KEY, NEAR_SOLVER_ACCOUNT_ID; default: the running `make run` simulator)
	@$(STACK) preflight

# make monitor needs only the launcher module (tools/local-stack): built with what it depends on when
# its sources changed, never the route groups, so that a running `make run` keeps its jars.
MONITOR_STAMP = tools/local-stack/target/.monitor.stamp
$(MONITOR_STAMP): $(shell find tools/local-stack/src tools/local-stack/pom.xml -type f 2>/dev/null)
	$(MVN) $(MVN_FLAGS) -q install -DskipTests -pl tools/local-stack -am
	@touch $@

monitor: $(MONITOR_STAMP) ## A local Prometheus scraping `make run`'s services (/q/metrics, every 5 s) with the alert rules loaded, on 127.0.0.1:9090 (UNRIP_PROMETHEUS_PORT); prints the rules and how to import the Grafana dashboard; Ctrl-C stops it
	@$(STACK) monitor || { rc=$$?; [ $$rc -eq 130 ] || [ $$rc -eq 143 ] || exit $$rc; }

clean-state: stop ## Stop the stack and wipe its data (.state/local: topics, database, logs)
	rm -rf $(STATE_DIR)
	@echo "wiped $(STATE_DIR)"

replay: build ## Re-normalize raw records: TOPIC=raw.near_intents.quote FROM=beginning|<offset>|<time>|-1h TO=now|<offset>|<time> [TARGET=replay|live] [RUN=<id>]
	@REPLAY_TOPICS="$(TOPIC)" REPLAY_FROM="$(FROM)" REPLAY_TO="$(TO)" REPLAY_TARGET="$(TARGET)" REPLAY_RUN_ID="$(RUN)" \
	  KAFKA_BOOTSTRAP_SERVERS="localhost:$${UNRIP_KAFKA_PORT:-19092}" QUARKUS_HTTP_PORT="$${UNRIP_PORT_REPLAY:-8086}" $(REPLAY)

test: ## The house format, unit tests, schema example tests, each route group's tests, integration tests on a real broker and database
	@$(MVN) $(MVN_FLAGS) -q spotless:check || { echo "make test: some Java sources are not in the house format (above); run: make format" >&2; exit 1; }
	$(MVN) $(MVN_FLAGS) install
	@# install packaged every route group (a `make run` after this needs no second build) and put
	@# every module in the local Maven repository (`./mvnw -pl <group> test` and `make dev` build one module).
	@mkdir -p $(dir $(BUILD_STAMP)) && touch $(BUILD_STAMP)

chaos: ## Full executor fault suite (20 kill -9, rolling restarts, rebalances, DB and broker outages); prints the table
	$(MVN) $(MVN_FLAGS) verify -pl integration-tests -am -Dtest=ExecutorFaultsIT -Dsurefire.failIfNoSpecifiedTests=false -Dunrip.chaos=full
	@echo "table: integration-tests/target/chaos-report.md"

bench: build ## Benchmark on a private stack: broker limit, plain-client baseline, our pipeline; writes docs/benchmarks-last-run.md (~12 min). STAGE=normalize: the normalize backlogs only (~3 min); STAGE=ingest: the ingest alone, 4 bursts (~1 min); STAGE=react: the react-hop cost of book-spread against fixed-spread (~9 min); STAGE=cold: the first 100 quotes after a start, per set of JVM options (~6 min); none of them writes anything
	@java -Xms256m -Xmx1g $(BENCH_OPTS) $(if $(STAGE),-Dbench.stage=$(STAGE)) -Dunrip.repo=$(CURDIR) -cp "$(CURDIR)/tools/bench/target/classes:$$(cat $(CURDIR)/tools/bench/target/classpath.txt)" dev.unrip.bench.Bench

format: ## Format every Java source the house way (palantir-java-format through spotless; make test checks it)
	$(MVN) $(MVN_FLAGS) -q spotless:apply

# Dead letters (tools/dlq): plain Kafka clients against the `make run` broker, or KAFKA_BOOTSTRAP_SERVERS.
.PHONY: dlq dlq-show redrive
DLQ         = KAFKA_BOOTSTRAP_SERVERS="$${KAFKA_BOOTSTRAP_SERVERS:-localhost:$${UNRIP_KAFKA_PORT:-19092}}" java -Xms32m -Xmx256m -Dunrip.repo=$(CURDIR) -cp "$(CURDIR)/tools/dlq/target/classes:$$(cat $(CURDIR)/tools/dlq/target/classpath.txt)" dev.unrip.dlq.Main

dlq: build ## Dead letters per dlq.* topic: counts by stage and reason, oldest and newest record (broker: KAFKA_BOOTSTRAP_SERVERS, default the `make run` one)
	@$(DLQ) summary

dlq-show: build ## Dead-letter records with their headers and body (UTF-8, else base64), the newest N: TOPIC=dlq.near_intents.normalize [REASON=<regex>] [N=10]
	@DLQ_TOPIC="$(TOPIC)" DLQ_REASON='$(value REASON)' DLQ_N="$(N)" $(DLQ) show

redrive: build ## Send dead letters back to their source topic, count in dlq_redrive_count, parked after 3, one run per topic: TOPIC=dlq.… [REASON=<regex>] [MAX=<n>] [RATE=<n>/s] [DRY_RUN=1] [RESET=1]
	@DLQ_TOPIC="$(TOPIC)" DLQ_REASON='$(value REASON)' DLQ_MAX="$(MAX)" DLQ_RATE="$(RATE)" DLQ_DRY_RUN="$(DRY_RUN)" DLQ_RESET="$(RESET)" $(DLQ) redrive

# Trading state (tools/trading-control): ctl.trading_state records on the `make run` broker, or
# KAFKA_BOOTSTRAP_SERVERS; every reactor and executor applies one within a second. Built on its own
# (like make monitor) when its sources changed, so that a halt never waits for a full build.
.PHONY: halt reduce resume trading-state risk-limits
TRADING_STAMP = tools/trading-control/target/.trading.stamp
$(TRADING_STAMP): $(shell find tools/trading-control/src tools/trading-control/pom.xml schemas/src schemas/topics.yaml schemas/reference routes/mapping/src -type f 2>/dev/null)
	$(MVN) $(MVN_FLAGS) -q install -DskipTests -pl tools/trading-control -am
	@touch $@
TRADING     = KAFKA_BOOTSTRAP_SERVERS="$${KAFKA_BOOTSTRAP_SERVERS:-localhost:$${UNRIP_KAFKA_PORT:-19092}}" TRADING_SCOPE="$${SCOPE:-global}" TRADING_REASON="$${REASON:-}" java -Xms32m -Xmx128m -cp "$(CURDIR)/tools/trading-control/target/classes:$$(cat $(CURDIR)/tools/trading-control/target/classpath.txt)" dev.unrip.tradingcontrol.Main

# A halt or a reduce without a reason is refused before anything is built or written.
.PHONY: trading-reason
trading-reason:
	@if [ -z "$${REASON// /}" ]; then echo 'make $(MAKECMDGOALS) REASON="<why>" [SCOPE=global]: a reason is required (make trading-state shows it; every command refused meanwhile carries it)' >&2; exit 2; fi

halt: trading-reason $(TRADING_STAMP) ## Halt trading: no new command, every unsent one refused (REJECTED halted), within 1 s: REASON="<why>" [SCOPE=global|venue:<venue>|strategy:<id>]
	@$(TRADING) halt

reduce: trading-reason $(TRADING_STAMP) ## Trade only to reduce inventory (REDUCING): REASON="<why>" [SCOPE=global|venue:<venue>|strategy:<id>]
	@$(TRADING) reduce

resume: $(TRADING_STAMP) ## Resume trading (ACTIVE) within 1 s: [SCOPE=global|venue:<venue>|strategy:<id>] [REASON="<why>"]
	@$(TRADING) resume

risk-limits: $(TRADING_STAMP) ## Replace a strategy's pre-trade risk limits at run time (ctl.risk_limits; checked first, applied within 1 s): FILE=<limits.json> REASON="<why>" [STRATEGY=book-spread-v1]
	@TRADING_LIMITS_FILE="$(FILE)" TRADING_STRATEGY="$(STRATEGY)" $(TRADING) risk-limits

trading-state: $(TRADING_STAMP) ## Every scope's trading state (ACTIVE, REDUCING, HALTED) with reason, set_by and set_at, and what applies (no global record: HALTED)
	@$(TRADING) show

clean: ## Remove build output (keeps .state)
	$(MVN) $(MVN_FLAGS) -q clean
	rm -f $(BUILD_STAMP)

-include deploy/deploy.mk
