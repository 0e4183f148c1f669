"""The dashboard's URLs (docs/contracts.md "Web"): names are used by templates, models and tests."""

from django.urls import path

from apps.web import directory, exports, review, views

app_name = "web"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("healthz", views.healthz, name="healthz"),
    path("events.csv", exports.events_csv, name="events_csv"),
    path("events.json", exports.events_json, name="events_json"),
    path("events.atom", exports.events_atom, name="events_atom"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("pairs/", views.pair_matrix, name="pairs"),
    path("countries/<str:code>/", views.country_detail, name="country"),
    path("actors/", directory.actor_list, name="actors"),
    path("actors/<slug:slug>/", directory.actor_detail, name="actor"),
    path("articles/", directory.article_list, name="articles"),
    path("articles/<int:pk>/", directory.article_detail, name="article"),
    path("review/", review.queue, name="review"),
    path("review/<int:pk>/", review.act, name="review_act"),
    path("review/articles/<int:pk>/promote/", review.promote, name="review_promote"),
]
