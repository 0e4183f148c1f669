"""System checks for configuration that can only be judged as a whole.

They run before `migrate`, `runserver`, `check` and the other commands that run checks, so a
production start with a missing or guessable SECRET_KEY stops with an error instead of signing
sessions and password-reset links with a key anyone can read.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

# The key DEBUG falls back to when SECRET_KEY is unset (settings.py): public, so never for production.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105 - public on purpose
# Placeholders that this repository has published (compose's default, .env.example, CI): public too.
PUBLIC_SECRET_KEYS = frozenset(
    {
        DEVELOPMENT_SECRET_KEY,
        "change-me-in-production",
        "change-me",
        "ci-secret-key-not-for-production",
        "test-secret-key-not-for-production",
    }
)
# Django's own measure of a strong key (django.core.checks.security.base): long and varied.
MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_UNIQUE_CHARACTERS = 5
KEY_HINT = (
    "Set SECRET_KEY to a long random value, e.g. the output of "
    "`python -c 'from django.core.management.utils import get_random_secret_key as k; print(k())'`."
)


def secret_key_problem(key: str) -> str:
    """Why `key` cannot sign anything in production, or "" when it can."""
    if key in PUBLIC_SECRET_KEYS:
        return "SECRET_KEY is a published placeholder, not a secret."
    if key.startswith("django-insecure-"):
        return "SECRET_KEY is one that `startproject` generated for development."
    if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < MIN_SECRET_KEY_UNIQUE_CHARACTERS:
        return (
            f"SECRET_KEY is too weak: it needs at least {MIN_SECRET_KEY_LENGTH} characters "
            f"and {MIN_SECRET_KEY_UNIQUE_CHARACTERS} different ones."
        )
    return ""


@register(Tags.security)
def secret_key_is_strong(app_configs, **kwargs) -> list[Error]:
    """Without DEBUG the key must be set, unpublished and strong (DEBUG may use the development key)."""
    if settings.DEBUG:
        return []
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        key = ""
    if not key:
        return [
            Error(
                "SECRET_KEY is required when DEBUG is off.",
                hint="Set the SECRET_KEY environment variable (see .env.example), or DEBUG=1 to try it out.",
                id="config.E001",
            )
        ]
    problem = secret_key_problem(key)
    if problem:
        return [Error(problem, hint=KEY_HINT, id="config.E002")]
    return []
