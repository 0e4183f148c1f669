"""Settings, read from the environment (see .env.example for every variable).

Unset DATABASE_URL means an SQLite file (the embedded default for trying the tracker out); unset
REDIS_URL / CELERY_BROKER_URL means Celery tasks run in-process.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import database_from_url, env_bool, env_int, env_list, env_str, redis_url_next_db

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
# Without DEBUG an empty key stays empty: the system check in config/checks.py stops every command
# that runs checks (migrate, runserver, check), and Django refuses to sign anything with it.
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
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
    "apps.geo",
    "apps.actors",
    "apps.news",
    "apps.events",
    "apps.tagging",
    "apps.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "var" / "db.sqlite3",
            "OPTIONS": {"timeout": 20},
        }
    }
    (BASE_DIR / "var").mkdir(exist_ok=True)

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
STATIC_ROOT = BASE_DIR / "staticfiles"

LOGIN_URL = "admin:login"

# Redis is the Celery broker and the cache; without it tasks run in-process and the cache is local.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or REDIS_URL
# The cache lives in its own Redis database: clearing the cache must never drop queued tasks.
REDIS_CACHE_URL = env_str("REDIS_CACHE_URL") or (REDIS_URL and redis_url_next_db(REDIS_URL))
if REDIS_CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_CACHE_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery is set for at-least-once delivery: a task is acknowledged after it ran, a worker that dies
# hands its task back, and each worker holds one message at a time.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
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
CELERY_BEAT_SCHEDULE: dict = {
    # Ingestion: claim and poll the feeds that are due; free feeds whose worker died mid-poll.
    "news-poll-due-feeds": {"task": "news.poll_due_feeds", "schedule": 60.0},
    "news-reap-stuck-feeds": {"task": "news.reap_stuck_feeds", "schedule": 300.0},
    "news-requeue-lost-articles": {"task": "news.requeue_lost_articles", "schedule": 900.0},
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

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
