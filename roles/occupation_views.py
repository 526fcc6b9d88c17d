"""The occupation page (`/occupations/<soc_code>/`): salaries' page of BLS's figures for one occupation,
plus the CareerGuide guides that cover it. It is served from the roles floor because it shows guides;
everything about the figures comes from `salaries.views.OccupationPageView`, which never imports roles."""

from salaries.views import OccupationPageView

from .models import Role


class OccupationDetailView(OccupationPageView):
    extra_sections = ("roles/occupation/_guides.html",)

    def extra_context_for(self, occupation) -> dict:
        """The published guides written for this SOC occupation, by title: one query."""
        return {"guides": list(Role.objects.published().covering_occupation(occupation.soc_code))}
