"""Public pages for roles, their ladders, skills and comparisons. Thin: queries live on the QuerySets."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from careerguide.cache import Fragment
from careerguide.footnotes import Footnotes
from careerguide.views import FilteredListMixin, PublicPageMixin
from salaries.conversion import LOCAL, shown_range
from salaries.forms import MAX_COMPARED_OCCUPATIONS, DisplayCurrencyForm
from salaries.models import ExchangeRate, Occupation, OewsFootnote, OewsRelease, Region
from salaries.oews_compare import occupation_comparison

from . import downloads, guide, job_description, ladder
from .assessment import RULES, assess
from .comparisons import MAX_COMPARED_ROLES, compare, roles_by_slugs
from .filters import RoleFilter, SalaryExplorerFilter, SkillFilter
from .forms import AssessmentForm, CompareForm, JobDescriptionForm, SiteSearchForm, SkillsGapForm
from .models import CareerLevel, RegionalSalary, Role, Skill
from .site_search import site_search, with_pay
from .skills_gap import skills_gap
from .state_pay import state_pay_context

HOME_ROLE_COUNT = 12
HOME_SKILL_COUNT = 12
HOME_OCCUPATION_COUNT = 10


class HomeView(PublicPageMixin, TemplateView):
    """Search first, then the BLS major groups, the best-paid and largest occupations, and the guides."""

    template_name = "roles/home.html"

    def get_context_data(self, **kwargs):
        release = OewsRelease.objects.latest_release()
        footnotes = OewsFootnote.objects.by_code()
        best_paid = Occupation.objects.best_paid(release)[:HOME_OCCUPATION_COUNT]
        largest = Occupation.objects.most_employed(release)[:HOME_OCCUPATION_COUNT]
        return super().get_context_data(
            release=release,
            major_groups=with_pay(Occupation.objects.major_groups(release), footnotes),
            best_paid_occupations=with_pay(best_paid, footnotes),
            largest_occupations=with_pay(largest, footnotes),
            roles=Role.objects.published().with_headline_figures()[:HOME_ROLE_COUNT],
            skills=Skill.objects.most_needed()[:HOME_SKILL_COUNT],
            **kwargs,
        )


class SearchView(PublicPageMixin, TemplateView):
    """Guides and occupations matching `?q=` (roles.site_search); an invalid query is a form error (400)."""

    template_name = "roles/search.html"

    def get(self, request, *args, **kwargs):
        form = SiteSearchForm(request.GET)
        text = form.cleaned_data["q"] if form.is_valid() else ""
        results = site_search(text) if text else None
        context = self.get_context_data(form=form, results=results, **kwargs)
        return self.render_to_response(context, status=200 if form.is_valid() else 400)


class RoleListView(PublicPageMixin, FilteredListMixin, ListView):
    filterset_class = RoleFilter
    paginate_by = 20
    extra_context = {"nav": "roles"}

    def get_base_queryset(self):
        return Role.objects.published().with_headline_figures()


class GuideDownloadView(PublicPageMixin, View):
    """A published guide as a file: `guide.json` (the whole guide) or `levels-and-pay.csv` (its ladder's pay)."""

    file_format = "json"  # or "csv"

    def get(self, request, slug):
        if self.file_format == "json":
            role = get_object_or_404(Role.objects.published().for_guide_page(), slug=slug)
            response = HttpResponse(downloads.guide_json(role, request), content_type="application/json")
            name = f"careerguide-{role.slug}.json"
        else:
            role = get_object_or_404(Role.objects.published(), slug=slug)
            levels = CareerLevel.objects.published().of_role(role.slug).for_ladder()
            response = HttpResponse(downloads.level_pay_csv(levels), content_type="text/csv; charset=utf-8")
            name = f"careerguide-{role.slug}-levels-and-pay.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class RoleDetailView(PublicPageMixin, DetailView):
    """The full guide; `Role.objects.published().for_guide_page()` loads it in a fixed number of queries.

    Staff may preview a draft: only when no public role matches is the user looked at, so public
    visits never touch the session and stay cacheable. The rendered body is kept under the content
    version (`guide.GuideParts`), so a render the page cache does not answer (a signed-in reader, an
    address with a parameter the page does not read) runs no query while the content is unchanged.
    """

    extra_context = {"nav": "roles"}

    def get_queryset(self):
        return Role.objects.published().for_guide_page()

    def get_object(self, queryset=None):
        self.parts = Fragment(f"guide:{self.request.build_absolute_uri(self.request.path)}")
        if self.parts.value is not None:
            return self.parts.value.role
        try:
            return super().get_object(queryset)
        except Http404:
            if not self.request.user.is_staff:
                raise
            self.is_preview = True
            return super().get_object(Role.objects.for_guide_page())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.parts.value is None:
            context |= guide.guide_context(self.object, url=context["canonical_url"])
            parts = guide.guide_parts(self.object, context, self.request)
            if not self.is_preview:  # a draft is kept nowhere
                self.parts.keep(parts)
        else:
            parts = self.parts.value
        return context | {"guide_body": mark_safe(parts.body), "json_ld": parts.json_ld}  # noqa: S308 - our render


class CareerLevelDetailView(PublicPageMixin, TemplateView):
    template_name = "roles/careerlevel_detail.html"
    extra_context = {"nav": "roles"}

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context, status=400 if context["state_form"].errors else 200)

    def get_context_data(self, **kwargs):
        levels = list(CareerLevel.objects.published().of_role(self.kwargs["slug"]).for_ladder().with_us_salary())
        step = ladder.find_step(levels, self.kwargs["level_slug"])
        if step is None:
            raise Http404("No such level on this role's career ladder.")
        return super().get_context_data(
            step=step,
            level=step.level,
            role=step.level.role,
            footnotes=step.footnotes,
            pay_chart=guide.level_region_pay_chart(step.level),
            **state_pay_context(self.request.GET, step.level.role),
            **kwargs,
        )


class SkillListView(PublicPageMixin, FilteredListMixin, ListView):
    filterset_class = SkillFilter
    template_name = "roles/skill_list.html"
    paginate_by = 100  # in taxonomy order, so each page's category groups read on from the last
    extra_context = {"nav": "skills"}

    def get_base_queryset(self):
        return Skill.objects.for_taxonomy()


class SkillDetailView(PublicPageMixin, SingleObjectMixin, ListView):
    """One skill and, a page at a time, the published roles that need it (Django's SingleObjectMixin + ListView)."""

    template_name = "roles/skill_detail.html"
    paginate_by = 24
    extra_context = {"nav": "skills"}

    def get(self, request, *args, **kwargs):
        self.object = self.get_object(queryset=Skill.objects.all())
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        roles = Role.objects.published().needing_skill(self.object).with_headline_figures()
        return roles.with_skill_detail(self.object).order_by("title", "pk")


class RolePickerMixin(PublicPageMixin):
    """A page whose form picks roles: validation errors show on the page with status 400."""

    form_class = None
    bound_fields = ()
    extra_context = {"nav": "compare"}

    def get(self, request, *args, **kwargs):
        # A link may preselect some roles (`?target=x`) without asking for a result yet.
        bound = all(name in request.GET for name in self.bound_fields)
        self.form = self.form_class(request.GET if bound else None, initial=None if bound else request.GET)
        self.result = self.form.is_valid() and self.compare(self.form)
        status = 400 if self.form.errors else 200
        return self.render_to_response(self.get_context_data(**kwargs), status=status)

    def compare(self, form):
        """Load the chosen roles and build what the page shows; errors go back on the form."""
        try:
            return self.build(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form, result=self.result, role_choices=Role.objects.published().for_picker(), **kwargs
        )


class CompareView(RolePickerMixin, TemplateView):
    """Roles side by side (`?roles=`), and BLS occupations side by side (`?occupations=`, `salaries.oews_compare`)."""

    template_name = "roles/compare.html"
    form_class = CompareForm
    bound_fields = ("roles",)

    def get(self, request, *args, **kwargs):
        self.occupation_form, self.occupations = occupation_comparison(request.GET)
        response = super().get(request, *args, **kwargs)
        if self.occupation_form.errors:
            response.status_code = 400
        return response

    def build(self, data):
        return compare(roles_by_slugs(Role.objects.published().for_comparison(), data["roles"]))

    def get_context_data(self, **kwargs):
        chosen = [slug for slug in (self.form["roles"].value() or "").split(",") if slug]
        slots = (chosen + [""] * MAX_COMPARED_ROLES)[: max(MAX_COMPARED_ROLES, len(chosen))]
        pay_chart = guide.comparison_pay_chart(self.result) if self.result else None
        occupation_slots = (self.occupation_form["occupations"].value() or "").split(",")
        occupation_slots = (occupation_slots + [""] * MAX_COMPARED_OCCUPATIONS)[:MAX_COMPARED_OCCUPATIONS]
        return super().get_context_data(
            slots=slots,
            pay_chart=pay_chart,
            occupation_form=self.occupation_form,
            occupation_result=self.occupations,
            occupation_slots=occupation_slots,
            **kwargs,
        )


class SkillsGapView(RolePickerMixin, TemplateView):
    template_name = "roles/skills_gap.html"
    form_class = SkillsGapForm
    bound_fields = ("current", "target")

    def build(self, data):
        current, target = roles_by_slugs(Role.objects.published().for_comparison(), [data["current"], data["target"]])
        return skills_gap(current, target)

    def get_context_data(self, **kwargs):
        pay_chart = guide.skills_gap_pay_chart(self.result) if self.result else None
        return super().get_context_data(pay_chart=pay_chart, **kwargs)


class AssessmentView(PublicPageMixin, TemplateView):
    """“Where do I stand?”: the self-assessment form for a role and, once answered, its result (`roles.assessment`).

    A GET form without a CSRF token, so the result's address can be bookmarked and no cookie is set. The empty
    form is cached like any page; a result echoes what the reader entered, so it is `private, no-store` and never
    put in the server's shared cache (where every combination of answers would also be a new entry).
    """

    template_name = "roles/assessment.html"
    # The result's sections, in page order (the footnotes of `assess()` are numbered in this order).
    result_partials = [f"roles/assessment/_{name}.html" for name in ("level", "readiness", "skills", "learn", "pay")]
    extra_context = {"nav": "roles", "result_partials": result_partials, "rules": RULES}

    def dispatch(self, request, *args, **kwargs):
        if request.GET:
            response = self.respond(request, *args, **kwargs)
            del response["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True)
            return response
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        role = get_object_or_404(Role.objects.published().for_assessment(), slug=kwargs["slug"])
        answered = "years_total" in request.GET
        form = AssessmentForm(request.GET if answered else None, role=role, regions=Region.objects.with_groups())
        result = assess(role, form.answers()) if form.is_valid() else None
        state = state_pay_context(request.GET, role)
        context = self.get_context_data(
            role=role,
            form=form,
            assessment=result,
            pay_chart=guide.assessment_pay_chart(result) if result else None,
            footnotes=result.footnotes if result else None,
            **state,
            **kwargs,
        )
        response = self.render_to_response(context, status=400 if form.errors or state["state_form"].errors else 200)
        if answered:
            # The address holds the answers: links followed from the result must not pass it on.
            response["Referrer-Policy"] = "no-referrer"
        return response


class JobDescriptionView(PublicPageMixin, TemplateView):
    """A job-description template for one ladder level (`roles.job_description`): a printable page, or with
    `?format=md` / `?format=txt` a file to download; `?region=` adds that region's pay."""

    template_name = "roles/job_description.html"
    extra_context = {"nav": "roles"}

    def get(self, request, *args, **kwargs):
        role = get_object_or_404(Role.objects.published().for_job_description(), slug=kwargs["slug"])
        form = JobDescriptionForm(request.GET, regions=Region.objects.with_groups())
        valid = form.is_valid()
        jd = job_description.build(role, kwargs["level_slug"], region=form.chosen_region if valid else None)
        if jd is None:
            raise Http404("No such level on this role's career ladder.")
        if valid and form.cleaned_data["format"]:
            body, content_type, file_name = job_description.render(jd, form.cleaned_data["format"])
            response = HttpResponse(body, content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{file_name}"'
            return response
        state = state_pay_context(request.GET, role)
        context = self.get_context_data(role=role, jd=jd, form=form, footnotes=jd.footnotes, **state, **kwargs)
        return self.render_to_response(context, status=200 if valid and not state["state_form"].errors else 400)


class SalaryExplorerView(PublicPageMixin, FilteredListMixin, ListView):
    filterset_class = SalaryExplorerFilter
    template_name = "roles/salary_explorer.html"
    paginate_by = 50
    extra_context = {
        "nav": "salaries",
        # Here rather than in the template, where the sentence would not fit on a line.
        "page_description": (
            "Every regional salary range in CareerGuide, in local currency, US dollars or a currency you choose, "
            "each with its source."
        ),
    }

    def get_base_queryset(self):
        return RegionalSalary.objects.published().for_listing()

    def get(self, request, *args, **kwargs):
        self.display = DisplayCurrencyForm(request.GET, rates=ExchangeRate.objects.latest_per_currency())
        response = super().get(request, *args, **kwargs)
        if self.display.errors:
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        display = self.display.cleaned_data.get("currency", LOCAL) if self.display.is_valid() else LOCAL
        rate = self.display.rate
        rows = [shown_range(salary, display=display, rate=rate) for salary in context["object_list"]]
        footnotes = Footnotes().cite_all([rate.source if rate else None, *(row.salary.source for row in rows)])
        # The CSV export takes the same filters; `currency` would filter it rather than convert, so it stays out.
        csv_query = self.request.GET.copy()
        for name in ("currency", "page"):
            csv_query.pop(name, None)
        csv_filtered = bool(csv_query) and not self.filterset.errors
        return context | {
            "csv_url": reverse("api:salary-csv") + (f"?{csv_query.urlencode()}" if csv_filtered else ""),
            "csv_filtered": csv_filtered,
            "display": self.display,
            "shown": display,
            "rate": rate,
            "rows": rows,
            "chart": guide.salary_explorer_chart(rows),
            "chart_max_rows": guide.EXPLORER_CHART_MAX_ROWS,
            "footnotes": footnotes,
            "role_choices": Role.objects.published().for_picker(),
        }
