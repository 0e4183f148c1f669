"""Settings, read from the environment (see .env.example for every variable).

Unset DATABASE_URL / REDIS_URL mean the embedded PostgreSQL and Redis (config/embedded.py, data under
var/): the same engine and the same Celery path as production, started by manage.py, the Celery app
and the test suite when they are down.
"""

from __future__ import annotations

import warnings
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config import embedded
from config.checks import DEVELOPMENT_SECRET_KEY
from config.env import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_rate,
    env_str,
    proxy_ssl_header,
    redis_url_next_db,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
# Without DEBUG an empty key stays empty: the system check in config/checks.py stops every command
# that runs checks (migrate, runserver, check), and Django refuses to sign anything with it.
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = DEVELOPMENT_SECRET_KEY  # DEBUG only; the same check refuses it without DEBUG

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before staticfiles: `runserver` leaves /static/ to WhiteNoise too (a traversal is a 404, not a 500).
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_bootstrap5",
    "simple_history",
    "axes",
    "csp",
    "apps.geo",
    "apps.actors",
    "apps.news",
    "apps.events",
    "apps.tagging",
    "apps.pipeline",
    "apps.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.RefuseTraceMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Bounds each SQL statement of a request (WEB_STATEMENT_TIMEOUT_MS); a cancelled one answers 503.
    "apps.web.middleware.StatementTimeoutMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during authentication into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL") or embedded.DATABASE_URL
DATABASES = {"default": database_from_url(DATABASE_URL)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("id", _("Indonesian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
# WhiteNoise serves STATIC_ROOT under gunicorn: `collectstatic` (the Dockerfile runs it) writes each file
# under a content-hashed name, cached for a year, with a gzip copy beside it. STATIC_MANIFEST=0 serves
# the plain names without collectstatic (the test suite); DEBUG serves plain names from the app
# directories either way.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", default=True)
if DEBUG:  # `make run` serves the app directories; an absent STATIC_ROOT is expected, not a warning
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGIN_URL = "admin:login"

# Redis is the Celery broker and the cache (the embedded one unless the environment names another).
REDIS_URL = env_str("REDIS_URL") or env_str("CELERY_BROKER_URL") or embedded.REDIS_URL
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or REDIS_URL
# The cache lives in its own Redis database: clearing the cache must never drop queued tasks.
REDIS_CACHE_URL = env_str("REDIS_CACHE_URL") or redis_url_next_db(REDIS_URL)
# Short socket timeouts: a request's cache calls (rate limits) give up in a second when Redis hangs.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_CACHE_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}

# Celery is set for at-least-once delivery: a task is acknowledged after it ran, a worker that dies
# hands its task back, and each worker holds one message at a time.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 150, minimum=1)
if CELERY_TASK_TIME_LIMIT <= CELERY_TASK_SOFT_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_TASK_TIME_LIMIT must be above CELERY_TASK_SOFT_TIME_LIMIT")
# The visibility timeout must exceed the hard limit, or Redis redelivers tasks that are still running.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT * 2 + 60, minimum=1)
if CELERY_VISIBILITY_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_VISIBILITY_TIMEOUT must be above CELERY_TASK_TIME_LIMIT")
# Messages of a worker killed outright are redelivered by a sweep every few seconds once they are older
# than the visibility timeout (kombu's default sweep period is 100 s).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10, minimum=1),
    "unacked_restore_throttle": 1,
}
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_DEFAULT_QUEUE = "default"
# The lost-work sweeps run this often, and their messages expire after as long: a sweep that runs was
# queued less than this ago, so (the queue being first in, first out) work handed on before that and not
# started was not in the queue any more. Work counts as lost this long after it was handed on (plus a
# task's hard limit for work still running): with the defaults, 3.5 minutes (docs/ingestion.md).
INGEST_SWEEP_SECONDS = env_int("INGEST_SWEEP_SECONDS", 60, minimum=1)
INGEST_LOST_AFTER_SECONDS = INGEST_SWEEP_SECONDS + CELERY_TASK_TIME_LIMIT
_SWEEP = {"schedule": float(INGEST_SWEEP_SECONDS), "options": {"expires": INGEST_SWEEP_SECONDS}}
CELERY_BEAT_SCHEDULE: dict = {
    # Ingestion: claim and poll the feeds that are due; free feeds whose worker died mid-poll.
    "news-poll-due-feeds": {"task": "news.poll_due_feeds", "schedule": 60.0},
    "news-reap-stuck-feeds": {"task": "news.reap_stuck_feeds", "schedule": 300.0},
    # Lost work (a broker restarted without persistence): feed items never stored, articles never tagged.
    "news-reoffer-lost-items": {"task": "news.reoffer_lost_items", **_SWEEP},
    "news-requeue-lost-articles": {"task": "news.requeue_lost_articles", **_SWEEP},
}

# Ingestion: the one fetch client reads these (apps/news/fetching.py).
INGEST_ALLOW_HOSTS = env_list("INGEST_ALLOW_HOSTS")
INGEST_USER_AGENT = env_str(
    "INGEST_USER_AGENT", "DiplomacyTracker/1.0 (+https://github.com/diplomacy-tracker; news tracker)"
)
INGEST_CONTACT_URL = env_str("INGEST_CONTACT_URL", "https://github.com/diplomacy-tracker")
INGEST_MAX_BYTES = env_int("INGEST_MAX_BYTES", 15 * 1024 * 1024, minimum=1024)
INGEST_CONNECT_TIMEOUT = env_int("INGEST_CONNECT_TIMEOUT", 10, minimum=1)
INGEST_DEADLINE = env_int("INGEST_DEADLINE", 30, minimum=1)
INGEST_MAX_ITEMS_PER_FETCH = env_int("INGEST_MAX_ITEMS_PER_FETCH", 200, minimum=1)
INGEST_MAX_REDIRECTS = env_int("INGEST_MAX_REDIRECTS", 5, minimum=0)
INGEST_RESPECT_ROBOTS = env_bool("INGEST_RESPECT_ROBOTS", default=True)
# Politeness per host, enforced across workers through Redis: concurrent fetches and gap between starts.
INGEST_HOST_MAX_CONCURRENT = env_int("INGEST_HOST_MAX_CONCURRENT", 2, minimum=1)
INGEST_HOST_MIN_GAP_MS = env_int("INGEST_HOST_MIN_GAP_MS", 1000, minimum=0)
# A feed answering 404 this many polls in a row is retired (410 retires at once).
INGEST_FEED_NOT_FOUND_LIMIT = env_int("INGEST_FEED_NOT_FOUND_LIMIT", 3, minimum=1)
# A permanent redirect moves a feed's URL after it was seen on this many polls in a row.
INGEST_FEED_REDIRECT_CONFIRMATIONS = env_int("INGEST_FEED_REDIRECT_CONFIRMATIONS", 3, minimum=1)
# A message delivered this many times without finishing parks its article as failed (poison message).
INGEST_MAX_ATTEMPTS = env_int("INGEST_MAX_ATTEMPTS", 5, minimum=1)
# A feed "in progress" for longer than this is freed by the reaper (its worker died).
INGEST_STUCK_MINUTES = env_int("INGEST_STUCK_MINUTES", 15, minimum=1)
# /healthz answers 503 when an enabled feed has been due for this long and no poll succeeded meanwhile.
HEALTH_POLL_STALL_MINUTES = env_int("HEALTH_POLL_STALL_MINUTES", 15, minimum=1)

# Cheap denial of service (docs/dashboard.md "Limits"). q= joins at most this many matching articles
# (the newest) to their events.
SEARCH_MAX_ARTICLES = env_int("SEARCH_MAX_ARTICLES", 1000, minimum=1)
# Every SQL statement of a web request is cancelled after this many milliseconds and the request answers
# 503 (0: no limit). Only the web process sets it (apps.web.middleware); workers and commands never do.
WEB_STATEMENT_TIMEOUT_MS = env_int("WEB_STATEMENT_TIMEOUT_MS", 5000, minimum=0)
# Requests per client and window for anonymous visitors ("N/m", "N/s", "N/h"; 0 turns a limit off),
# counted in the Redis cache; logged-in staff are not limited. A client is its address (an IPv6 /64).
RATE_LIMIT_SEARCH = env_rate("RATE_LIMIT_SEARCH", "20/m")  # q= on /, /pairs/, /articles/
RATE_LIMIT_EXPORTS = env_rate("RATE_LIMIT_EXPORTS", "6/m")  # /events.csv, /events.json, /events.atom
# Reverse proxies in front of the web server that append the client to X-Forwarded-For (0: none, the
# connection's address is the client). Set it only behind proxies that do, or clients could pick their own.
RATE_LIMIT_PROXY_COUNT = env_int("RATE_LIMIT_PROXY_COUNT", 0, minimum=0)

# Deployment behind TLS: off by default so that `make run` works on plain http; .env.example (the
# production template) turns every one on, and `manage.py check --deploy --fail-level WARNING` passes.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
# Monitors probe /healthz over plain http from inside the network (compose's health check does).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
# The header a TLS-terminating proxy sets to "https" (e.g. X-Forwarded-Proto). Set it only behind a proxy
# that overwrites the header: a client could otherwise claim https itself.
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(env_str("SECURE_PROXY_SSL_HEADER"))
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=SESSION_COOKIE_SECURE)

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from this site only; no inline
# script, style or style attribute anywhere (templates use classes and static/js, static/css).
# Bootstrap's CSS draws a few icons as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Login throttling (django-axes, its database handler: attempts are rows an admin can see and reset,
# and they outlive a Redis restart). A username is locked out from an address after AXES_FAILURE_LIMIT
# failures in a row, for AXES_COOLOFF_MINUTES; a success resets the count. Every failure is logged.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Log lines name the address and path of a failure, not the username typed (it may be a password).
AXES_SENSITIVE_PARAMETERS = ["username"]
AXES_VERBOSE = False  # no banner on every command; failures are still logged (logger axes.handlers)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
