"""“In your state”: the BLS median of a guide's occupation in the reader's state, beside a level page, the
self-assessment and a job description (`?state=CA` or `?state=0600000`).

The state is named by its 2-letter postal code or by BLS's 7-digit area code; the list of states and their
codes is salaries' tile map data (`salaries.pay_charts.state_tiles`, read once per process, no query).
"""

import re
from dataclasses import dataclass

from django import forms

from salaries.models import OewsFootnote, WageEstimate
from salaries.oews_models import published_figures
from salaries.pay_charts import state_tiles

AREA_CODE = re.compile(r"^([0-9]{2})00000$")


class StateForm(forms.Form):
    """`?state=`: a state or territory, by postal code (CA) or BLS area code (0600000)."""

    state = forms.CharField(required=False, max_length=7, strip=True, label="Your state or territory")

    def clean_state(self) -> str | None:
        """The state's FIPS code, or None when none is chosen."""
        value = self.cleaned_data["state"].upper()
        if not value:
            return None
        by_postal_code = {tile.abbr: fips for fips, tile in state_tiles().items()}
        match = AREA_CODE.match(value)
        fips = match.group(1) if match else by_postal_code.get(value)
        if fips is None or fips not in state_tiles():
            raise forms.ValidationError(
                "Use a state's 2-letter postal code (e.g. CA) or its BLS area code (e.g. 0600000).",
                code="unknown_state",
            )
        return fips

    @property
    def chosen(self) -> str | None:
        return self.cleaned_data.get("state") if self.is_valid() else None

    @staticmethod
    def choices() -> list[tuple[str, str]]:
        """(postal code, name) of every state and territory, by name (no query)."""
        return sorted(((tile.abbr, tile.name) for tile in state_tiles().values()), key=lambda choice: choice[1])

    @property
    def chosen_postal_code(self) -> str:
        chosen = self.chosen
        return state_tiles()[chosen].abbr if chosen else ""


@dataclass(frozen=True)
class StatePay:
    """The occupation's median in one state, as a reader may take it (a value, or only BLS's floor)."""

    estimate: WageEstimate
    annual: int | None
    annual_floor: int | None
    hourly: object
    hourly_floor: object


def state_pay(soc_code: str, state_code: str | None) -> StatePay | None:
    """The latest release's median of `soc_code` in the state `state_code` (FIPS), or None (no state, no SOC
    code, or no estimate). One query, and one more for BLS's footnotes when a median carries one."""
    if not soc_code or not state_code:
        return None
    estimate = WageEstimate.objects.in_state_of(soc_code, state_code).first()
    if estimate is None:
        return None
    fields = ("annual_median", "hourly_median")
    footnoted = any(getattr(estimate, f"{field}_footnote") for field in fields)
    values, notes = published_figures(estimate, OewsFootnote.objects.by_code() if footnoted else {}, fields=fields)
    return StatePay(
        estimate=estimate,
        annual=values["annual_median"],
        annual_floor=notes.get("annual_median", {}).get("floor"),
        hourly=values["hourly_median"],
        hourly_floor=notes.get("hourly_median", {}).get("floor"),
    )


def state_pay_context(data, role) -> dict:
    """What `includes/_state_pay.html` shows for `role` (its `soc_code`), given the request's GET data:
    the chooser (`state_form`, bound) and the chosen state's pay (`state_pay`, or None)."""
    form = StateForm(data)
    return {"state_form": form, "state_pay": state_pay(role.soc_code, form.chosen), "state_choices": form.choices()}
