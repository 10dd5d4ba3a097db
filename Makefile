# The two commands: `make run` and `make test`. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CATALOGS := marketplace/translations
export FLASK_APP := wsgi

.PHONY: run test install compile i18n lint bench bench-checkout bench-reports bench-webhook bench-drives bench-images cluster-smoke journeys e2e fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) compile

# Compiled catalogues are built here, never kept in git.
compile: $(STAMP)
	$(BIN)/pybabel compile --statistics -d $(CATALOGS) 2>&1 | grep -v '^$$' || true
	@test -f $(CATALOGS)/hi/LC_MESSAGES/messages.mo

run: install
	MARKETPLACE_ENV=$${MARKETPLACE_ENV:-development} $(BIN)/flask db upgrade
	MARKETPLACE_ENV=$${MARKETPLACE_ENV:-development} $(BIN)/flask seed-demo
	MARKETPLACE_ENV=$${MARKETPLACE_ENV:-development} $(BIN)/flask run --host 127.0.0.1 --port $${PORT:-5000}

# On two workers (pytest-xdist), one per core of CI's machine; the browser tests and the fuzz
# each keep to one (tests/conftest.py says why).
# Each worker has a database of its own (a SQLite file; on a TEST_DATABASE_URL, a database
# named after the worker) and, with TEST_REDIS_URL, a Redis db of its own.
TEST_WORKERS := -n 2

test: install
	$(BIN)/pytest $(TEST_WORKERS) $(PYTEST_ARGS)

e2e: install
	$(BIN)/pytest -m e2e tests/e2e $(PYTEST_ARGS)

# Every form and query parameter with Hypothesis's "fuzz" profile: over 50,000 submissions;
# prints how many were sent and how many answered 5xx (must be 0).
fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest tests/fuzz/test_forms.py tests/fuzz/test_paths.py -p no:cacheprovider $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check marketplace tests bench wsgi.py

# Pull new strings from code and templates into the catalogues; then translate the Hindi ones.
i18n: $(STAMP)
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k _l -k lazy_gettext -w 100 -o $(CATALOGS)/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -w 100 -i $(CATALOGS)/messages.pot -d $(CATALOGS)

bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk) || true
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Checkouts per second under contention, on a throwaway database on the local PostgreSQL.
bench-checkout: install
	$(BIN)/python -m bench.checkout $(BENCH_ARGS)

# The report pages and CSVs with 100,000 orders, on a throwaway database on the local PostgreSQL.
bench-reports: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk) || true
	$(BIN)/python -m bench.reports $(BENCH_ARGS)

# The WhatsApp webhook under 50 concurrent signed deliveries (10% redelivered), beside the bare
# Flask page, on a throwaway database on the local PostgreSQL; checks every message was recorded
# once with one reply. BENCH_ARGS="--duration 20 --redis-url redis://127.0.0.1:6379/9".
bench-webhook: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk) || true
	$(BIN)/python -m bench.webhook $(BENCH_ARGS)

# The drive's pages with 100,000 registrations at its camps (PostgreSQL: TEST_DATABASE_URL).
bench-drives: install
	$(BIN)/python -m bench.drives $(BENCH_ARGS)

# A 12 MP photo: the request's step and the job beside the old all-in-the-request pipeline.
bench-images: install
	$(BIN)/python -m bench.images $(BENCH_ARGS)

# Two gunicorn servers, one PostgreSQL, one Redis and an RQ worker: a resident's journey that
# alternates between the servers on every request (a throwaway database `cluster_smoke` on the
# PostgreSQL at 127.0.0.1, Redis db 14, which it empties); prints each check, exits 1 on any
# failure, stops all it started. BENCH_ARGS="--database-url URL --redis-url URL" to change.
cluster-smoke: install
	$(BIN)/python -m bench.cluster_smoke $(BENCH_ARGS)

# The four main journeys (book a worker; buy two products, cash on delivery; an SHG member adds
# a product with a 12 MP photo; staff approve it) in Chromium on a 360 px phone in Hindi over
# slow 3G (400 ms, 400 kbit/s), and the first view of every public page: page loads, actions,
# bytes and time; exits 1 when a target of issue 16 is missed. BENCH_ARGS="--no-throttle".
journeys: install
	$(BIN)/python -m bench.journeys $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
