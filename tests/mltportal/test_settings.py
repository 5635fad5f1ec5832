"""The settings module refuses to start in production without a real secret key."""

import os
import subprocess
import sys

from django.conf import settings

CODE = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='mltportal.settings'; django.setup()"
)


def run_settings(code=CODE, **env):
    """`python -c code` in a fresh process, with no DJANGO_* variables unless given."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        env=full_env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


def test_debug_off_without_secret_key_refuses_to_start():
    result = run_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is missing" in result.stderr


def test_debug_off_with_placeholder_key_refuses_to_start():
    result = run_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="change-me-to-a-long-random-string")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is missing or still the placeholder" in result.stderr


def test_debug_off_with_real_key_starts():
    result = run_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


def test_debug_on_starts_without_key():
    assert run_settings(DJANGO_DEBUG="1").returncode == 0


def run_manage(*args, stdin="", **env):
    """`python manage.py ARGS` as on a fresh clone: no DJANGO_* variables unless given."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    full_env.pop("DATABASE_URL", None)
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=full_env,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
        timeout=600,
    )


def test_readme_createsuperuser_works_as_written_on_a_fresh_clone(tmp_path):
    """README: `.venv/bin/python manage.py createsuperuser`, with no environment set. In a
    checkout without a secret key, manage.py runs with the development settings."""
    database = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    assert run_manage("migrate", "-v0", DATABASE_URL=database).returncode == 0
    result = run_manage(
        "createsuperuser",
        "--noinput",
        "--username",
        "first-admin",
        "--email",
        "admin@example.org",
        DATABASE_URL=database,
        DJANGO_SUPERUSER_PASSWORD="a long and unusual passphrase 42",
    )
    assert result.returncode == 0, result.stderr
    assert "Superuser created successfully." in result.stdout
    assert "Traceback" not in result.stderr


def test_manage_py_says_what_to_set_when_the_settings_refuse():
    result = run_manage("check", DJANGO_DEBUG="0")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "DJANGO_SECRET_KEY is missing" in result.stderr
    assert "DJANGO_DEBUG=1" in result.stderr


def test_manage_py_keeps_debug_off_when_a_secret_key_is_set():
    code = "from django.conf import settings; print(settings.DEBUG)"
    result = run_manage("shell", "-v0", "-c", code, DJANGO_SECRET_KEY="k" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
    result = run_manage("shell", "-v0", "-c", code)
    assert result.stdout.strip() == "True"


def test_the_server_entry_points_move_what_they_loaded_out_of_the_collectors_way():
    for module in ("mltportal.wsgi", "mltportal.asgi"):
        code = (
            "import gc, importlib; before = gc.get_threshold(); "
            f"importlib.import_module({module!r}); "
            "print(gc.get_freeze_count(), before[0], gc.get_threshold()[0])"
        )
        result = run_settings(code, DJANGO_DEBUG="1")
        assert result.returncode == 0, result.stderr
        frozen, young_before, young_after = map(int, result.stdout.split())
        # Django and the apps are loaded and frozen; the young generation waits longer.
        assert frozen > 10_000
        assert young_after > young_before


CONN_AGE = CODE + (
    "; from django.db import connection; print(connection.settings_dict['CONN_MAX_AGE'])"
)


def test_workers_keep_their_connection_for_a_minute_but_not_in_debug():
    """The development server (debug) answers each request in a new thread that never closes
    a kept connection: it must not keep one, or PostgreSQL runs out of connections."""
    key = "x" * 50
    assert run_settings(CONN_AGE, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=key).stdout.strip() == "60"
    assert run_settings(CONN_AGE, DJANGO_DEBUG="1").stdout.strip() == "0"
    chosen = run_settings(CONN_AGE, DJANGO_DEBUG="1", DJANGO_CONN_MAX_AGE="30")
    assert chosen.stdout.strip() == "30"
    wrong = run_settings(CONN_AGE, DJANGO_DEBUG="1", DJANGO_CONN_MAX_AGE="a minute")
    assert "DJANGO_CONN_MAX_AGE must be a whole number" in wrong.stderr
