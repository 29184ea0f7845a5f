#!/usr/bin/env bash
# Update the site without dropping requests (docs/deploy.md, "Updates"):
#   sudo /srv/website/app/deploy/update.sh            # the tracked branch's newest commit
#   sudo /srv/website/app/deploy/update.sh v1.4.0     # a tag or commit
#
# Order: code and dependencies, checks, translations, static files and bytecode
# (the old processes keep serving meanwhile), database migrations, then the task
# workers, then each web instance in turn, waiting until it answers /healthz
# before the next one: nginx sends requests to whichever instance is up.
# Migrations run while the old code still serves: a release must not remove or
# rename what the running release uses (remove it one release later).
set -euo pipefail

APP="${APP:-/srv/website/app}"
ENV_FILE="${ENV_FILE:-/etc/website/website.env}"
cd "$APP"
[ "$(id -u)" = 0 ] || { echo "Run with sudo: the code tree is root's, the services are systemd's." >&2; exit 1; }

set -a
# shellcheck disable=SC1090
. "$ENV_FILE"
set +a
export DJANGO_SETTINGS_MODULE=website.settings.production
PY="$APP/.venv/bin/python"
step() { printf '\n==> %s\n' "$*"; }

step "Code"
git fetch --quiet --tags origin
if [ -n "${1:-}" ]; then git checkout --quiet --detach "$1"; else git merge --quiet --ff-only '@{upstream}'; fi
git log -1 --format='    %h %s (%cd)' --date=short

step "Dependencies (pinned in requirements.txt)"
"$PY" -m pip install --quiet --disable-pip-version-check -r requirements.txt

step "Checks"
"$PY" manage.py check --deploy --fail-level WARNING
"$PY" manage.py migrate --check --no-input >/dev/null 2>&1 && echo "    no migration to apply" || echo "    migrations to apply"

step "Translations, static files, bytecode"
"$PY" manage.py compile_translations
"$PY" manage.py collectstatic --no-input --verbosity 0
# The services run with PYTHONDONTWRITEBYTECODE=1 on a read-only tree: compile once here.
"$PY" -m compileall -q -j 0 -x '/(\.venv|node_modules|static_collected)/' . >/dev/null

step "Database migrations"
"$PY" manage.py migrate --no-input

running() { systemctl list-units --plain --no-legend --state=active "$1" | awk '{print $1}'; }

step "Task workers (each finishes the task in hand)"
for unit in $(running 'website-worker@*.service'); do systemctl restart "$unit"; echo "    $unit restarted"; done

step "Web instances, one at a time"
first_host="${DJANGO_ALLOWED_HOSTS%%,*}"
healthy() {
  "$PY" - "$1" "$first_host" "${WEB_HOST:-127.0.0.1}" <<'PY'
import http.client, sys
connection = http.client.HTTPConnection(sys.argv[3], int(sys.argv[1]), timeout=3)
connection.request("GET", "/healthz", headers={"Host": sys.argv[2], "X-Forwarded-Proto": "https"})
sys.exit(0 if connection.getresponse().status == 200 else 1)
PY
}
for unit in $(running 'website-web@*.service'); do
  port="${unit#website-web@}"; port="${port%.service}"
  systemctl restart "$unit"
  for _ in $(seq 60); do healthy "$port" 2>/dev/null && break; sleep 1; done
  healthy "$port" || { echo "ERROR: $unit does not answer /healthz; the other instances still serve." >&2
                       echo "       journalctl -u $unit -n 50" >&2; exit 1; }
  echo "    $unit answers"
done

step "Done"
