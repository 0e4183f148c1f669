"""System checks for configuration that can only be judged as a whole."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security)
def secret_key_is_set(app_configs, **kwargs) -> list[Error]:
    try:
        if settings.DEBUG or settings.SECRET_KEY:
            return []
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        pass
    return [
        Error(
            "SECRET_KEY is required when DEBUG is off.",
            hint="Set the SECRET_KEY environment variable (see .env.example), or DEBUG=1 to try the tracker.",
            id="config.E001",
        )
    ]
