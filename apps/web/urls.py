from django.urls import path

from apps.web import views

app_name = "web"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("healthz", views.healthz, name="healthz"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
]
