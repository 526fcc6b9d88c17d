"""Forms of the salaries app: the salary explorer's display currency, and the admin's salary forms
(the region-currency rule, the CSV upload). Constraint messages come from the models."""

import re

from django import forms

from careerguide.filters import FilterBoundField
from careerguide.forms import ListInput

from .conversion import LOCAL, USD


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


class StateChoiceForm(forms.Form):
    """`?state=` on an occupation page: the reader's state or territory (FIPS code), among those with an
    estimate for this occupation. A GET form: the page's address names the state."""

    # Errors show in the page's one alert (`_form_errors.html`), not beside the field.
    bound_field_class = FilterBoundField
    ORDERS = [("median", "Median pay, highest first"), ("name", "Name"), ("employment", "Jobs, most first")]

    state = forms.ChoiceField(required=False, label="Your state or territory")
    order = forms.ChoiceField(required=False, choices=ORDERS, label="Sort the states by")

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "Choose a state"), *((area.state_code, area.name) for area in states)]

    @property
    def chosen(self) -> str | None:
        """The chosen FIPS code, or None (nothing chosen, or not valid)."""
        return (self.cleaned_data.get("state") or None) if self.is_valid() else None

    @property
    def table_order(self) -> str:
        """How the state table is sorted: "median" (the default), "name" or "employment"."""
        return (self.cleaned_data.get("order") or "median") if self.is_valid() else "median"


MAX_COMPARED_OCCUPATIONS = 4
SOC_CODE_PATTERN = re.compile(r"^[0-9]{2}-[0-9]{4}$")


class OccupationCompareForm(forms.Form):
    """`?occupations=11-3021,15-1252&state=06` on the compare page: two to four SOC occupations, side by
    side nationally or in one state or territory (FIPS code, among `states`)."""

    bound_field_class = FilterBoundField  # errors show in the page's one alert
    occupations = forms.CharField(
        widget=ListInput, max_length=100, required=False, label="Occupations (SOC codes, e.g. 11-3021)"
    )
    state = forms.ChoiceField(required=False, label="Where")

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "United States"), *((area.state_code, area.name) for area in states)]

    def clean_occupations(self) -> list[str]:
        codes = list(dict.fromkeys(code.strip() for code in (self.cleaned_data["occupations"] or "").split(",")))
        codes = [code for code in codes if code]
        malformed = [code for code in codes if not SOC_CODE_PATTERN.match(code)]
        if malformed:
            raise forms.ValidationError(
                f"Not a SOC code: “{malformed[0][:20]}”; write two digits, a hyphen and four digits, e.g. 11-3021."
            )
        if not 2 <= len(codes) <= MAX_COMPARED_OCCUPATIONS:
            raise forms.ValidationError(f"Choose two to {MAX_COMPARED_OCCUPATIONS} different occupations.")
        return codes
