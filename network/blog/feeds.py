"""RSS and Atom feeds of the blog, for all posts and per tag.

Links are absolute from SITE_URL (not the Sites framework's placeholder domain)."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from network.blog.models import Post, Tag
from network.mail import absolute_url
from network.models import Network

FEED_SIZE = 20


class LatestPostsFeed(Feed):
    description_template = None

    def title(self, obj=None):
        name = Network.objects.current().name
        return f"{name}: posts tagged {obj.name}" if obj else f"{name}: blog"

    def link(self, obj=None):
        return absolute_url(obj.get_absolute_url() if obj else reverse("blog_list"))

    def description(self, obj=None):
        return Network.objects.current().tagline

    def items(self, obj=None):
        posts = Post.objects.published().prefetch_related("authors", "tags")
        if obj is not None:
            posts = posts.filter(tags=obj)
        return posts.newest_first().defer("body", "body_html")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.excerpt

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(str(author) for author in item.authors.all())

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class AtomLatestPostsFeed(LatestPostsFeed):
    feed_type = Atom1Feed
    subtitle = LatestPostsFeed.description


class TagFeed(LatestPostsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)


class AtomTagFeed(TagFeed):
    feed_type = Atom1Feed
    subtitle = LatestPostsFeed.description
