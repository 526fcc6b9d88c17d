"""sitemap.xml: the public pages search engines should index, built from the same QuerySet methods as the pages.

`/sitemap.xml` is a sitemap index; each section below is served at `/sitemap-<section>.xml` in pages of at
most `SECTION_LIMIT` addresses (`?p=2`, ...), so no file grows with the number of roles. The protocol
allows 50,000 URLs a file; 10,000 keeps each page quick to build and small to fetch.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import CareerLevel, Role, Skill

SECTION_LIMIT = 10_000


class SectionSitemap(Sitemap):
    """A section of the sitemap index, paginated at `SECTION_LIMIT` addresses."""

    limit = SECTION_LIMIT


class StaticPageSitemap(SectionSitemap):
    changefreq = "weekly"

    def items(self):
        return ["roles:home", "roles:list", "roles:skill-list", "roles:salary-explorer", "roles:compare"]

    def location(self, item):
        return reverse(item)


class RoleSitemap(SectionSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Role.objects.published().order_by("title", "pk")

    def lastmod(self, role):
        return role.updated_at

    def get_latest_lastmod(self):
        # Django's default would load every role to find the newest; one aggregate query instead.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class CareerLevelSitemap(SectionSitemap):
    changefreq = "monthly"

    def items(self):
        return CareerLevel.objects.published().for_sitemap()


class JobDescriptionSitemap(SectionSitemap):
    """The job-description page of every published ladder level (the same levels as `CareerLevelSitemap`)."""

    changefreq = "monthly"

    def items(self):
        return CareerLevel.objects.published().for_sitemap()

    def location(self, level):
        return reverse("roles:job-description", args=[level.role.slug, level.slug])


class SkillSitemap(SectionSitemap):
    changefreq = "monthly"

    def items(self):
        return Skill.objects.listed_by_public_roles()


SITEMAPS = {
    "pages": StaticPageSitemap,
    "roles": RoleSitemap,
    "levels": CareerLevelSitemap,
    "job-descriptions": JobDescriptionSitemap,
    "skills": SkillSitemap,
}
