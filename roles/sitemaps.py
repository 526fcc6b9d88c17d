"""sitemap.xml: the public pages search engines should index, built from the same QuerySet methods as the pages.

`/sitemap.xml` is a sitemap index; each section below is served at `/sitemap-<section>.xml` in pages of at
most `SECTION_LIMIT` addresses (`?p=2`, ...), so no file grows with the number of roles. The protocol
allows 50,000 URLs a file; 500 keeps a page's cost close to that of a one-role site (issue 22: within 3x
uncached; at 10,000 roles a page of 1,000 took 3.8 times as long) and a page quick to fetch again after
an edit, for an index of 20 pages of roles and 111 of levels at 10,000 roles.

A section page is written by `section` as joined strings from the few columns its addresses need
(`values_list`), with each address made from one `reverse()` per section rather than one per row. At
10,000 roles Django's own view took 926 ms for the roles section: 49% in its template loop, 20% in
`reverse()` per role and 13% loading whole `Role` rows with all their prose. What remains per address
is a few microseconds: the time zone is looked up once per page, not per lastmod (`timezone.localtime`
reads it from a context-local each time, which was most of the cost left: 8 µs an address, now 2).
"""

from datetime import datetime
from xml.sax.saxutils import escape

from django.contrib.sitemaps import Sitemap
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from salaries.sitemaps import SECTION_LIMIT

from .models import CareerLevel, Role, Skill

URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
# Stands for a slug in an address reversed once per section; slugs hold letters, digits, - and _ only.
SLUG = "slug-placeholder"


def address_maker(name: str, slugs: int = 1):
    """A function making the path of URL pattern `name` from its slug arguments, with one `reverse()`
    (each section keeps its maker in a `cached_property`, so one per request)."""
    template = reverse(name, args=[f"{SLUG}{n}" for n in range(slugs)])
    for n in range(slugs):
        template = template.replace(f"{SLUG}{n}", f"{{{n}}}")
    return template.format


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
        """(slug, updated_at) of each public role, by title."""
        return Role.objects.published().order_by("title", "pk").values_list("slug", "updated_at")

    @cached_property
    def path(self):
        return address_maker("roles:detail")

    def location(self, row):
        return self.path(row[0])

    def lastmod(self, row):
        return row[1]

    def get_latest_lastmod(self):
        # Django's default would load every role to find the newest; one aggregate query instead.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class CareerLevelSitemap(SectionSitemap):
    changefreq = "monthly"
    url_name = "roles:level"

    def items(self):
        """(role slug, level slug) of each published ladder level, role by role in ladder order."""
        return CareerLevel.objects.published().for_sitemap().values_list("role__slug", "slug")

    @cached_property
    def path(self):
        return address_maker(self.url_name, 2)

    def location(self, row):
        return self.path(*row)


class JobDescriptionSitemap(CareerLevelSitemap):
    """The job-description page of every published ladder level (the same levels as `CareerLevelSitemap`)."""

    url_name = "roles:job-description"


class SkillSitemap(SectionSitemap):
    changefreq = "monthly"

    def items(self):
        """The slug of each skill a public role lists, by name."""
        return Skill.objects.listed_by_public_roles().values_list("slug", flat=True)

    @cached_property
    def path(self):
        return address_maker("roles:skill-detail")

    def location(self, slug):
        return self.path(slug)


SITEMAPS = {
    "pages": StaticPageSitemap,
    "roles": RoleSitemap,
    "levels": CareerLevelSitemap,
    "job-descriptions": JobDescriptionSitemap,
    "skills": SkillSitemap,
}


def lastmod_date(value, zone) -> str:
    """A lastmod as the sitemap writes it: a date in `zone`, the site's time zone (as Django's template did).
    A date, or a naive datetime, is written as it is."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(zone)
    return value.isoformat()[:10]


@require_safe
def section(request, section, sitemaps=SITEMAPS):
    """One page (`?p=`) of a sitemap section, as Django's sitemap view writes it, without its template loop.
    `sitemaps`: the sections by name (the project's URLconf passes every app's, as to Django's view).

    Two queries for a section from the database: its count (the paginator) and its page of rows. An unknown
    section or page is a 404. `Last-Modified` is the newest lastmod of the page when every entry has one.
    """
    if section not in sitemaps:
        raise Http404(f"No sitemap section {section!r}.")
    sitemap = sitemaps[section]()
    base = f"{sitemap.get_protocol(request.scheme)}://{sitemap.get_domain(get_current_site(request))}"
    try:
        rows = sitemap.paginator.page(request.GET.get("p", 1)).object_list
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such sitemap page.") from None
    location = sitemap.location
    changefreq = f"<changefreq>{sitemap.changefreq}</changefreq>" if getattr(sitemap, "changefreq", None) else ""
    priority = f"<priority>{sitemap.priority}</priority>" if getattr(sitemap, "priority", None) is not None else ""
    has_lastmod = hasattr(sitemap, "lastmod")
    zone = timezone.get_current_timezone()
    parts = [URLSET_START]
    newest = None
    for row in rows:
        lastmod = sitemap.lastmod(row) if has_lastmod else None
        stamp = f"<lastmod>{lastmod_date(lastmod, zone)}</lastmod>" if lastmod else ""
        if lastmod and (newest is None or lastmod > newest):
            newest = lastmod
        parts.append(f"<url><loc>{escape(base + location(row))}</loc>{stamp}{changefreq}{priority}</url>\n")
    parts.append("</urlset>\n")
    response = HttpResponse("".join(parts), content_type="application/xml")
    if has_lastmod and newest is not None:
        response["Last-Modified"] = http_date(newest.timestamp())
    return response
