from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from members import views as members_views
from network import files, notification_views, search_views, views
from network.blog import views as blog_views
from network.sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("terms/", views.terms, name="terms"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("badges/", views.badges, name="badges"),
    path("badges/badge.png", views.badge_png, name="badge_png"),
    path("badges/badge.svg", views.badge_svg, name="badge_svg"),
    path("report/", views.report, name="report"),
    path("report/thanks/", views.report_thanks, name="report_thanks"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("accounts/", include("allauth.urls")),
    path("members/", include("members.urls")),
    path("workshops/", include("workshops.urls")),
    # The library: /resources/, /partners/ and /outcomes/.
    path("", include("library.urls")),
    # Paid involvement: claims for payments and expenses.
    path("involvement/", include("involvement.urls")),
    path("admin/", admin.site.urls),
    # Blog and search. Of django-comments(-xtd) only the comment-link redirect is
    # mounted (the admin's "view on site"), as our own view that leads only to
    # posts the viewer may read: xtd's views and JSON API are not.
    path("blog/", include("network.blog.urls")),
    path("search/", search_views.search, name="search"),
    # The owner's view of the network: members' page, each app's figures (OVERVIEW_SECTIONS).
    path("network/overview/", members_views.network_overview, name="network_overview"),
    path(
        "network/overview/<slug:slug>.csv",
        members_views.network_overview_csv,
        name="network_overview_csv",
    ),
    path("notifications/", notification_views.centre, name="notifications"),
    path("notifications/read-all/", notification_views.read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/open/", notification_views.open_one, name="notification_open"),
    path(
        "comments/cr/<int:content_type_id>/<str:object_id>/",
        blog_views.comment_target,
        name="comments-url-redirect",
    ),
    # Every uploaded file (MEDIA_URL), in production too: sent only after the check of
    # the app that owns it, by nginx or object storage when configured (network/files.py).
    path("media/<path:name>", files.upload, name="upload"),
]

handler403 = "network.views.permission_denied"
handler404 = "network.views.page_not_found"
handler500 = "network.views.server_error"
# allauth's rate limits answer with this (allauth.core.ratelimit.respond_429).
handler429 = "network.views.too_many_requests"
