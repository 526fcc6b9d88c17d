"""The occupations section of sitemap.xml (registered in `careerguide/urls.py` beside roles' sections)."""

from django.contrib.sitemaps import Sitemap

from .models import Occupation

# Addresses per page of every sitemap section, the roles' too (roles.sitemaps): a page stays quick to build and
# to fetch again after an edit (issue 22; the protocol allows 50,000).
SECTION_LIMIT = 500


class OccupationSitemap(Sitemap):
    """Every SOC occupation that OEWS covers, at its page (`Occupation.get_absolute_url()`)."""

    changefreq = "yearly"  # BLS publishes one OEWS release a year
    limit = SECTION_LIMIT

    def items(self):
        return Occupation.objects.for_sitemap()
