"""Forms of the salaries app: the salary explorer's display currency, and the admin's salary forms
(readable constraint messages, the region-currency rule, the CSV upload)."""

from django import forms
from django.core.exceptions import ValidationError

from roles.forms import EditorInlineFormSet, ReadableConstraintsMixin

from .services import salary_currency_error

LOCAL = "LOCAL"
USD = "USD"


class DisplayCurrencyForm(forms.Form):
    """`?currency=` on the salary explorer: LOCAL, USD, or any currency with an exchange rate on file."""

    currency = forms.CharField(required=False, max_length=5, label="Show amounts in")

    def __init__(self, *args, rates, **kwargs):
        super().__init__(*args, **kwargs)
        self.rates = {rate.currency_id: rate for rate in rates}

    @property
    def choices(self) -> list[tuple[str, str]]:
        converted = [(code, f"{code} ({rate.currency.name}, converted)") for code, rate in self.rates.items()]
        return [(LOCAL, "Local currency"), (USD, "US dollars (as the source states)"), *converted]

    def clean_currency(self):
        code = (self.cleaned_data["currency"] or LOCAL).strip().upper()
        if code in (LOCAL, USD) or code in self.rates:
            return code
        known = ", ".join(self.rates) or "none yet"
        raise forms.ValidationError(
            f"We have no exchange rate for “{code[:5]}”. Choose local currency, USD, or one of: {known}.",
            code="unknown_currency",
        )

    @property
    def rate(self):
        """The `ExchangeRate` used to convert, or None when showing local amounts or USD."""
        return self.rates.get(self.cleaned_data.get("currency")) if self.is_valid() else None


# --- Admin ---------------------------------------------------------------------------------------------
# Constraint name -> (field the editor should fix, or None for the whole row; message).
CONSTRAINT_MESSAGES: dict[str, tuple[str | None, str]] = {
    "currency_code_iso_4217": ("code", "Use the ISO 4217 code: three capital letters, e.g. EUR."),
    "region_unique_iso_code": ("iso_code", "Another country already has this ISO code."),
    "region_country_has_iso_code": (
        "iso_code",
        "A country needs its two-letter ISO 3166-1 code in capitals (e.g. DE); a region of several countries has none.",
    ),
    "level_salary_unique_region": ("region", "This level already has a salary for this region; edit that one."),
    "level_salary_median_gte_0": ("median", "The median cannot be negative."),
    "level_salary_average_gte_0": ("average", "The average cannot be negative."),
    "level_salary_has_figure": (None, "Give the median, the average or both."),
    "regional_salary_unique_region": (
        "region",
        "This role already has a salary range for this region; edit that one instead.",
    ),
    "regional_salary_local_min_gte_0": ("local_min", "The minimum cannot be negative."),
    "regional_salary_usd_min_gte_0": ("usd_min", "The USD minimum cannot be negative."),
    "regional_salary_local_min_lte_max": ("local_max", "The maximum must be at least the minimum."),
    "regional_salary_usd_min_lte_max": ("usd_max", "The USD maximum must be at least the USD minimum."),
    "key_facts_median_pay_gte_0": ("median_pay", "The median pay cannot be negative."),
    "key_facts_pay_range_min_gte_0": ("pay_range_min", "The bottom of the pay range cannot be negative."),
    "key_facts_pay_range_min_lte_max": ("pay_range_max", "The top of the pay range must be at least the bottom."),
    "key_facts_median_pay_has_source": ("median_pay_source", "Choose the source of the median pay."),
    "key_facts_pay_range_has_source": ("pay_range_source", "Choose the source of the pay range."),
    "key_facts_openings_has_source": ("annual_openings_source", "Choose the source of the annual openings."),
    "growth_projection_one_headline_per_role": (
        "is_headline",
        "This role already has a headline projection; untick it there first.",
    ),
    "growth_projection_pct_min_lte_max": ("pct_max", "The upper bound must be at least the lower bound."),
    "growth_projection_period_start_lte_end": ("period_end_year", "The period must end after it starts."),
    "exchange_rate_unique_date": ("as_of", "This currency already has a rate for this date."),
    "exchange_rate_positive": ("usd_per_unit", "The rate must be more than 0."),
}


class SalaryContentForm(ReadableConstraintsMixin, forms.ModelForm):
    """Base form for every salaries model in the admin."""

    constraint_messages = CONSTRAINT_MESSAGES


class SalaryFigureForm(SalaryContentForm):
    """A salary row: also refuses a currency other than the one the region's salaries are quoted in."""

    def clean(self):
        cleaned_data = super().clean()
        region, currency = cleaned_data.get("region"), cleaned_data.get("currency")
        message = region and currency and salary_currency_error(region=region, currency_code=currency.code)
        if message:
            self.add_error("currency", message)
        return cleaned_data


class GrowthProjectionInlineFormSet(EditorInlineFormSet):
    """Projections of one role: at most one may be the headline shown in the key facts."""

    def clean(self):
        super().clean()
        headlines = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", {}).get("is_headline") and not self._should_delete_form(form)
        ]
        if len(headlines) > 1:
            raise ValidationError("Only one projection can be the headline; untick “headline” on all but one.")


class SalaryImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 CSV with the columns described below, e.g. a file written by “Export CSV”.",
    )
    dry_run = forms.BooleanField(
        required=False, label="Check only", help_text="Report what would change without saving anything."
    )
