"""Secure defaults: production settings, check --deploy, headers, CSP."""

import subprocess

import pytest

from scripts.servers.production_env import PYTHON, ROOT, production_env


def run_manage(*args, env):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_for_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_its_variables():
    env = production_env()
    for name in ("DJANGO_SECRET_KEY", "DATABASE_URL", "RECAPTCHA_PRIVATE_KEY"):
        env.pop(name)
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "Production settings need these environment variables (see README.md): " in result.stderr
    assert "DJANGO_SECRET_KEY, DATABASE_URL, RECAPTCHA_PRIVATE_KEY\n" in result.stderr


def test_every_required_variable_is_documented_in_the_readme():
    from website.settings import environment

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in environment.REQUIRED:
        assert f"`{name}`" in readme, name


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/ar/", "/admin/login/"])
def test_security_headers_on_public_pages_and_admin(client, site_pages, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'self'" in csp


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db
def test_inline_scripts_are_allowed_only_in_the_admin(client, site_pages):
    public = client.get("/ar/")["Content-Security-Policy"]
    admin = client.get("/admin/login/")["Content-Security-Policy"]
    assert "'unsafe-inline'" not in public.split("script-src")[1].split(";")[0]
    assert "'unsafe-inline'" in admin.split("script-src")[1].split(";")[0]
