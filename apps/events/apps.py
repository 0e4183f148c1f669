from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "apps.events"
    verbose_name = "Events and topics"

    def ready(self) -> None:
        from apps.events import signals  # noqa: F401  (keeps the pair index in step with parties)
