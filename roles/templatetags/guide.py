"""Template helpers for guide pages: money, percentages, source citations and JSON-LD."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from careerguide.formatting import format_money, format_money_short, format_number, format_percent, format_percent_range

register = template.Library()

# As `django.utils.html.json_script`: nothing in the data can close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def money(amount, currency):
    """`{{ amount|money:currency }}` → “$164,070”; empty for None."""
    return format_money(amount, currency)


@register.filter
def pay(amount, figure):
    """`{{ salary.median|pay:salary }}` → “$164,070”, or “$18.50 an hour” for a figure stated per hour
    (`figure` is a `LevelSalary`, `RegionalSalary` or `KeyFacts`: its currency and `pay_period`); empty for None."""
    if amount is None:
        return ""
    hourly = getattr(figure, "is_hourly", False)
    text = format_money(amount, figure.currency, cents=hourly)
    return f"{text} an hour" if hourly else text


@register.filter
def money_cents(amount, currency):
    """`{{ amount|money_cents:currency }}` → “$30.10”: an hourly wage keeps its cents."""
    return format_money(amount, currency, cents=True)


@register.filter
def pay_amount(amount, figure):
    """`{{ s.local_min|pay_amount:s }}`: the amount in the figure's currency, with cents when it is hourly."""
    return format_money(amount, figure.currency, cents=getattr(figure, "is_hourly", False))


@register.filter
def per_hour(figure):
    """`{{ s|per_hour }}` → “ an hour” after the amounts of an hourly figure, else nothing."""
    return " an hour" if getattr(figure, "is_hourly", False) else ""


@register.filter
def money_short(amount, currency):
    """`{{ amount|money_short:currency }}` → “$164.1k”."""
    return format_money_short(amount, currency)


@register.filter
def pct(value):
    """A Decimal percentage without trailing zeros: 16.00 → “16%”."""
    return format_percent(value)


@register.filter
def pct_range(low, high):
    """`{{ low|pct_range:high }}` → “16%”, or “10–12%” when the bounds differ; empty for None."""
    return format_percent_range(low, high)


@register.filter
def plain_number(value):
    """A Decimal without trailing zeros or exponent: 1.25000000 → “1.25”."""
    return format_number(value)


@register.filter
def signed(value):
    """Prefix positive numbers with “+” (pay and year differences)."""
    if value is None:
        return ""
    return f"+{value}" if value > 0 else str(value)


@register.filter
def article(noun: str) -> str:
    """“a Technical Manager”, “an Assistant Technical Manager”."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


@register.filter
def ld_json(data) -> str:
    """Serialise `data` for a `<script type="application/ld+json">` element."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308


@register.filter
def lookup(mapping, key):
    """`{{ mapping|lookup:key }}` for dictionaries keyed by a variable."""
    return mapping.get(key, []) if mapping else []


@register.simple_tag(takes_context=True)
def cite(context, source):
    """A superscript link to the page's note for `source`, numbered by the view before rendering.

    Renders nothing for None or for a source the page's `footnotes` did not number: a template only looks
    numbers up, so the order it happens to render in can never renumber the notes.
    """
    footnotes = context.get("footnotes")
    number = footnotes.number(source) if footnotes is not None else None
    if number is None:
        return ""
    title = f"{source}" + (f", {source.as_of_display}" if source.as_of_display else "")
    return format_html(
        '<sup class="cite">[<a href="#source-{}" title="{}"><span class="visually-hidden">source </span>{}</a>]</sup>',
        number,
        title,
        number,
    )
