"""The blog's sections of /sitemap.xml (see network/sitemaps.py): the blog list and every
published post, on a public network only (members-only networks list just the public pages)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from network.blog.models import Post
from network.models import Network
from network.sitemaps import SITEMAPS


class BlogPagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return [] if Network.objects.current().is_members_only else ["blog_list"]

    def location(self, item):
        return reverse(item)


class PostSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        if Network.objects.current().is_members_only:
            return Post.objects.none()
        return Post.objects.published().newest_first().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS["blog"] = BlogPagesSitemap
SITEMAPS["posts"] = PostSitemap
