# The two commands: `make run` and `make test`. Everything else here is what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= data/newsbot.db

PO_FILES := $(wildcard locales/*/LC_MESSAGES/newsbot.po)
MO_FILES := $(PO_FILES:.po=.mo)
ARTICLES := $(wildcard data/articles/*)

.PHONY: run test catalogs factbase bench eval clean messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $(STAMP)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

catalogs: $(MO_FILES)

$(DB): $(STAMP) $(MO_FILES) $(ARTICLES) data/entities.yaml
	$(BIN)/newsbot --db $(DB) ingest data/articles
	touch $(DB)

factbase: $(DB)

# Telegram when a token is configured (environment or .env), the terminal chat otherwise.
run: $(DB)
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ] || grep -qs '^TELEGRAM_BOT_TOKEN=.' .env; then \
		$(BIN)/newsbot --db $(DB) run; \
	else \
		echo "No TELEGRAM_BOT_TOKEN: opening the terminal chat (Ctrl-D to leave)."; \
		$(BIN)/newsbot --db $(DB) chat; \
	fi

test: $(STAMP) $(MO_FILES)
	$(BIN)/python -m pytest -q

bench: $(STAMP) $(MO_FILES)
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/answers.py
	$(BIN)/python bench/telegram_rate.py
	$(BIN)/python bench/digests.py
	$(BIN)/python bench/alerts.py
	$(BIN)/python bench/feeds.py

eval: $(DB)
	$(BIN)/python ../shared/eval/score_questions.py --db $(DB) --cmd $(BIN)/newsbot ../shared/eval/questions.yaml
	$(BIN)/python ../shared/eval/score_attributions.py ../shared/eval/polnear-dev --cmd $(BIN)/newsbot
	$(BIN)/python ../shared/eval/score_attributions.py tests/fixtures/attributions-es --cmd $(BIN)/newsbot
	$(BIN)/python ../shared/eval/score_attributions.py tests/fixtures/news-es --cmd $(BIN)/newsbot
	$(BIN)/python ../shared/eval/score_attributions.py tests/fixtures/news-en --cmd $(BIN)/newsbot
	$(BIN)/python ../shared/eval/score_attributions.py tests/fixtures/news-bi --cmd $(BIN)/newsbot
	$(BIN)/python ../shared/eval/score_attributions.py tests/fixtures/news-mixed --cmd $(BIN)/newsbot
	$(BIN)/python ../shared/eval/score_corpus_qa.py ../shared/eval/polnear-dev --cmd $(BIN)/newsbot
	$(BIN)/python ../shared/eval/score_corpus_qa.py tests/fixtures/news-es --cmd $(BIN)/newsbot --lang es

clean:
	rm -rf $(VENV) $(MO_FILES) $(DB) build dist *.egg-info

# After changing user-facing strings: refresh the .po files from the code, then translate.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k t -k n:1,2 -k N_ --no-location -o locales/newsbot.pot .
	$(BIN)/pybabel update -i locales/newsbot.pot -d locales -D newsbot --ignore-obsolete
