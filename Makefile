# Kakehashi: `make run` opens the dashboard on a demo workspace; `make test` passes the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB ?= data/workspace.duckdb
PORT ?= 8501
# 127.0.0.1: this machine only (no login). Share deliberately: README, "Sharing the dashboard".
ADDRESS ?= 127.0.0.1
CHUNKED_SUITES := tests/test_ingest.py tests/test_bad_input.py tests/test_hostile_files.py tests/test_exports.py

.PHONY: run test lint format bench demo clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

$(DB): | $(VENV)/.installed
	$(PY) -m analytics demo --db $(DB)

run: $(VENV)/.installed $(DB)
	$(PY) serve.py --server.address $(ADDRESS) --server.port $(PORT) -- --db $(DB)

test: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -q
	# the import suites again, every text file in chunks of 7 rows (the chunked path, README)
	KAKEHASHI_IMPORT_CHUNK_ROWS=7 $(PY) -m pytest -q -m "not browser" $(CHUNKED_SUITES)

lint: $(VENV)/.installed
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: $(VENV)/.installed
	$(PY) -m analytics bench

demo: $(VENV)/.installed
	$(PY) -m analytics demo --db $(DB)

clean:
	rm -rf $(VENV) data/*.duckdb data/*.duckdb.wal
