# Names for the everyday tasks; the README's two commands work without make.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install test lint bench seed scores

$(VENV):
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q -e '.[dev]'

install: $(VENV)

test: $(VENV)
	$(VENV)/bin/ruff check src tests benchmarks tools && $(VENV)/bin/mypy && $(PY) -m pytest -q

lint: $(VENV)
	$(VENV)/bin/ruff check src tests benchmarks tools
	$(VENV)/bin/ruff format --check src tests benchmarks tools
	$(VENV)/bin/mypy

bench: $(VENV)
	$(PY) benchmarks/bench_extract.py
	$(PY) benchmarks/bench_geo.py
	$(PY) benchmarks/bench_store.py
	$(PY) benchmarks/bench_ingest.py
	$(PY) benchmarks/bench_dedup.py
	$(PY) benchmarks/bench_dashboard.py

# Scores against the development data in ../shared/eval (present in a project checkout only).
seed: $(VENV)
	PATH="$(VENV)/bin:$$PATH" python3 ../shared/eval/score.py seed

scores: $(VENV)
	for s in seed gsr-assault gsr-protest case2021 ucdp; do PATH="$(VENV)/bin:$$PATH" python3 ../shared/eval/score.py $$s | tail -n 1; done
