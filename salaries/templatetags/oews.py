"""Template helpers for the OEWS pages (no query)."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

register = template.Library()

# As `django.utils.html.json_script`: nothing in the data can close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data) -> str:
    """Serialise `data` for a `<script type="application/ld+json">` element."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308


@register.filter
def figure(figures: dict, name: str):
    """`{{ figures|figure:"annual_median" }}`: one `ShownFigure` of a dict of them (None when absent)."""
    return figures.get(name) if figures else None
