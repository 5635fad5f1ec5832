"""Health check and error pages that work when the database does not."""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)


@never_cache
def healthz(request):
    """200 when the database answers a query, 503 otherwise (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("health check: the database is not answering", exc_info=True)
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


def _page(template: str, status: int) -> HttpResponse:
    # Rendered without a request context: no database, session or context processors.
    response = HttpResponse(loader.get_template(template).render(), status=status)
    if status == 503:
        response["Retry-After"] = "30"
    return response


def server_error(request):
    """handler500: a database outage gets the friendly 503 page, anything else the 500."""
    error = sys.exc_info()[1]
    down = isinstance(error, DATABASE_DOWN)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"status": "unavailable" if down else "error"}, status=503 if down else 500
        )
        if down:
            response["Retry-After"] = "30"
        return response
    return _page("503.html", 503) if down else _page("500.html", 500)
