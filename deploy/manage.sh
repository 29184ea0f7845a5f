#!/bin/sh
# Run a manage.py command as the site runs: as the `website` user, with its environment.
#   sudo /srv/website/app/deploy/manage.sh createsuperuser
#   sudo /srv/website/app/deploy/manage.sh restore_drill --keep
# (collectstatic and compile_translations write into the code tree: deploy/update.sh runs them.)
set -eu
cd "${APP:-/srv/website/app}"
exec sudo -u website env -i PATH=/usr/bin:/bin HOME=/tmp ENV_FILE="${ENV_FILE:-/etc/website/website.env}" sh -c '
  set -a; . "$ENV_FILE"; set +a
  export DJANGO_SETTINGS_MODULE=website.settings.production PYTHONDONTWRITEBYTECODE=1
  exec .venv/bin/python manage.py "$@"' manage "$@"
