from django.urls import path

from apps.news import views

app_name = "news"

urlpatterns = [
    path("", views.feed_health, name="health"),
]
