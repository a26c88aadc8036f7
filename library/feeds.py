"""An RSS feed of the library's newest public resources (members-only ones never
appear: a feed reader has no session). Empty on a members-only network."""

from django.contrib.syndication.views import Feed
from django.urls import reverse

from library.models import Resource
from network.mail import absolute_url
from network.models import Network

FEED_SIZE = 20


class LatestResources(Feed):
    def title(self):
        return f"{Network.objects.current().name}: resources"

    def link(self):
        return absolute_url(reverse("library:list"))

    def description(self):
        return "New toolkits, guides, reports and evidence in the network's library."

    def items(self):
        if Network.objects.current().is_members_only:
            return Resource.objects.none()
        return (
            Resource.objects.visible_to(members=False)
            .prefetch_related("topics")
            .order_by("-created_at")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_kind_display()] + [topic.name for topic in item.topics.all()]
