"""Project configuration.

Every entry point (manage.py, the Celery worker and beat, gunicorn, the test suite, the benchmarks)
imports this package first, so this is where the embedded PostgreSQL and Redis are started when the
environment names no services (a no-op in production, where DATABASE_URL and REDIS_URL are set).
Importing the Celery app here makes `shared_task` bind to it.
"""

from config import embedded

embedded.ensure_running()

from config.celery import app as celery_app  # noqa: E402 - after the broker it connects to is up

__all__ = ("celery_app",)
