# victimkit: `make run` opens the app, `make test` runs everything. Both set up what is missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint sysdeps venv clean bench translations dist

run: sysdeps $(STAMP) translations
	$(PY) -m victimkit gui $(CASE)

test: sysdeps $(STAMP) translations lint
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check victimkit tests benchmarks
	$(VENV)/bin/ruff format --check victimkit tests benchmarks
	$(VENV)/bin/lint-imports

sysdeps:
	@scripts/ensure-system-packages.sh

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

translations: $(STAMP)
	@$(PY) scripts/compile_translations.py

bench: $(STAMP)
	$(PY) benchmarks/import_bench.py

# The one-folder Linux application in dist/victimkit (PyInstaller; see packaging/).
dist: $(STAMP) translations
	@$(PY) -c "import PyInstaller" 2>/dev/null || $(PY) -m pip install --quiet -e '.[dist]'
	@start=$$(date +%s); \
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/pyinstaller/victimkit.spec && \
	echo "built dist/victimkit in $$(( $$(date +%s) - start )) s: $$(du -sh dist/victimkit | cut -f1)" \
		"($$(find dist/victimkit -type f | wc -l) files); run dist/victimkit/victimkit"

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
