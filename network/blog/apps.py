from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "network.blog"
    label = "blog"
    verbose_name = "Blog"

    def ready(self):
        from network.blog import likes
        from network.caching import fragments
        from network.caching.generations import track

        # A change shows at once on every cached page (docs/caching.md). Queryset
        # update()s skip these signals: the code doing them calls bump() itself.
        for label in ("blog.Post", "blog.Tag", "blog.Attachment", "blog.PostLike"):
            track(label, "posts")
        track("blog.Post.authors", "posts")
        track("blog.Post.tags", "posts")
        for label in (
            "django_comments.Comment",
            "django_comments_xtd.XtdComment",
            "django_comments.CommentFlag",
            "blog.Mention",
        ):
            track(label, "comments")
        fragments.register_hole(likes.MARKERS, likes.fill_liked)
