"""sitemap.xml: the public pages search engines should index, built from the same QuerySet methods as the pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import CareerLevel, Role, Skill


class StaticPageSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["roles:home", "roles:list", "roles:skill-list", "salaries:explorer", "roles:compare"]

    def location(self, item):
        return reverse(item)


class RoleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Role.objects.published().order_by("title", "pk")

    def lastmod(self, role):
        return role.updated_at


class CareerLevelSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return CareerLevel.objects.published().for_sitemap()


class SkillSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Skill.objects.most_needed()


SITEMAPS = {
    "pages": StaticPageSitemap,
    "roles": RoleSitemap,
    "levels": CareerLevelSitemap,
    "skills": SkillSitemap,
}
