"""Forms of the salaries app: the salary explorer's display currency, and the admin's salary forms
(the region-currency rule, the CSV upload). Constraint messages come from the models."""

from django import forms
from django.core.exceptions import ValidationError

from careerguide.forms import ContentForm, EditorInlineFormSet

from .conversion import LOCAL, USD
from .services import salary_currency_error


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


class SalaryFigureForm(ContentForm):
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
