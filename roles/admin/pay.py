"""Admin pages of the figures a guide states: key facts, growth, pay by level and by region, with the
regional salary CSV import and export."""

import io

from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from careerguide.admin import ContentAdmin, StackedContentInline, TabularContentInline
from careerguide.formatting import format_money

from ..forms import GrowthProjectionInlineFormSet, SalaryFigureForm, SalaryImportForm
from ..models import GrowthProjection, KeyFacts, LevelSalary, RegionalSalary
from ..salary_csv import SALARY_CSV_COLUMN_HELP, decoded_lines, salaries_export, salaries_import_csv

SOURCE_HELP = "Choose from the source list; add a new source there first if the figures come from elsewhere."

CHECKED_FILE_NAMESPACE = "roles.admin.salary-import"  # signing salt: tokens of other forms do not fit
CHECKED_FILE_MAX_AGE = 3600  # seconds between checking a file and importing it
CHECKED_FILE_MAX_BYTES = 2 * 1024 * 1024  # larger files are chosen again: the page would carry them


def checked_file_token(name: str, data: bytes) -> str:
    """A checked file (name and bytes) as one signed, compressed value for the page's import button."""
    return signing.dumps({"name": name, "text": data.decode("utf-8-sig")}, salt=CHECKED_FILE_NAMESPACE, compress=True)


def checked_file_from_token(token: str) -> tuple[str, bytes]:
    """The name and bytes `checked_file_token` signed; raises `signing.BadSignature` if changed or expired."""
    checked = signing.loads(token, salt=CHECKED_FILE_NAMESPACE, max_age=CHECKED_FILE_MAX_AGE)
    return checked["name"], checked["text"].encode()


# --- Inlines used by the role page (guide.py) and the level page -----------------------------------


class KeyFactsInline(StackedContentInline):
    model = KeyFacts
    max_num = 1
    autocomplete_fields = [
        "currency",
        "median_pay_source",
        "pay_range_source",
        "annual_openings_source",
        "typical_education_source",
    ]
    fieldsets = [
        (None, {"fields": ["currency", ("median_pay", "median_pay_source")]}),
        (
            "Pay range",
            {
                "fields": [
                    ("pay_range_min", "pay_range_max", "pay_range_max_open_ended"),
                    "pay_range_note",
                    "pay_range_source",
                ]
            },
        ),
        ("Openings", {"fields": [("annual_openings", "annual_openings_approximate"), "annual_openings_source"]}),
        ("Education", {"fields": ["typical_education", "typical_education_source"]}),
    ]


class RegionalSalaryInline(TabularContentInline):
    model = RegionalSalary
    form = SalaryFigureForm
    fields = [
        "region",
        "currency",
        "local_min",
        "local_max",
        "usd_min",
        "usd_max",
        "usd_is_approximate",
        "source",
        "note",
    ]
    autocomplete_fields = ["region", "currency", "source"]
    verbose_name_plural = "regional salaries (annual ranges, local currency and the source's USD equivalent)"


class GrowthProjectionInline(TabularContentInline):
    model = GrowthProjection
    formset = GrowthProjectionInlineFormSet
    fields = [
        "is_headline",
        "pct_min",
        "pct_max",
        "period_start_year",
        "period_end_year",
        "horizon_years",
        "occupation",
        "comparison",
        "source",
    ]
    autocomplete_fields = ["source"]


class LevelSalaryInline(TabularContentInline):
    model = LevelSalary
    form = SalaryFigureForm
    fields = ["region", "currency", "median", "average", "source"]
    autocomplete_fields = ["region", "currency", "source"]


# --- Stand-alone pages ------------------------------------------------------------------------------------


class SalaryFigureAdmin(ContentAdmin):
    """A salary row's own page: the region-currency rule, and where to find a source."""

    form = SalaryFigureForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.base_fields["source"].help_text = SOURCE_HELP
        return form


@admin.register(LevelSalary)
class LevelSalaryAdmin(SalaryFigureAdmin):
    list_display = ["level", "role", "region", "currency", "median", "average", "source"]
    list_filter = [("level__role", admin.RelatedFieldListFilter), "region", "currency"]
    list_select_related = ["level__role", "region", "currency", "source"]
    search_fields = ["level__title", "level__role__title"]
    autocomplete_fields = ["level", "region", "currency", "source"]

    @admin.display(ordering="level__role__title")
    def role(self, obj):
        return obj.level.role


@admin.register(RegionalSalary)
class RegionalSalaryAdmin(SalaryFigureAdmin):
    # Ranges in one column each ("EUR 70,000–110,000"): eight columns of figures overflowed the list at 1280 px.
    list_display = ["role", "region", "local_range", "usd_range", "source"]
    list_filter = ["role", "region", "currency"]
    list_select_related = ["role", "region", "currency", "source"]

    @admin.display(description="local range", ordering="local_min")
    def local_range(self, salary):
        return f"{format_money(salary.local_min, salary.currency)}–{format_money(salary.local_max, '').strip()}"

    @admin.display(description="USD range", ordering="usd_min")
    def usd_range(self, salary):
        approximate = "≈ " if salary.usd_is_approximate else ""
        return f"{approximate}{format_money(salary.usd_min, 'USD')}–{format_money(salary.usd_max, '').strip()}"

    search_fields = ["role__title", "region__name"]
    autocomplete_fields = ["role", "region", "currency", "source"]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="{}_{}_import".format(*info)),
            path("export/", self.admin_site.admin_view(self.export_view), name="{}_{}_export".format(*info)),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a salary CSV; apply it with `salaries_import_csv`, or show every bad row and apply nothing.

        “Check only” lists what each row would create or change and keeps the checked file: it travels
        in the page as a signed value (`checked_file_token`), so “Import this file” applies exactly what
        was checked, without choosing the file again and without keeping anything on the server.
        """
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied("Importing salaries needs permission to add and change regional salaries.")
        bound = request.method == "POST" and "_confirm" not in request.POST
        form = SalaryImportForm(request.POST if bound else None, request.FILES if bound else None)
        report, checked = None, None
        if request.method == "POST" and "_confirm" in request.POST:
            try:
                name, data = checked_file_from_token(request.POST.get("checked_file", ""))
            except signing.BadSignature:
                messages.error(request, "The checked file expired or was changed; choose it again.")
                return HttpResponseRedirect(reverse("admin:roles_regionalsalary_import"))
            report = salaries_import_csv(
                file=decoded_lines(data.splitlines(keepends=True)), user=request.user, name=name
            )
        elif bound and form.is_valid():
            upload = form.cleaned_data["file"]
            name, data = upload.name, upload.read()
            dry_run = form.cleaned_data["dry_run"]
            report = salaries_import_csv(
                file=decoded_lines(data.splitlines(keepends=True)), dry_run=dry_run, user=request.user, name=name
            )
            if report.ok and dry_run and len(data) <= CHECKED_FILE_MAX_BYTES:
                checked = {"name": name, "token": checked_file_token(name, data)}
        if report is not None and report.applied:
            self.message_user(request, f"{name}: {report.summary()}", messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:roles_regionalsalary_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Import regional salaries from CSV",
            "opts": self.opts,
            "form": form,
            "report": report,
            "checked": checked,
            "checked_too_large": report is not None and report.ok and report.dry_run and checked is None,
            "columns": SALARY_CSV_COLUMN_HELP.items(),
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, "admin/roles/regionalsalary/import.html", context)

    def export_view(self, request):
        """Download every regional salary as CSV, in the format the import reads."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"regional-salaries-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        buffer = io.StringIO()
        salaries_export(file=buffer)
        response.write(buffer.getvalue())
        return response


@admin.register(KeyFacts)
class KeyFactsAdmin(ContentAdmin):
    list_display = ["role", "median_pay", "currency", "pay_range_min", "pay_range_max", "annual_openings"]
    list_select_related = ["role", "currency"]
    search_fields = ["role__title"]
    autocomplete_fields = [
        "role",
        "currency",
        "median_pay_source",
        "pay_range_source",
        "annual_openings_source",
        "typical_education_source",
    ]


@admin.register(GrowthProjection)
class GrowthProjectionAdmin(ContentAdmin):
    list_display = ["role", "pct_min", "pct_max", "period_start_year", "period_end_year", "is_headline", "source"]
    list_filter = ["role", "is_headline"]
    list_select_related = ["role", "source"]
    search_fields = ["role__title", "occupation"]
    autocomplete_fields = ["role", "source"]
