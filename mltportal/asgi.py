"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from core.serving import tune_garbage_collection

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mltportal.settings")

application = get_asgi_application()
tune_garbage_collection()
