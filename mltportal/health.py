"""Health check and error pages that work when the database does not."""

import logging
import sys

from django.core.cache import caches
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)
# /healthz gives the database this long to answer (seconds), whatever the site's own timeouts.
HEALTH_TIMEOUT_SECONDS = 2


def database_answers() -> bool:
    """Whether the database answers SELECT 1 within HEALTH_TIMEOUT_SECONDS. On PostgreSQL
    the probe uses a connection of its own with short timeouts, so a hung server or a hung
    persistent connection cannot hang the health check."""
    try:
        if connection.vendor != "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
            return True
        params = connection.get_connection_params()
        params["connect_timeout"] = HEALTH_TIMEOUT_SECONDS
        params["options"] = f"-c statement_timeout={HEALTH_TIMEOUT_SECONDS * 1000}"
        probe = connection.get_new_connection(params)
        try:
            with probe.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        finally:
            probe.close()
        return True
    except (DatabaseError, connection.Database.Error, OSError) as error:
        # The probe's own connection raises the driver's errors, not Django's.
        logger.warning("health check: the database is not answering: %s", error)
        return False


def cache_state() -> str:
    """'up' or 'down' for a shared cache (Redis) that can tell; 'local' for the per-process
    memory cache, which cannot be down."""
    check = getattr(caches["default"], "is_healthy", None)
    if check is None:
        return "local"
    return "up" if check() else "down"


@never_cache
def healthz(request):
    """For load balancers and monitoring; JSON with `status`, `database` and `cache`.

    - 200 {"status": "ok", ...}: everything answers.
    - 200 {"status": "degraded", "cache": "down"}: Redis is down; pages are served (slower,
      rate limits per process), so the server stays in rotation. Alert on it.
    - 503 {"status": "unavailable", "database": "down"}: the database did not answer within
      2 seconds; every page would be the 503 page, take the server out of rotation.
    """
    database_up = database_answers()
    cache = cache_state()
    if not database_up:
        status, code = "unavailable", 503
    elif cache == "down":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    body = {"status": status, "database": "up" if database_up else "down", "cache": cache}
    response = JsonResponse(body, status=code)
    if code == 503:
        response["Retry-After"] = "30"
    return response


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
