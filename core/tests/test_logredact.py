"""Edit keys never reach a log line: Django's records and gunicorn's access log."""

import logging
from datetime import timedelta
from types import SimpleNamespace

from core.logredact import GunicornLogger, RedactEditKeys, redact

TOKEN = "t" * 43
KEY = "Ab3_-" * 8 + "xyz"  # 43 characters


def test_redact_hides_keys_and_most_of_a_cut_short_key_but_not_actions():
    assert redact(f"/shortlists/{TOKEN}/edit/{KEY}/") == f"/shortlists/{TOKEN}/edit/[edit key]/"
    assert KEY[:30] not in redact(f"/shortlists/{TOKEN}/edit/{KEY[:30]}")
    assert redact(f"/shortlists/{TOKEN}/edit/save/") == f"/shortlists/{TOKEN}/edit/save/"
    assert redact(f"/shortlists/{TOKEN}/") == f"/shortlists/{TOKEN}/"  # the share link is public
    assert redact(42) == 42


def test_the_filter_rewrites_message_and_arguments():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "%s: %s",
        ("Not Found", f"/edit/{KEY}/"),
        None,
    )
    assert RedactEditKeys().filter(record)
    assert record.getMessage() == "Not Found: /edit/[edit key]/"


def test_the_settings_put_the_filter_on_every_handler():
    from django.conf import settings

    for handler in settings.LOGGING["handlers"].values():
        assert "redact_edit_keys" in handler["filters"]


def test_gunicorns_access_log_atoms_are_redacted():
    from gunicorn.config import Config

    logger = GunicornLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/shortlists/{TOKEN}/edit/{KEY}/",
        "PATH_INFO": f"/shortlists/{TOKEN}/edit/{KEY}/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://example.org/shortlists/{TOKEN}/edit/{KEY}/",
    }
    response = SimpleNamespace(status="302 Found", sent=0, headers=[])
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, timedelta(seconds=0))
    assert KEY not in " ".join(str(v) for v in atoms.values())
    assert atoms["r"] == f"GET /shortlists/{TOKEN}/edit/[edit key]/ HTTP/1.1"
