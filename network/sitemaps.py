"""/sitemap.xml: the public pages and, on a public network, every published post."""

from urllib.parse import urlparse

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from network.models import Network, Post


class SiteUrlSitemap(Sitemap):
    """Addresses from SITE_URL rather than the Sites framework's example.com."""

    def get_domain(self, site=None):
        return urlparse(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlparse(settings.SITE_URL).scheme or "https"


class StaticPagesSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        pages = ["home", "about", "terms", "privacy", "accessibility"]
        if not Network.objects.current().is_members_only:
            pages.insert(1, "blog_list")
        return pages

    def location(self, item):
        return reverse(item)


class PostSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        if Network.objects.current().is_members_only:
            return Post.objects.none()
        return Post.objects.published().newest_first().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"pages": StaticPagesSitemap, "posts": PostSitemap}
