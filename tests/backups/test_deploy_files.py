"""deploy/ stays true to the code: every variable documented, every scheduled command real, the sandbox whole."""

import re
import shlex
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
READ = re.compile(r"""(?:os\.environ(?:\.get)?\(|os\.environ\[|env_list\(|env_bool\()\s*["']([A-Z][A-Z0-9_]+)["']""")


def variables_read_by_settings() -> set[str]:
    names = set()
    for name in ("base.py", "environment.py", "production.py"):  # what production reads
        names |= set(READ.findall((ROOT / "website" / "settings" / name).read_text()))
    return names - {"DJANGO_SETTINGS_MODULE"}


def example_names() -> set[str]:
    text = (DEPLOY / "website.env.example").read_text()
    return set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_every_variable_the_settings_read_is_in_the_environment_example():
    missing = variables_read_by_settings() - example_names()
    assert not missing, f"add to deploy/website.env.example: {sorted(missing)}"


def test_every_variable_of_the_readme_table_is_in_the_environment_example():
    readme = (ROOT / "README.md").read_text()
    table = re.findall(r"^\| `([A-Z][A-Z0-9_]+)`(?:, `([A-Z][A-Z0-9_]+)`)?", readme, flags=re.MULTILINE)
    documented = {name for row in table for name in row if name}
    assert "DATABASE_URL" in documented
    missing = documented - example_names()
    assert not missing, f"add to deploy/website.env.example: {sorted(missing)}"


def manage_commands():
    """(unit, command, arguments) of every `manage.py` line of the units, systemd's specifiers filled in."""
    found = []
    for unit in UNITS:
        for line in unit.read_text().splitlines():
            if line.startswith("ExecStart=") and " manage.py " in line:
                words = shlex.split(line.split(" manage.py ", 1)[1].replace("%H", "web1").replace("%i", "1"))
                found.append((unit.name, words[0], words[1:]))
    return found


@pytest.mark.parametrize(("unit", "command", "arguments"), manage_commands())
def test_each_unit_runs_a_real_command_with_options_it_takes(unit, command, arguments, settings):
    settings.TASKS = {  # production's backends: the worker's options name them
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    commands = get_commands()
    assert command in commands, f"{unit}: no command {command!r}"
    parser = load_command_class(commands[command], command).create_parser("manage.py", command)
    parser.parse_args(arguments)  # exits (fails the test) on an unknown option


def test_the_worker_runs_without_reloader_with_a_unique_id():
    (_unit, _command, arguments) = next(c for c in manage_commands() if c[1] == "db_worker")
    assert "--no-reload" in arguments and "--backend" in arguments
    assert "%H-%i" in (DEPLOY / "systemd" / "website-worker@.service").read_text()


def test_every_timer_starts_a_service_that_exists_and_is_enabled_by_the_timers_target():
    timers = sorted((DEPLOY / "systemd").glob("*.timer"))
    target = (DEPLOY / "systemd" / "website-timers.target").read_text()
    assert len(timers) >= 8
    for timer in timers:
        assert timer.with_suffix(".service").exists(), timer.name
        assert timer.name in target, timer.name


def test_the_sandbox_is_shared_and_leaves_nothing_writable():
    common = (DEPLOY / "systemd" / "website-.service.d" / "10-common.conf").read_text()
    for setting in ("User=website", "ProtectSystem=strict", "PrivateTmp=yes", "NoNewPrivileges=yes",
                    "EnvironmentFile=/etc/website/website.env", "CapabilityBoundingSet=\n"):  # fmt: skip
        assert setting in common, setting
    for unit in [*UNITS, DEPLOY / "systemd" / "website-.service.d" / "10-common.conf"]:
        settings = [line for line in unit.read_text().splitlines() if not line.startswith("#")]
        assert not [line for line in settings if line.startswith(("ReadWritePaths", "User=root", "StateDirectory"))]
    web = (DEPLOY / "systemd" / "website-web@.service").read_text()
    assert "--config deploy/gunicorn.conf.py" in web and (DEPLOY / "gunicorn.conf.py").exists()
