from django.urls import path

from network.blog import (
    feeds,
    sitemaps,  # noqa: F401 (adds the blog's sections to SITEMAPS)
)
from network.blog import views as blog_views

# Names are unprefixed (no namespace) because network.middleware.PUBLIC_URL_NAMES
# lists public views by URL name.
urlpatterns = [
    path("", blog_views.post_list, name="blog_list"),
    path("feed/rss/", feeds.LatestPostsFeed(), name="blog_feed_rss"),
    path("feed/atom/", feeds.AtomLatestPostsFeed(), name="blog_feed_atom"),
    path("tag/<slug:slug>/feed/rss/", feeds.TagFeed(), name="blog_tag_feed_rss"),
    path("tag/<slug:slug>/feed/atom/", feeds.AtomTagFeed(), name="blog_tag_feed_atom"),
    path("comments/mentions/", blog_views.mention_suggestions, name="blog_mention_suggestions"),
    path("comments/<int:comment_id>/reply/", blog_views.reply, name="blog_comment_reply"),
    path("comments/<int:comment_id>/report/", blog_views.report, name="blog_comment_report"),
    path("comments/<int:comment_id>/delete/", blog_views.delete, name="blog_comment_delete"),
    path("<slug:slug>/", blog_views.post_detail, name="blog_post"),
    path("<slug:slug>/like/", blog_views.like, name="blog_like"),
    path("<slug:slug>/follow/", blog_views.follow, name="blog_follow"),
    path("<slug:slug>/comments/", blog_views.add_comment, name="blog_comment"),
    path(
        "<slug:slug>/attachments/<int:attachment_id>/",
        blog_views.attachment,
        name="blog_attachment",
    ),
]
