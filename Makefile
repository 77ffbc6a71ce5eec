# Two commands a newcomer needs: `make run` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run demo test bench bundle clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,postgres]'
	touch $(STAMP)

run: $(STAMP)
	@$(BIN)/python -m siibai_desktop.ui.fontcheck || true
	$(BIN)/siibai-desktop --demo-if-missing $(ARGS)

demo: $(STAMP)
	$(BIN)/siibai-desktop --demo

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/roster.py

bundle: $(STAMP)
	$(BIN)/python -m pip install -q pyinstaller
	$(BIN)/pyinstaller --noconfirm build.spec

clean:
	rm -rf build dist .pytest_cache
