from django.apps import AppConfig


class TaggingConfig(AppConfig):
    name = "apps.tagging"
    verbose_name = "Tagging"

    def ready(self) -> None:
        from apps.tagging import signals  # noqa: F401  (article tags follow merged actors)
