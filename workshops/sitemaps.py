"""The workshops' sections of /sitemap.xml (see network/sitemaps.py): the list pages and
every upcoming and completed workshop, on a public network only (members-only networks
list just the public pages). Cancelled workshops are left out."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from network.models import Network
from network.sitemaps import SITEMAPS
from workshops.models import Workshop


class WorkshopPagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        if Network.objects.current().is_members_only:
            return []
        return ["workshops:list", "workshops:past"]

    def location(self, item):
        return reverse(item)


class WorkshopSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        if Network.objects.current().is_members_only:
            return Workshop.objects.none()
        return (
            Workshop.objects.exclude(status=Workshop.Status.CANCELLED)
            .order_by("-start", "pk")
            .only("slug", "updated_at")
        )

    def lastmod(self, item):
        return item.updated_at


SITEMAPS["workshop_pages"] = WorkshopPagesSitemap
SITEMAPS["workshops"] = WorkshopSitemap
