"""The occupations section of sitemap.xml (registered in `careerguide/urls.py` beside roles' sections)."""

from django.contrib.sitemaps import Sitemap

from .models import Occupation

SECTION_LIMIT = 500  # as roles' sections: one page of the section stays quick to build


class OccupationSitemap(Sitemap):
    """Every SOC occupation that OEWS covers, at its page (`Occupation.get_absolute_url()`)."""

    changefreq = "yearly"  # BLS publishes one OEWS release a year
    limit = SECTION_LIMIT

    def items(self):
        return Occupation.objects.for_sitemap()
