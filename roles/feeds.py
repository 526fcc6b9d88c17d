"""The Atom feed of new and updated guides (`/feeds/guides.atom`), with Django's syndication framework.

An entry per published guide, newest change first: its `updated` is the guide's last edit, its `published`
the moment it went (or is scheduled to have gone) public, when the editors set one.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Role

FEED_SIZE = 50


class GuideFeed(Feed):
    feed_type = Atom1Feed
    title = "CareerGuide: new and updated career guides"
    subtitle = "Career guides with sourced pay, career ladders, skills and outlook, as they are published and revised."
    author_name = "CareerGuide editors"

    def link(self):
        return reverse("roles:list")

    def feed_url(self):
        return reverse("guides-feed")

    def items(self):
        return Role.objects.published().latest_changes()[:FEED_SIZE]

    def item_title(self, role):
        return f"{role.title} career guide"

    def item_description(self, role):
        return role.summary or role.description

    def item_updateddate(self, role):
        return role.updated_at

    def item_pubdate(self, role):
        return role.published_at

    def item_author_name(self, role):
        return self.author_name
