"""The occupation page (`/occupations/<soc_code>/`): salaries' OEWS figures for one occupation, plus the
guides that cover it. It lives on the roles floor because it shows guides; everything about the figures
comes from `salaries.oews_pages`, which never imports roles."""

from django.http import Http404
from django.views.generic import TemplateView

from careerguide.views import PublicPageMixin
from salaries.models import Occupation


class OccupationDetailView(PublicPageMixin, TemplateView):
    template_name = "salaries/occupation_detail.html"
    extra_context = {"nav": "occupations"}

    def get_context_data(self, **kwargs):
        occupation = Occupation.objects.for_detail().filter(soc_code=self.kwargs["soc_code"]).first()
        if occupation is None:
            raise Http404("No such occupation.")
        return super().get_context_data(occupation=occupation, **kwargs)
