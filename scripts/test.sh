#!/usr/bin/env bash
# The whole test suite, as README.md and CI run it: `make test`.
#
# Installs what the tests need when it is missing (Python packages in the
# virtual environment; Debian's chromium, postgresql, redis and npm when the
# user is root or has sudo), starts PostgreSQL and Redis on loopback when
# none answers on 127.0.0.1, then runs: ruff, the import contract, manage.py check, makemigrations
# --check, pytest on SQLite, the same pytest on PostgreSQL, the scale-out test
# (scripts/scale_test.py) and the browser tests in headless Chromium with the demo's own tests.
#
#   scripts/test.sh          everything
#   scripts/test.sh browser  only the browser tests (make screenshots uses this)
set -euo pipefail
cd "$(dirname "$0")/.."

ONLY="${1:-all}"
PYTHON="${PYTHON:-python3.11}"
VENV="${VENV:-.venv}"
PY="$VENV/bin/python"
SERVICES="$PWD/.test-services"
START=$(date +%s)

step() { printf '\n==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1; fi
}
APT_UPDATED=""
apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq >/dev/null || return 1; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- Python environment --------------------------------------------------------
step "Python packages"
if [ ! -x "$PY" ]; then
  command -v "$PYTHON" >/dev/null 2>&1 || die "Python 3.11 is needed (set PYTHON=/path/to/python3.11)"
  "$PYTHON" -m venv "$VENV"
fi
"$PY" -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# --- System packages -------------------------------------------------------------
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  step "Installing Debian's chromium"
  apt_install chromium || die "chromium is missing: install Debian's 'chromium' package (needs root or sudo)"
fi
if ! command -v xgettext >/dev/null 2>&1; then
  step "Installing gettext (checks that every string is in the catalogue)"
  apt_install gettext || echo "gettext is missing: the catalogue completeness test will be skipped"
fi
if ! command -v pg_dump >/dev/null 2>&1 || ! command -v pg_restore >/dev/null 2>&1; then
  step "Installing postgresql-client (pg_dump and pg_restore for the backup and restore drill)"
  apt_install postgresql-client || echo "pg_dump is missing: the restore drill test will be skipped (it fails when CI is set)"
fi
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  step "Installing fonts-dejavu-core (an Arabic TTF for the policy importer's test PDFs)"
  apt_install fonts-dejavu-core || echo "fonts-dejavu-core is missing: the policy importer's PDF tests will be skipped (they fail when CI is set)"
fi
if ! ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0.so.0; then
  step "Installing Pango (WeasyPrint draws the committee's minutes with it)"
  apt_install libpango-1.0-0 libpangoft2-1.0-0 || die "Pango is missing: install Debian's libpango-1.0-0 and libpangoft2-1.0-0"
fi
if ! command -v npm >/dev/null 2>&1; then
  step "Installing npm"
  apt_install nodejs npm || die "npm is missing: install Node.js and npm"
fi
step "axe-core from the npm registry"
npm ci --no-audit --no-fund --loglevel=error >/dev/null

# --- PostgreSQL: the machine's own on 127.0.0.1:5432, else one of ours ------------
mkdir -p "$SERVICES"
cleanup() {
  if [ -n "${OUR_PG:-}" ]; then as_user_pg "$PG_BIN/pg_ctl" -D "$SERVICES/pg" -m fast stop >/dev/null 2>&1 || true; fi
  if [ -n "${OUR_REDIS:-}" ]; then "$PY" -c "import redis; redis.Redis(port=$REDIS_PORT).shutdown(nosave=True)" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
as_user_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_answers() { "$PY" -c "import psycopg,sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$1" >/dev/null 2>&1; }
PG_ADMIN_URL="${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
if ! pg_answers "$PG_ADMIN_URL"; then
  step "Starting PostgreSQL on 127.0.0.1:54329"
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$PG_BIN" ]; then
    apt_install postgresql || die "PostgreSQL is missing: install Debian's 'postgresql' package (needs root or sudo)"
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  rm -rf "$SERVICES/pg"; mkdir -p "$SERVICES/pg"
  if [ "$(id -u)" = 0 ]; then chown postgres "$SERVICES" "$SERVICES/pg"; fi
  as_user_pg "$PG_BIN/initdb" -D "$SERVICES/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_user_pg "$PG_BIN/pg_ctl" -D "$SERVICES/pg" -l "$SERVICES/pg/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p 54329 -k $SERVICES/pg -c fsync=off" start >/dev/null
  OUR_PG=1
  PG_ADMIN_URL="postgresql://postgres@127.0.0.1:54329/postgres"
  pg_answers "$PG_ADMIN_URL" || die "PostgreSQL did not start (see $SERVICES/pg/server.log)"
fi
export TEST_POSTGRES_URL="$PG_ADMIN_URL"
# One database name per checkout, so two checkouts can test side by side.
PG_DATABASE_URL="${PG_ADMIN_URL%/*}/website_$(basename "$PWD" | tr -c 'a-zA-Z0-9\n' '_')"

# --- Redis: the machine's own on 127.0.0.1:6379, else one of ours -----------------
redis_answers() { "$PY" -c "import redis,sys; redis.Redis.from_url(sys.argv[1], socket_timeout=3).ping()" "$1" >/dev/null 2>&1; }
REDIS_URL_FOR_TESTS="${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"
if ! redis_answers "$REDIS_URL_FOR_TESTS"; then
  step "Starting Redis on 127.0.0.1:63799"
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server || die "Redis is missing: install Debian's 'redis-server'"
  REDIS_PORT=63799
  redis-server --port $REDIS_PORT --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --dir "$SERVICES" --pidfile "$SERVICES/redis.pid" --logfile "$SERVICES/redis.log"
  OUR_REDIS=1
  REDIS_URL_FOR_TESTS="redis://127.0.0.1:$REDIS_PORT/15"
  for _ in 1 2 3 4 5 6 7 8 9 10; do redis_answers "$REDIS_URL_FOR_TESTS" && break; sleep 0.5; done
fi
export TEST_REDIS_URL="$REDIS_URL_FOR_TESTS"

step "Translations"
"$PY" manage.py compile_translations >/dev/null

if [ "$ONLY" != "browser" ]; then
  step "ruff"
  "$VENV/bin/ruff" check .
  step "Import contract (lint-imports: layers and no cycles, pyproject.toml)"
  PYTHONPATH=. "$VENV/bin/lint-imports" --no-cache
  step "manage.py check"
  "$PY" manage.py check --fail-level WARNING
  step "makemigrations --check"
  "$PY" manage.py makemigrations --check --dry-run
  # Every test but the demo's runs on the tests' own association, built with the factories.
  step "pytest on SQLite"
  "$VENV/bin/pytest" -q -m "not browser and not production and not demo"
  step "pytest on PostgreSQL ($PG_DATABASE_URL)"
  DATABASE_URL="$PG_DATABASE_URL" "$VENV/bin/pytest" -q -m "not browser and not demo"
  # nginx, two gunicorn instances, task workers and servers of its own, under load and faults.
  step "Scale-out test (scripts/scale_test.py, at most 5 minutes)"
  command -v nginx >/dev/null 2>&1 || apt_install nginx || die "nginx is missing: install Debian's 'nginx' package"
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server || die "Redis is missing: install Debian's 'redis-server'"
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql \
    || die "PostgreSQL is missing: install Debian's 'postgresql' package"
  timeout --kill-after=20 300 "$PY" scripts/scale_test.py
fi
if [ "$ONLY" = "browser" ]; then
  step "Browser tests (headless Chromium)"
  CHROMIUM="$CHROMIUM" DEMO_SEED=1 "$VENV/bin/pytest" -q -m browser
else
  # The browser tests and the few about the seeded demo itself (the smoke test among them).
  step "Browser tests (headless Chromium) and the demo's own tests"
  CHROMIUM="$CHROMIUM" DEMO_SEED=1 "$VENV/bin/pytest" -q -m demo
fi

step "All green in $(( $(date +%s) - START )) s"
