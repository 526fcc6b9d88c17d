"""Forms of the salaries app: the salary explorer's display currency, and the admin's salary forms
(the region-currency rule, the CSV upload). Constraint messages come from the models."""

from django import forms

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
