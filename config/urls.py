"""URL configuration: the dashboard (apps.web), the admin and the language switcher."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "AI & Culture Diplomacy Tracker"
admin.site.site_title = "Diplomacy Tracker admin"
admin.site.index_title = "Editing"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("feeds/", include("apps.news.urls")),
    path("", include("apps.web.urls")),
]
