"""The settings module refuses to start in production without a real secret key."""

import os
import subprocess
import sys

from django.conf import settings

CODE = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='mltportal.settings'; django.setup()"
)


def run_settings(**env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", CODE],
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
