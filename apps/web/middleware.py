"""A statement timeout for web requests: a slow query answers a friendly 503 instead of holding a worker.

Only the web process loads middleware, so Celery workers and management commands never get the timeout.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout
RETRY_AFTER_SECONDS = 30


def cancelled_by_timeout(exception: BaseException) -> bool:
    """True for the database error PostgreSQL raises when it cancels a statement."""
    return isinstance(exception, DatabaseError) and getattr(exception.__cause__, "sqlstate", None) == (
        QUERY_CANCELED
    )


class _FirstStatementSetsTimeout:
    """An execute wrapper that sets the session's statement_timeout before the first statement it sees."""

    def __init__(self, milliseconds: int) -> None:
        self.milliseconds = milliseconds
        self.done = False

    def __call__(self, execute, sql, params, many, context):
        if not self.done:
            self.done = True
            with context["connection"].cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, false)", [str(self.milliseconds)])
        return execute(sql, params, many, context)


def _bounded(content: Iterable[bytes], timeout: _FirstStatementSetsTimeout) -> Iterator[bytes]:
    """A streamed body whose queries run under the same timeout as the view's."""
    with connection.execute_wrapper(timeout):
        yield from content


class StatementTimeoutMiddleware:
    """Bounds every SQL statement of a request by WEB_STATEMENT_TIMEOUT_MS, and turns a cancelled
    statement into the 503 page.

    The timeout is set by the request's first statement (one cheap statement more), so a request that
    never touches the database (/healthz probes on connections of its own) never waits for it. It is
    set on every request rather than once per connection, so it stays right across reconnects, and
    session-wide, so the queries of a streamed export are bounded too (a timeout there ends the stream:
    the headers are already sent).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout = _FirstStatementSetsTimeout(settings.WEB_STATEMENT_TIMEOUT_MS)
        with connection.execute_wrapper(timeout):
            response = self.get_response(request)
        if response.streaming:
            response.streaming_content = _bounded(response.streaming_content, timeout)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not cancelled_by_timeout(exception):
            return None
        logger.warning(
            "statement timeout (%d ms) on %s %s",
            settings.WEB_STATEMENT_TIMEOUT_MS,
            request.method,
            request.path,
        )
        response = render(request, "web/unavailable.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
