from django.apps import AppConfig


class PipelineConfig(AppConfig):
    """The top of the data's way: stored articles → relevance and tags → events (docs/architecture.md)."""

    name = "apps.pipeline"
    verbose_name = "Pipeline"

    def ready(self) -> None:
        from apps.pipeline import signals  # noqa: F401  (re-tag when the gazetteers' sources change)
