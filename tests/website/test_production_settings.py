"""The headless settings of the production profile come from the environment (none by default)."""

import json
import subprocess

from scripts.servers.production_env import PYTHON, ROOT, production_env

SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'cors': s.CORS_ALLOWED_ORIGINS, 'credentials': s.CORS_ALLOW_CREDENTIALS, "
    "'apps': s.RECAPTCHA_ALLOWED_PACKAGE_NAMES, 'preview': s.WAGTAIL_HEADLESS_PREVIEW['CLIENT_URLS'], "
    "'frames': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['frame-src']}))"
)


def production_settings(**env):
    done = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", SHOW],
        cwd=ROOT, env=production_env(**env), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_nothing_is_open_by_default():
    values = production_settings()
    assert values["cors"] == [] and values["credentials"] is False
    assert values["apps"] == [] and values["preview"] == {}


def test_origins_apps_and_the_preview_front_end_from_the_environment():
    values = production_settings(
        DJANGO_CORS_ALLOWED_ORIGINS="https://app.example.org, https://www.example.org",
        RECAPTCHA_ALLOWED_PACKAGE_NAMES="sa.org.nakhla.app",
        HEADLESS_PREVIEW_CLIENT_URL="https://front.example.org/preview",
    )
    assert values["cors"] == ["https://app.example.org", "https://www.example.org"]
    assert values["apps"] == ["sa.org.nakhla.app"]
    assert values["preview"] == {"default": "https://front.example.org/preview"}
    assert "https://front.example.org" in values["frames"]
