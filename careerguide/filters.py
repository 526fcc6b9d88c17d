"""Filter plumbing shared by every FilterSet of the pages and the API: stable ordering, value bounds, the form."""

import django_filters
from django import forms
from django.db.models import F
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django_filters.widgets import BaseCSVWidget

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


def query_array(data, name: str) -> list[str] | None:
    """The values of an array parameter, sent either way clients send one: repeated
    (`?k=a&k=b`, OpenAPI's default `style: form, explode: true`, what generated clients send) or
    comma-separated (`?k=a,b`, as people type it), or both mixed; None when it is absent.

    Blank entries (a trailing comma) are kept as "" for the caller to skip or refuse.
    """
    values = data.getlist(name) if hasattr(data, "getlist") else [data[name]] if name in data else []
    if not values:
        return None
    return [part.strip() for value in values for part in str(value).split(",")]


class ArrayWidgetMixin(BaseCSVWidget):
    """django-filter's CSV widget, which reads only the last of repeated values: reads them all (`query_array`)."""

    def value_from_datadict(self, data, files, name):
        values = query_array(data, name)
        if values is None or values == [""]:
            return None if values is None else []
        return values


class LongSelect(forms.Select):
    """A `<select>` written without a template per option, for a filter's long list of choices (the role
    list's skills: at 10,000 roles, 520 options took most of the search page's time through Django's
    `option.html`, once per option). The HTML is Django's own less its indentation; no option groups.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        options = []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            selected = " selected" if option_value in chosen else ""
            options.append(f'<option value="{escape(option_value)}"{selected}>{escape(label)}</option>')
        start = format_html('<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs)))
        return mark_safe(start + "".join(options) + "</select>")  # noqa: S308 - every part escaped above


class ArraySelect(ArrayWidgetMixin, forms.Select):
    """The ordering `<select>` of the pages; in a query, any number of keys (`ArrayWidgetMixin`)."""


class StableOrderingFilter(django_filters.OrderingFilter):
    """`OrderingFilter` whose order is the same on every database and every page.

    Unknown values (NULL) sort last in both directions (PostgreSQL would put them first when
    descending), and the primary key breaks ties so that paginated results never overlap.
    Several keys may be sent repeated (`?ordering=a&ordering=-b`) or comma-separated (`a,-b`).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", ArraySelect)
        super().__init__(*args, **kwargs)

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
