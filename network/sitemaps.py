"""The sitemap robots.txt points to. Other apps add their sections to SITEMAPS
(e.g. SITEMAPS["posts"] = PostSitemap) in their own sitemaps module, imported
from network/urls.py."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from network.models import Network

PUBLIC_PAGES = ["home", "about", "terms", "privacy", "accessibility", "report"]
# Pages visitors can read only on a public network.
PUBLIC_NETWORK_PAGES = ["badges"]


class PagesSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        if Network.objects.current().is_members_only:
            return PUBLIC_PAGES
        return PUBLIC_PAGES + PUBLIC_NETWORK_PAGES

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": PagesSitemap}
