"""Keep shared lists' edit keys out of the logs.

Edit links once carried the key in their path (/shortlists/<token>/edit/<key>/); people still
have such links, and every request for one would put the key in the access log, in Django's
"Not Found" warning for a mistyped one, and in the development server's request lines. New
links carry it after '#', which browsers never send. Whatever still arrives is logged with
the key replaced: `RedactEditKeys` filters Django's log records (settings.LOGGING) and
`GunicornLogger` the access log (`--logger-class core.logredact.GunicornLogger`, Makefile).
"""

import logging
import re

# A key, or most of one (a link cut short would give away all but its last characters);
# the edit actions' own names are short words.
EDIT_KEY_IN_PATH = re.compile(r"(/edit/)[A-Za-z0-9_-]{20,}")
HIDDEN = r"\1[edit key]"


def redact(value):
    """`value` with every edit key in a path replaced; anything not text unchanged."""
    if isinstance(value, str):
        return EDIT_KEY_IN_PATH.sub(HIDDEN, value)
    return value


class RedactEditKeys(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: redact(arg) for key, arg in record.args.items()}
        return True


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # pragma: no cover - gunicorn is only needed to serve
    _GunicornLogger = object


class GunicornLogger(_GunicornLogger):
    """gunicorn's logger, with edit keys replaced in every part of the access log line
    (request line, path, referrer, headers and environment values)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: redact(value) for name, value in atoms.items()}
