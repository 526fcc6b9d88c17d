"""Admin pages of the figures a guide states: key facts, growth, pay by level and by region, with the
regional salary CSV import and export."""

import io

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone

from careerguide.admin import CheckedImportMixin, ContentAdmin, ImportCheck, StackedContentInline, TabularContentInline
from careerguide.formatting import format_money

from ..forms import GrowthProjectionInlineFormSet, SalaryFigureForm, SalaryImportForm
from ..models import GrowthProjection, KeyFacts, LevelSalary, RegionalSalary
from ..salary_csv import SALARY_CSV_COLUMN_HELP, decoded_lines, salaries_export, salaries_import_csv

SOURCE_HELP = "Choose from the source list; add a new source there first if the figures come from elsewhere."

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
        (None, {"fields": ["currency", ("median_pay", "median_pay_source"), "pay_period"]}),
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
        "pay_period",
        "source",
        "note",
    ]
    autocomplete_fields = ["region", "currency", "source"]
    verbose_name_plural = "regional salaries (ranges a year or an hour, local currency and the source's USD equivalent)"


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
    fields = ["region", "currency", "median", "average", "pay_period", "source"]
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
    list_display = ["level", "role", "region", "currency", "median", "average", "pay_period", "source"]
    list_filter = [("level__role", admin.RelatedFieldListFilter), "region", "currency"]
    list_select_related = ["level__role", "region", "currency", "source"]
    search_fields = ["level__title", "level__role__title"]
    autocomplete_fields = ["level", "region", "currency", "source"]

    @admin.display(ordering="level__role__title")
    def role(self, obj):
        return obj.level.role


@admin.register(RegionalSalary)
class RegionalSalaryAdmin(CheckedImportMixin, SalaryFigureAdmin):
    # Ranges in one column each ("EUR 70,000–110,000"): eight columns of figures overflowed the list at 1280 px.
    list_display = ["role", "region", "local_range", "usd_range", "pay_period", "source"]
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

    # --- CSV import: upload and check, then confirm (careerguide.admin.CheckedImportMixin) ---

    import_kind = "salaries"
    import_form_class = SalaryImportForm
    import_title = "Import regional salaries from CSV"
    import_form_id = "salary-import"
    import_check_label = "Check the file"
    import_report_template = "admin/roles/regionalsalary/_import_report.html"
    import_help_template = "admin/roles/regionalsalary/_import_help.html"
    import_permission_message = "Importing salaries needs permission to add and change regional salaries."

    def import_files(self, form) -> dict[str, bytes]:
        upload = form.cleaned_data["file"]
        return {upload.name: upload.read()}

    def import_page_context(self, request) -> dict:
        return {"columns": SALARY_CSV_COLUMN_HELP.items()}

    def import_confirm_label(self, options: dict) -> str:
        return "Import the checked file"

    def import_check(self, request, files, options) -> ImportCheck:
        """Every problem of the file, or what each row would create or change (`salaries_import_csv`)."""
        [(name, data)] = files.items()
        report = self._salaries_import(name, data, dry_run=True, user=request.user)
        return ImportCheck({"report": report, "name": name}, files if report.ok else {})

    def import_apply(self, request, files, options):
        [(name, data)] = files.items()
        report = self._salaries_import(name, data, dry_run=False, user=request.user)
        if not report.applied:
            # The data changed since the check (e.g. a role was deleted): the file stays confirmable.
            transaction.set_rollback(True)
            return {"report": report, "name": name}
        self.message_user(request, f"{name}: {report.summary()}", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:roles_regionalsalary_changelist"))

    @staticmethod
    def _salaries_import(name: str, data: bytes, **options):
        # Lines are read from the bytes one at a time (no list of every line).
        return salaries_import_csv(file=decoded_lines(io.BytesIO(data), name=name), name=name, **options)

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
