"""Settings for MLT Portal, driven by environment variables (see .env.example)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


DEBUG = env_bool("DJANGO_DEBUG", False)

# A placeholder is accepted only with DEBUG on; production must set a real key.
INSECURE_DEV_SECRET_KEY = "django-insecure-dev-only-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY or SECRET_KEY == INSECURE_DEV_SECRET_KEY or SECRET_KEY.startswith("change-me"):
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is missing or still the placeholder. Set it to a long random "
            'value (python -c "import secrets; print(secrets.token_urlsafe(50))") '
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = INSECURE_DEV_SECRET_KEY

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS",
    ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [],
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "django_htmx",
    "simple_history",
    "import_export",
    "axes",
    # The project's rooms; imports point one way: core <- programs <- the rest.
    "core",
    "programs",
    "shortlists",
    "careers",
    "curation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "mltportal.middleware.extra_security_headers",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the query or the form: a NUL byte is a 400, never a 500.
    "mltportal.middleware.reject_nul_bytes",
    "mltportal.middleware.refuse_trace",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "mltportal.middleware.StaffIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # The directory's generation number read once per GET (the page cache's key uses it).
    "programs.generation.read_once_per_request",
    # Repeats of public pages from the cache (after session, auth and messages: it needs
    # to know who is asking). core/pagecache.py.
    "core.pagecache.PageCacheMiddleware",
    # Records who made each change in the history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes checks every sign-in first (and refuses it during a lockout), then Django's
# own backend checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "mltportal.urls"

# Plain widgets (inputs, selects, labels) written in Python with the markup of Django's own
# templates; every other form template renders as usual (core/formrender.py).
FORM_RENDERER = "core.formrender.LeanRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mltportal.context_processors.site",
                "shortlists.context_processors.shortlist_ids",
            ],
            # The shared formatting filters (dollars, percent, miles, jsonld, canonical).
            "builtins": ["core.templatetags.core"],
        },
    },
]

WSGI_APPLICATION = "mltportal.wsgi.application"
ASGI_APPLICATION = "mltportal.asgi.application"

# Seconds a worker keeps its database connection between requests. Not in debug: the
# development server (make run) answers each request in a new thread, which never closes a
# kept connection, so PostgreSQL would run out of connections after a few hundred pages.
CONN_MAX_AGE = env_int("DJANGO_CONN_MAX_AGE", 0 if DEBUG else 60)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=CONN_MAX_AGE,
        conn_health_checks=True,
    )
}

# PostgreSQL: give up on a connection after DB_CONNECT_TIMEOUT seconds (a frozen or
# unreachable server answers 503 instead of hanging every worker) and cancel any statement
# that runs longer than DB_STATEMENT_TIMEOUT_MS, well inside gunicorn's 30 s (0: no limit,
# e.g. for `make bench`). A transaction left idle is ended after a minute.
DB_CONNECT_TIMEOUT = env_int("MLT_DB_CONNECT_TIMEOUT", 5)
DB_STATEMENT_TIMEOUT_MS = env_int("MLT_DB_STATEMENT_TIMEOUT_MS", 20000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
    _options["options"] = " ".join(
        part
        for part in (
            _options.get("options", ""),
            f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}",
            "-c idle_in_transaction_session_timeout=60000",
        )
        if part
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- MLT Portal ---------------------------------------------------------------------------

SITE_NAME = "MLT Portal"
# Public base URL used in canonical links, sitemaps and share links when a request is not
# available. Leave empty to derive it from the request.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").rstrip("/")
# Listings not verified for this many months count as stale.
STALE_AFTER_MONTHS = int(os.environ.get("MLT_STALE_AFTER_MONTHS", "12"))
PROGRAMS_PER_PAGE = 20
# The admin's URL prefix; a less obvious path keeps casual scanners away.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
# Facet counts are the most expensive part of a directory page; they may lag an edit by
# this many seconds (the results themselves are always current).
FACET_CACHE_SECONDS = int(os.environ.get("MLT_FACET_CACHE_SECONDS", "300"))
# Facet counts from a per-process in-memory index rebuilt after each directory write
# (programs/facet_index.py; about 3 MB at 100,000 listings); 0 counts in SQL every time.
FACET_INDEX = env_int("MLT_FACET_INDEX", 1) == 1
# Whole public pages for visitors who are not signed in (core.pagecache): kept this many
# seconds server-side (0: off), invalidated at once by any write to the directory or the guide.
PAGE_CACHE_SECONDS = int(os.environ.get("MLT_PAGE_CACHE_SECONDS", "600"))
# What a browser or CDN may keep: fresh for max-age, then served stale while revalidating.
PAGE_CACHE_MAX_AGE = int(os.environ.get("MLT_PAGE_CACHE_MAX_AGE", "60"))
PAGE_CACHE_STALE_SECONDS = int(os.environ.get("MLT_PAGE_CACHE_STALE_SECONDS", "300"))
# The number that changes on every directory write (programs.generation): part of the key.
PAGE_CACHE_GENERATION = "programs.generation.current"
# /healthz must not read the generation: with the database frozen that read would hang the
# probe that is meant to say so within 2 s.
PAGE_CACHE_EXCLUDE_PREFIXES = ["/" + ADMIN_URL, "/healthz"]
# The part of a visitor's state public pages show (their shortlisted ids): part of the key.
PAGE_CACHE_VARIANT = "shortlists.session.cache_variant"
# Notes other apps add above the directory's results, without the directory importing them
# (programs.views.directory_notices).
DIRECTORY_NOTICES = ["careers.notices.licensing_notice"]
# Shortlists: how many programs a visitor's shortlist holds, and how many shared lists one
# browser (session) and one network (client address, IPv6 /64: a whole school can share
# one) may create per window. The counts live in the default cache: per process with the
# built-in local-memory cache, shared once REDIS_URL points at Redis (shortlists.ratelimit).
SHORTLIST_MAX_PROGRAMS = 20
SHORTLIST_CREATE_LIMIT = env_int("MLT_SHORTLIST_CREATE_LIMIT", 40)
SHORTLIST_CREATE_NETWORK_LIMIT = env_int("MLT_SHORTLIST_CREATE_NETWORK_LIMIT", 400)
SHORTLIST_CREATE_WINDOW = int(os.environ.get("MLT_SHORTLIST_CREATE_WINDOW", "3600"))

# --- Behind a reverse proxy (core.clientip) -----------------------------------------------
# How many reverse proxies stand in front of the app and append to X-Forwarded-For (nginx
# with `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;` counts as one). 0: the
# header is ignored and REMOTE_ADDR is the client. The header is believed only on connections
# from TRUSTED_PROXY_NETWORKS.
TRUSTED_PROXY_HOPS = env_int("MLT_TRUSTED_PROXY_HOPS", 0)
TRUSTED_PROXY_NETWORKS = env_list("MLT_TRUSTED_PROXY_NETWORKS", ["127.0.0.0/8", "::1/128"])

# --- Security ---------------------------------------------------------------------------
# Secure by default: with DEBUG off every setting below is on unless the environment says
# otherwise (e.g. DJANGO_SECURE_SSL_REDIRECT=0 behind a proxy that already redirects).

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# e.g. "HTTP_X_FORWARDED_PROTO,https" when a trusted proxy terminates TLS.
_proxy_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip()
SECURE_PROXY_SSL_HEADER = tuple(_proxy_header.split(",", 1)) if _proxy_header else None
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# With secure cookies, the __Host- prefix: the browser keeps them only for this exact host,
# over HTTPS, for the whole site, so a sibling subdomain cannot set or shadow them.
if SESSION_COOKIE_SECURE:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Content Security Policy (Django's built-in middleware): nothing is allowed unless listed;
# scripts and styles only from this site (inline ones need the per-request nonce).
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
}

# Email (Django 6.1 MAILERS): the console in development, SMTP in production, configured
# from the environment. The site sends no mail today; admins' error mail would use this.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {}
        if DEBUG
        else {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "587")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
        },
    }
}

# --- Cache --------------------------------------------------------------------------------
# Redis when REDIS_URL is set (shared by every app server: facet counts, rate limits);
# otherwise a per-process memory cache. Everything works with either. Redis is best-effort
# (core.cache): while it is down or unreachable the site answers from per-process memory.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.BestEffortRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mltportal",
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Logging ------------------------------------------------------------------------------
# Shared lists' edit keys never reach a log line (core/logredact.py), from the app or from
# the development server's request lines.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_edit_keys": {"()": "core.logredact.RedactEditKeys"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_edit_keys"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_edit_keys"],
        },
    },
    "loggers": {
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# --- Curation: sign-in protection, history, import and export ---------------------------

# Five failed sign-ins for one username from one client address lock that pair out for the
# cool-off period (the same username from another address still signs in); a successful
# sign-in clears the count. One address may also fail at most SIGNIN_ADDRESS_FAILURE_LIMIT
# times across all usernames (mltportal.signin). The client address is core.clientip's.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "mltportal.signin.AddressAwareHandler"
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"
SIGNIN_ADDRESS_FAILURE_LIMIT = env_int("MLT_SIGNIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("MLT_LOCKOUT_MINUTES", "30")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Staff are signed out after this many seconds without a request (visitors' sessions, which
# hold their shortlists, are not affected).
STAFF_IDLE_TIMEOUT_SECONDS = int(os.environ.get("MLT_STAFF_IDLE_TIMEOUT_SECONDS", "1800"))
# ...and after this many seconds in any case, however active (one working day).
STAFF_SESSION_MAX_SECONDS = env_int("MLT_STAFF_SESSION_MAX_SECONDS", 12 * 3600)

# django-import-export: every import runs in one transaction, rolled back on any error.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# The largest program file the import accepts (bytes).
PROGRAM_IMPORT_MAX_BYTES = int(os.environ.get("MLT_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
# ...and the most programs in one file: a file at this limit confirms in about a third of
# gunicorn's 30-second timeout (docs/import-format.md, "How long an import takes").
PROGRAM_IMPORT_MAX_ROWS = env_int("MLT_IMPORT_MAX_ROWS", 3000)
