#!/usr/bin/env python
"""Django's command-line utility for administrative tasks.

In a checkout without a secret key (a developer's machine: production always sets
DJANGO_SECRET_KEY, and serves through wsgi.py, not this file) commands run with the
development settings, so the README's commands work as written on a fresh clone. A
configuration the settings refuse is reported in one paragraph that says what to set, not
as a traceback.
"""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mltportal.settings")
    if not os.environ.get("DJANGO_SECRET_KEY", "").strip() and "DJANGO_DEBUG" not in os.environ:
        os.environ["DJANGO_DEBUG"] = "1"
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 (loads the settings, which may refuse)
    except ImproperlyConfigured as error:
        sys.stderr.write(
            f"manage.py: the settings refused to load: {error}\n"
            "Settings come from the environment (.env.example lists them). For local "
            "development, leave DJANGO_DEBUG unset or set DJANGO_DEBUG=1.\n"
        )
        sys.exit(2)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
