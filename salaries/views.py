"""Public pages of BLS's OEWS figures: the occupation list, the areas, and the base of the occupation page
(`roles.occupation_views` serves it, adding the guides). Thin: queries live on the QuerySets of
`oews_models.py`, computations in `oews_pages.py`."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import ListView, TemplateView

from careerguide.views import FilteredListMixin, PublicPageMixin

from .forms import StateChoiceForm
from .models import Occupation, OewsArea, OewsFootnote, OewsRelease, WageEstimate
from .oews_filters import OccupationPageFilter, OewsAreaFilter
from .oews_models import OCCUPATION_LIST_FIGURES
from .oews_pages import area_rankings, occupation_json_ld, occupation_pay, shown_figures

METRO_TOP = 10
METROS_PER_PAGE = 50
TOP_INDUSTRIES = 10
AREA_TOP = 20
# The occupation list's sort options (values of OccupationFilter's `ordering`); "" is SOC order.
ORDERINGS = [
    ("", "SOC code"),
    ("-annual_median", "Median pay, highest first"),
    ("annual_median", "Median pay, lowest first"),
    ("-employment", "Jobs, most first"),
    ("title", "Title"),
]


class OccupationListView(PublicPageMixin, FilteredListMixin, ListView):
    """The major groups with their counts and national median, then the occupations a page at a time."""

    filterset_class = OccupationPageFilter
    template_name = "salaries/occupation_list.html"
    paginate_by = 50
    extra_context = {"nav": "occupations"}

    def get_base_queryset(self):
        self.release = OewsRelease.objects.latest_release()
        return Occupation.objects.for_listing(self.release)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        footnotes = OewsFootnote.objects.by_code()
        groups = list(Occupation.objects.major_groups(self.release))
        by_prefix = {group.soc_code[:2]: group for group in groups}
        rows = [
            (occupation, by_prefix.get(occupation.soc_code[:2]), national_figures(occupation, footnotes))
            for occupation in context["object_list"]
        ]
        group_rows = [(group, national_figures(group, footnotes)) for group in groups]
        return context | {"release": self.release, "rows": rows, "groups": group_rows, "ordering_choices": ORDERINGS}


def national_figures(occupation, footnotes):
    """The list's figures of an occupation from `with_national_figures()` (no query)."""
    return shown_figures(occupation, footnotes, prefix="national_", fields=OCCUPATION_LIST_FIGURES)


@dataclass(frozen=True)
class MetroLists:
    best_paid: list
    most_jobs: list
    page: Page


def metro_lists(occupation, release, footnotes, page_number, unit: str) -> MetroLists | None:
    """The occupation's metro areas: ten best paid, ten with most jobs, and a page of all by name; None
    when no metro estimate is loaded (one query), else four (count, two top tens, the page)."""
    metros = WageEstimate.objects.metros_of(occupation, release)
    paginator = Paginator(metros, METROS_PER_PAGE)
    if paginator.count == 0:
        return None

    def shown(rows):
        return [(estimate, shown_figures(estimate, footnotes)) for estimate in rows]

    median = f"{unit}_median"  # hourly for an occupation BLS pays by the hour
    best_paid = metros.filter(**{f"{median}__isnull": False}).order_by(f"-{median}", "area__name", "pk")
    most_jobs = metros.filter(employment__isnull=False).order_by("-employment", "area__name", "pk")
    page = paginator.get_page(page_number)
    page.object_list = shown(page.object_list)
    return MetroLists(best_paid=shown(best_paid[:METRO_TOP]), most_jobs=shown(most_jobs[:METRO_TOP]), page=page)


class OccupationPageView(PublicPageMixin, TemplateView):
    """An occupation's pay: nation, states (map and table), the reader's state, metros, industries, the SOC
    hierarchy and neighbours, the release. `extra_sections`/`extra_context_for()` are the hook the roles
    floor fills with the guides that cover the occupation."""

    template_name = "salaries/occupation_detail.html"
    sections = ("pay", "states", "metros", "industries", "hierarchy")
    extra_sections: tuple[str, ...] = ()

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context, status=400 if context["state_form"].errors else 200)

    def get_context_data(self, **kwargs):
        occupation = get_object_or_404(Occupation.objects.for_detail(), soc_code=kwargs["soc_code"])
        releases = OewsRelease.objects.newest(2)
        footnotes = OewsFootnote.objects.by_code()
        estimates = list(WageEstimate.objects.for_occupation_page(occupation, releases)) if releases else []
        states = [e.area for e in estimates if e.area.kind == OewsArea.Kind.STATE and e.release_id == releases[0].pk]
        state_form = StateChoiceForm(self.request.GET, states=states)
        pay = occupation_pay(estimates, footnotes, releases=releases, state_code=state_form.chosen)
        release = releases[0] if releases else None
        state_map = pay.map("?state={fips}#your-state")
        context = super().get_context_data(**kwargs)
        url = context["canonical_url"]
        sections = [f"salaries/occupation/_{name}.html" for name in self.sections]
        return context | {
            "nav": "occupations",
            "occupation": occupation,
            "pay": pay,
            "state_form": state_form,
            "band": pay.band(occupation.title),
            "state_map": state_map,
            "off_map": pay.off_map(state_map),
            "state_rows": pay.states_in_order(state_form.table_order),
            "metros": metro_lists(occupation, release, footnotes, self.request.GET.get("metros_page"), pay.unit)
            if release
            else None,
            "industries": [
                (e, shown_figures(e, footnotes))
                for e in WageEstimate.objects.top_industries_of(occupation, release, limit=TOP_INDUSTRIES)
            ]
            if release
            else [],
            "neighbours": [
                (n, national_figures(n, footnotes)) for n in Occupation.objects.neighbours_of(occupation, release)
            ],
            "json_ld": occupation_json_ld(occupation, pay, url=url),
            "oews_footnotes": list(footnotes.values()),
            "sections": [*sections, *self.extra_sections, "salaries/occupation/_release.html"],
            **self.extra_context_for(occupation),
        }

    def extra_context_for(self, occupation) -> dict:
        """More context for `extra_sections` (none here)."""
        return {}


class AreaListView(PublicPageMixin, FilteredListMixin, ListView):
    filterset_class = OewsAreaFilter
    template_name = "salaries/area_list.html"
    paginate_by = 100
    extra_context = {"nav": "occupations"}

    def get_base_queryset(self):
        return OewsArea.objects.for_listing()


class AreaDetailView(PublicPageMixin, TemplateView):
    """A state or metro area: its best-paid occupations, those with most jobs and the most concentrated."""

    template_name = "salaries/area_detail.html"
    extra_context = {"nav": "occupations"}

    def get_context_data(self, **kwargs):
        area = get_object_or_404(OewsArea.objects.select_related("state"), code=kwargs["area"])
        release = OewsRelease.objects.latest_release()
        if release is None:
            raise Http404("No OEWS release is loaded.")
        footnotes = OewsFootnote.objects.by_code()
        estimates = WageEstimate.objects.in_area(area, release)
        rankings = area_rankings(estimates, footnotes, limit=AREA_TOP)
        if area.kind == OewsArea.Kind.NATIONAL:
            rankings = rankings[:2]  # BLS gives no location quotient for the nation
        return super().get_context_data(**{**kwargs, "area": area, "release": release, "rankings": rankings})
