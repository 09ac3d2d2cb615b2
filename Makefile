# Two commands do all the set-up on a fresh Debian machine:
#   make demo   renders the reference circular and its package into output/
#   make test   runs the test suite (as .ci/run does)
# Debian's own python3 when it is 3.11 or newer: it is built with profile-guided and link-time
# optimisation, which a python3 built from source (pyenv) usually is not, and renders a batch
# with about 15 % less CPU (bench/README.md, "The interpreter").  Otherwise python3 from PATH.
PYTHON ?= $(firstword $(shell /usr/bin/python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
                               2>/dev/null && echo /usr/bin/python3) python3)
VENV   := .venv
BIN    := $(VENV)/bin

# WeasyPrint needs Pango; libharfbuzz-subset0 makes its font subsetting ~4x faster;
# python3-venv lets Debian's own python3 make the virtualenv.
APT_RUN  := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig python3-venv
# Tests also compare against LibreOffice's pagination and pdftotext's extraction, and
# run a real Celery worker against a Redis server they start on 127.0.0.1, and
# test the number register against a PostgreSQL cluster they start there, and
# drive the web form in Debian's headless Chromium through its chromedriver; the checker's tests
# type a letter in another Thai font (TLWG Laksaman), which a fresh machine does not have.
APT_TEST := poppler-utils libreoffice-writer-nogui python3-uno redis-server postgresql chromium chromium-driver \
            fonts-tlwg-laksaman

.PHONY: demo test setup setup-test bench clean

# FORCE=1 replaces demo files that differ (an earlier version's); without it docgen refuses,
# as it refuses to overwrite any file that may have been edited.
demo: setup
	$(BIN)/docgen render config/lopburi-jpt-2562/circular.yaml --out output $(if $(FORCE),--force)
	$(BIN)/docgen package config/lopburi-jpt-2562/circular.yaml --out output $(if $(FORCE),--force)

test: setup-test
	$(BIN)/python -m pytest

bench: setup-test
	$(BIN)/python bench/batch.py

setup: $(VENV)/.installed
setup-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml tools/apt-install
	tools/apt-install $(APT_RUN)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	tools/apt-install $(APT_TEST)
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
