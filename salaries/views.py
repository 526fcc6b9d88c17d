"""Public pages of BLS's OEWS figures: the occupation list and the areas. Thin: queries live on the
QuerySets of `oews_models.py`, computations in `salaries/oews_pages.py`."""

from django.http import Http404
from django.views.generic import ListView, TemplateView

from careerguide.views import PublicPageMixin

from .models import Occupation, OewsArea, OewsRelease


class OccupationListView(PublicPageMixin, ListView):
    template_name = "salaries/occupation_list.html"
    paginate_by = 50
    extra_context = {"nav": "occupations"}

    def get_queryset(self):
        return Occupation.objects.for_listing(OewsRelease.objects.latest_release())


class AreaListView(PublicPageMixin, ListView):
    template_name = "salaries/area_list.html"
    extra_context = {"nav": "occupations"}

    def get_queryset(self):
        return OewsArea.objects.for_listing()


class AreaDetailView(PublicPageMixin, TemplateView):
    template_name = "salaries/area_detail.html"
    extra_context = {"nav": "occupations"}

    def get_context_data(self, **kwargs):
        area = OewsArea.objects.filter(code=self.kwargs["area"]).first()
        if area is None:
            raise Http404("No such OEWS area.")
        return super().get_context_data(area=area, **kwargs)
