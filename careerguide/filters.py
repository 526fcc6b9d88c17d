"""Filter plumbing shared by every FilterSet of the pages and the API: stable ordering, value bounds, the form."""

import django_filters
from django import forms
from django.db.models import F

SEARCH_MAX_LENGTH = 200
# Bounds of the money and percent columns (max_digits 14 and 5, 2 decimal places): a filter
# value outside them is a clear 400 instead of a number the database cannot compare.
MONEY_BOUNDS = {"min_value": 0, "max_value": 999_999_999_999, "decimal_places": 2}
PERCENT_BOUNDS = {"min_value": -999, "max_value": 999, "decimal_places": 2}


class FilterBoundField(forms.BoundField):
    """A filter field whose widget refers to no help or error element of its own.

    Django points a widget's `aria-describedby` at `<id>_helptext` and `<id>_error`, elements that only
    its own form rendering writes. The pages lay their filters out by hand: a filter's help text is
    written for the API schema, and errors are listed in the page's one alert (`_form_errors.html`), so
    those references would dangle (an HTML error). A page that describes a field says so on the widget.
    """

    @property
    def aria_describedby(self):
        return None


class FilterForm(forms.Form):
    """The form of every FilterSet (`Meta.form`): fields bound as `FilterBoundField`."""

    bound_field_class = FilterBoundField


class StableOrderingFilter(django_filters.OrderingFilter):
    """`OrderingFilter` whose order is the same on every database and every page.

    Unknown values (NULL) sort last in both directions (PostgreSQL would put them first when
    descending), and the primary key breaks ties so that paginated results never overlap.
    """

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        ordering = []
        # "title," or ",," leave blank entries (a trailing comma in a hand-written URL); they order nothing.
        for param in filter(None, value):
            descending = param.startswith("-")
            field = F(self.param_map.get(param.lstrip("-"), param.lstrip("-")))
            ordering.append(field.desc(nulls_last=True) if descending else field.asc(nulls_last=True))
        return qs.order_by(*ordering, "pk")


class IntegerFilter(django_filters.NumberFilter):
    """A whole-number filter: `1.5` is an error, not silently truncated to 1."""

    field_class = forms.IntegerField
