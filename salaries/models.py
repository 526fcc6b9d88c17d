"""Pay statistics that stand without any guide: where figures come from (sources), currencies, regions
and exchange rates.

This is the bottom content app: `roles` builds guides on top of it and nothing here imports `roles`.
"""

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from simple_history.models import HistoricalRecords

from careerguide.formatting import DatePrecision, format_reference_date
from careerguide.natural_keys import NaturalKeyModel, NaturalKeyQuerySet


class Source(NaturalKeyModel, models.Model):
    """Where a figure comes from: an official statistic or an editorial estimate."""

    class Kind(models.TextChoices):
        OFFICIAL_STATISTIC = "official_statistic", "Official statistic"
        EDITORIAL_ESTIMATE = "editorial_estimate", "Editorial estimate"

    class Precision(models.TextChoices):
        DAY = DatePrecision.DAY, "Day"
        MONTH = DatePrecision.MONTH, "Month"
        YEAR = DatePrecision.YEAR, "Year"

    publisher = models.CharField(
        max_length=200, help_text="Who publishes the figures, e.g. “U.S. Bureau of Labor Statistics”."
    )
    publisher_abbreviation = models.CharField(
        max_length=20, blank=True, help_text="Short form shown in footnotes, e.g. “BLS”."
    )
    title = models.CharField(
        max_length=200, help_text="The publication or data set, e.g. “Occupational Employment and Wage Statistics”."
    )
    measures = models.TextField(
        help_text="What the figures measure, e.g. the occupation they describe. Readers see this next to the figure."
    )
    occupation = models.CharField(
        max_length=200,
        blank=True,
        help_text="Occupation the statistic covers, when it is narrower or wider than the role.",
    )
    soc_code = models.CharField(
        max_length=10,
        blank=True,
        help_text="Standard Occupational Classification code of that occupation, e.g. 11-3021.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    url = models.URLField(blank=True, help_text="Where a reader can check the figures, if public.")
    as_of = models.DateField(
        null=True,
        blank=True,
        help_text="Reference date of the figures. Use the 1st of the month when only a month is known.",
    )
    as_of_precision = models.CharField(
        max_length=5, choices=Precision.choices, blank=True, help_text="How much of the reference date is meaningful."
    )
    notes = models.TextField(blank=True, help_text="Caveats readers should know about these figures.")

    # Fixtures name a source by what a reader would cite: one release of a publication for one occupation
    # (guides citing BLS's May 2023 figures for two occupations cite two sources); the importer reuses a
    # source by the same key, so guides citing the same release and occupation share one.
    natural_key_lookups = ("publisher", "title", "as_of", "occupation")
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["publisher", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(as_of__isnull=True, as_of_precision="") | Q(as_of__isnull=False) & ~Q(as_of_precision=""),
                name="source_as_of_has_precision",
                violation_error_code="as_of_precision",
                violation_error_message="Give the precision (day, month or year) whenever a reference date is set, "
                "and leave it empty otherwise.",
            ),
        ]

    def __str__(self):
        return f"{self.publisher_abbreviation or self.publisher}: {self.title}"

    @property
    def is_official(self) -> bool:
        return self.kind == self.Kind.OFFICIAL_STATISTIC

    @property
    def as_of_display(self) -> str:
        """The reference date written as precisely as it is known (“May 2023”, “2025”)."""
        return format_reference_date(self.as_of, self.as_of_precision)

    @property
    def label(self) -> str:
        """Short name and date for a table cell or a tooltip: “BLS, May 2023” (the date only when known)."""
        name = self.publisher_abbreviation or self.publisher
        return f"{name}, {self.as_of_display}" if self.as_of else name


MONEY = {"max_digits": 14, "decimal_places": 2}
# BLS's full-time year (40 hours x 52 weeks): the one factor used wherever an hourly figure is shown or
# compared as a yearly one, and the pages say so.
HOURS_PER_YEAR = 2080


class PayPeriod(models.TextChoices):
    """What a pay figure is per: a figure stated per hour stays per hour (converted only where it is shown
    next to yearly figures, with `HOURS_PER_YEAR`)."""

    YEAR = "year", "Per year"
    HOUR = "hour", "Per hour"


def pay_period_words(period: str) -> str:
    """ "a year" or "an hour", as a reader says it after an amount."""
    return "an hour" if period == PayPeriod.HOUR else "a year"


def yearly_amount(amount, period: str):
    """`amount` as a yearly figure: an hourly one times `HOURS_PER_YEAR`; None stays None."""
    if amount is None or period != PayPeriod.HOUR:
        return amount
    return amount * HOURS_PER_YEAR


class Currency(models.Model):
    """An ISO 4217 currency.

    Its primary key is the ISO code, already the same on every instance, so fixtures name it by that
    code and it declares no `natural_key()` (the serializer would then leave the code out).
    """

    code = models.CharField(primary_key=True, max_length=3, help_text="ISO 4217 code in capitals, e.g. EUR.")
    name = models.CharField(max_length=80)
    symbol = models.CharField(max_length=5, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "currencies"
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{3}$"),
                name="currency_code_iso_4217",
                violation_error_code="code",
                violation_error_message="Use the ISO 4217 code: three capital letters, e.g. EUR.",
            )
        ]

    def __str__(self):
        return self.code


class RegionQuerySet(NaturalKeyQuerySet):
    def for_listing(self):
        """Regions in name order with their member countries (1 query + 1 prefetch)."""
        return self.prefetch_related("members").order_by("name", "pk")

    def with_groups(self):
        """Regions in name order with the named regions each belongs to (1 query + 1 prefetch), so a
        country's figures can fall back to a region that includes it without another query."""
        return self.prefetch_related("groups").order_by("name", "pk")


class Region(NaturalKeyModel, models.Model):
    """A country (ISO 3166-1 alpha-2) or a named group of countries such as Western Europe."""

    class Kind(models.TextChoices):
        COUNTRY = "country", "Country"
        REGION = "region", "Region"

    class Area(models.TextChoices):
        NORTH_AMERICA = "north_america", "North America"
        EUROPE = "europe", "Europe"
        ASIA_PACIFIC = "asia_pacific", "Asia-Pacific"
        LATIN_AMERICA = "latin_america", "Latin America"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    iso_code = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code for a country (e.g. DE); empty for a region."
    )
    area = models.CharField(max_length=20, choices=Area.choices, blank=True)
    currency = models.ForeignKey(
        Currency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="regions",
        help_text="Currency salaries here are quoted in.",
    )
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="groups",
        blank=True,
        limit_choices_to={"kind": "country"},
        help_text="For a region: the countries it includes.",
    )
    notes = models.TextField(blank=True)

    natural_key_lookups = ("slug",)
    objects = RegionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["iso_code"],
                condition=~Q(iso_code=""),
                name="region_unique_iso_code",
                violation_error_code="iso_code",
                violation_error_message="Another country already has this ISO code.",
            ),
            models.CheckConstraint(
                condition=Q(kind="country", iso_code__regex=r"^[A-Z]{2}$") | Q(kind="region", iso_code=""),
                name="region_country_has_iso_code",
                violation_error_code="iso_code",
                violation_error_message="A country needs its two-letter ISO 3166-1 code in capitals (e.g. DE); "
                "a region of several countries has none.",
            ),
        ]

    def __str__(self):
        return self.name


class ExchangeRateQuerySet(NaturalKeyQuerySet):
    def latest_per_currency(self):
        """The newest rate of each currency with its currency and source, by currency code (one query).

        A correlated subquery picks each currency's latest `as_of`, so older rates never leave the database.
        """
        newest = ExchangeRate.objects.filter(currency=OuterRef("currency")).order_by("-as_of").values("as_of")[:1]
        return self.filter(as_of=Subquery(newest)).select_related("currency", "source").order_by("currency_id")


class ExchangeRate(NaturalKeyModel, models.Model):
    """How many US dollars one unit of a currency was worth on a date, and who says so."""

    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="exchange_rates")
    usd_per_unit = models.DecimalField(max_digits=18, decimal_places=8)
    as_of = models.DateField()
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")

    natural_key_lookups = ("currency_id", "as_of")
    objects = ExchangeRateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["currency_id", "-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "as_of"],
                name="exchange_rate_unique_date",
                violation_error_code="as_of",
                violation_error_message="This currency already has a rate for this date.",
            ),
            models.CheckConstraint(
                condition=Q(usd_per_unit__gt=0),
                name="exchange_rate_positive",
                violation_error_code="usd_per_unit",
                violation_error_message="The rate must be more than 0.",
            ),
        ]

    def __str__(self):
        return f"1 {self.currency_id} = {self.usd_per_unit} USD ({self.as_of})"

    @property
    def as_of_display(self) -> str:
        """The rate's date as precisely as its source dates it (a rate derived from a yearly source shows “2025”)."""
        return format_reference_date(self.as_of, self.source.as_of_precision or Source.Precision.DAY)


# --- BLS Occupational Employment and Wage Statistics (OEWS) ------------------------------------------------
# Occupations, areas, industries and wage estimates live in a module of their own (salaries/oews_models.py);
# importing them here registers them with this app.
from .oews_models import (  # noqa: E402, F401
    OEWS_FIGURES,
    Occupation,
    OewsArea,
    OewsFigure,
    OewsFootnote,
    OewsIndustry,
    OewsRelease,
    WageEstimate,
)
