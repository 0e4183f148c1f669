from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "apps.web"
    verbose_name = "Dashboard"

    def ready(self) -> None:
        from config import checks  # noqa: F401  (registers the configuration checks)
