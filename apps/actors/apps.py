from django.apps import AppConfig


class ActorsConfig(AppConfig):
    name = "apps.actors"
    verbose_name = "Actors"
