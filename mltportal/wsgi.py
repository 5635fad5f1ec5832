"""WSGI entry point (gunicorn mltportal.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from core.serving import tune_garbage_collection

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mltportal.settings")

application = get_wsgi_application()
tune_garbage_collection()
