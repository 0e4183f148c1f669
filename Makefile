# The verbs a newcomer needs: `make run` to try the tracker, `make test` to run the suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1

.PHONY: install run test lint worker beat stop messages bench

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# DEBUG defaults to on here: this is the local try-out. Without DATABASE_URL / REDIS_URL it runs on the
# embedded PostgreSQL and Redis (data under var/); web server, worker and beat stop together on Ctrl-C.
run: install
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py seed
	DEBUG=$${DEBUG:-1} $(BIN)/python -m config.launch --host $(HOST) --port $(PORT)

# The whole suite, four test processes in parallel (pytest-xdist; much of a test waits on a worker,
# a browser or the database, so four beat two on two cores), on the same engine as `make run`.
test: install
	$(BIN)/python -m pytest -n $${TEST_PROCESSES:-4} $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

worker: install
	$(BIN)/celery -A config worker --loglevel=INFO --concurrency=2

stop: install
	$(BIN)/python -c 'from config import embedded; embedded.stop(["postgres", "redis"])' 

beat: install
	$(BIN)/celery -A config beat --loglevel=INFO

messages: install
	cd apps/web && ../../$(BIN)/python ../../manage.py makemessages -l id && ../../$(BIN)/python ../../manage.py compilemessages -l id

bench: install
	for b in bench/bench_*.py; do DEBUG=1 $(BIN)/python $$b || exit 1; done
