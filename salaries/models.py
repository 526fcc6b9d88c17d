"""Figures and where they come from: sources, currencies, regions, exchange rates, and every money and
market figure of a guide (key facts, growth, pay by ladder level and by region).

Amounts are `Decimal` in the currency named next to them; every figure carries its `Source`.

This app is the lower of the two content apps: `roles` builds the guides on top of it, so nothing
here imports from `roles`. The figures that belong to a role point at it by Django's lazy
"app_label.Model" reference (`"roles.Role"`), which needs no import.
"""

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from simple_history.models import HistoricalRecords

from careerguide.constraints import min_lte_max, non_negative
from careerguide.formatting import DatePrecision, format_percent_range, format_reference_date
from careerguide.natural_keys import NaturalKeyModel, NaturalKeyQuerySet
from careerguide.publishing import public_condition


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

    # Fixtures name a source by what a reader would cite; the importer reuses a source the same way.
    natural_key_lookups = ("publisher", "title", "as_of")
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


class SalaryFigure(models.Model):
    """Shared shape of every salary row: its currency and where the figure comes from."""

    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class LevelSalary(NaturalKeyModel, SalaryFigure):
    """Annual pay at one career-ladder level in one region (the guide gives US median and average)."""

    level = models.ForeignKey("roles.CareerLevel", on_delete=models.CASCADE, related_name="salaries")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="level_salaries")
    median = models.DecimalField(**MONEY, null=True, blank=True)
    average = models.DecimalField(**MONEY, null=True, blank=True)

    natural_key_lookups = ("level__role__slug", "level__slug", "region__slug")
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["level_id", "region_id"]
        verbose_name_plural = "level salaries"
        constraints = [
            models.UniqueConstraint(
                fields=["level", "region"],
                name="level_salary_unique_region",
                violation_error_code="region",
                violation_error_message="This level already has a salary for this region; edit that one.",
            ),
            non_negative("median", prefix="level_salary", message="The median cannot be negative."),
            non_negative("average", prefix="level_salary", message="The average cannot be negative."),
            models.CheckConstraint(
                condition=Q(median__isnull=False) | Q(average__isnull=False),
                name="level_salary_has_figure",
                violation_error_message="Give the median, the average or both.",
            ),
        ]

    def __str__(self):
        return f"{self.level.title}, {self.region}"


class RegionalSalaryQuerySet(NaturalKeyQuerySet):
    def published(self):
        """Ranges whose role is public (the rule of `careerguide.publishing`; joins the role)."""
        return self.filter(public_condition("role__"))

    def for_listing(self):
        """Join what a salary table shows: role, region, currency and source (one query)."""
        return self.select_related("role", "region", "currency", "source").order_by("-usd_max", "region__name", "pk")

    def in_country(self, iso_code: str):
        """Ranges for the country with this ISO 3166-1 alpha-2 code, or for a region that includes it."""
        iso_code = iso_code.upper()
        regions = Region.objects.filter(Q(iso_code=iso_code) | Q(members__iso_code=iso_code)).values("pk")
        return self.filter(region__in=regions)


class RegionalSalary(NaturalKeyModel, SalaryFigure):
    """An annual salary range for a role in a region, in local currency and the stated USD equivalent."""

    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="regional_salaries")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="regional_salaries")
    local_min = models.DecimalField(**MONEY)
    local_max = models.DecimalField(**MONEY)
    usd_min = models.DecimalField(**MONEY, help_text="USD equivalent of the minimum, as the source states it.")
    usd_max = models.DecimalField(**MONEY, help_text="USD equivalent of the maximum, as the source states it.")
    usd_is_approximate = models.BooleanField(
        default=True, help_text="The source gives the USD figures as approximations (“about”, “roughly”)."
    )
    note = models.CharField(max_length=300, blank=True)

    natural_key_lookups = ("role__slug", "region__slug")
    objects = RegionalSalaryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role_id", "-usd_max", "region_id"]
        verbose_name_plural = "regional salaries"
        constraints = [
            models.UniqueConstraint(
                fields=["role", "region"],
                name="regional_salary_unique_region",
                violation_error_code="region",
                violation_error_message="This role already has a salary range for this region; edit that one instead.",
            ),
            non_negative("local_min", prefix="regional_salary", message="The minimum cannot be negative."),
            non_negative("usd_min", prefix="regional_salary", message="The USD minimum cannot be negative."),
            min_lte_max(
                "local_min",
                "local_max",
                name="regional_salary_local_min_lte_max",
                message="The maximum must be at least the minimum.",
            ),
            min_lte_max(
                "usd_min",
                "usd_max",
                name="regional_salary_usd_min_lte_max",
                message="The USD maximum must be at least the USD minimum.",
            ),
        ]
        indexes = [
            # Salary explorer and /api/v1/salaries/ filter and order by the USD bounds.
            models.Index(fields=["usd_min"], name="regional_salary_usd_min_idx"),
            models.Index(fields=["usd_max"], name="regional_salary_usd_max_idx"),
        ]

    def __str__(self):
        return f"{self.role}, {self.region}: {self.currency_id} {self.local_min}–{self.local_max}"


class KeyFacts(NaturalKeyModel, models.Model):
    """The headline figures at the top of a guide, each with its own source."""

    role = models.OneToOneField("roles.Role", on_delete=models.CASCADE, related_name="key_facts")
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    median_pay = models.DecimalField(**MONEY, null=True, blank=True, help_text="Annual median pay.")
    median_pay_source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    pay_range_min = models.DecimalField(**MONEY, null=True, blank=True)
    pay_range_max = models.DecimalField(**MONEY, null=True, blank=True)
    pay_range_max_open_ended = models.BooleanField(default=False, help_text="The maximum is a floor (“$220k+”).")
    pay_range_note = models.CharField(max_length=300, blank=True, help_text="What the range reflects.")
    pay_range_source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    annual_openings = models.PositiveIntegerField(null=True, blank=True)
    annual_openings_approximate = models.BooleanField(default=False, help_text="The source says “about” (≈).")
    annual_openings_source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    typical_education = models.TextField(blank=True)
    typical_education_source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    natural_key_lookups = ("role__slug",)
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "key facts"
        verbose_name_plural = "key facts"
        constraints = [
            non_negative("median_pay", prefix="key_facts", message="The median pay cannot be negative."),
            non_negative(
                "pay_range_min", prefix="key_facts", message="The bottom of the pay range cannot be negative."
            ),
            min_lte_max(
                "pay_range_min",
                "pay_range_max",
                name="key_facts_pay_range_min_lte_max",
                message="The top of the pay range must be at least the bottom.",
            ),
            models.CheckConstraint(
                condition=Q(median_pay__isnull=True) | Q(median_pay_source__isnull=False),
                name="key_facts_median_pay_has_source",
                violation_error_code="median_pay_source",
                violation_error_message="Choose the source of the median pay.",
            ),
            models.CheckConstraint(
                condition=Q(pay_range_min__isnull=True, pay_range_max__isnull=True) | Q(pay_range_source__isnull=False),
                name="key_facts_pay_range_has_source",
                violation_error_code="pay_range_source",
                violation_error_message="Choose the source of the pay range.",
            ),
            models.CheckConstraint(
                condition=Q(annual_openings__isnull=True) | Q(annual_openings_source__isnull=False),
                name="key_facts_openings_has_source",
                violation_error_code="annual_openings_source",
                violation_error_message="Choose the source of the annual openings.",
            ),
        ]

    def __str__(self):
        return f"Key facts: {self.role}"


class GrowthProjection(NaturalKeyModel, models.Model):
    """Projected employment growth. A role may have several, from different sources; one is the headline."""

    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="growth_projections")
    pct_min = models.DecimalField(max_digits=5, decimal_places=2, help_text="Growth in percent (lower bound).")
    pct_max = models.DecimalField(
        max_digits=5, decimal_places=2, help_text="Upper bound; the same as the lower bound for a single figure."
    )
    period_start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    period_end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    horizon_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For a projection over “the next N years” with no fixed start."
    )
    comparison = models.CharField(
        max_length=200, blank=True, help_text="How the source compares it with all occupations."
    )
    occupation = models.CharField(max_length=200, blank=True, help_text="Occupation the projection covers.")
    is_headline = models.BooleanField(default=False, help_text="Shown in the key facts; one per role.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")

    # A projection has no position in the guide: it is what one source projects for one period.
    natural_key_lookups = (
        "role__slug",
        "source__publisher",
        "source__title",
        "source__as_of",
        "period_start_year",
        "period_end_year",
        "horizon_years",
    )
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role_id", "-is_headline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["role"],
                condition=Q(is_headline=True),
                name="growth_projection_one_headline_per_role",
                violation_error_code="is_headline",
                violation_error_message="This role already has a headline projection; untick it there first.",
            ),
            min_lte_max(
                "pct_min",
                "pct_max",
                name="growth_projection_pct_min_lte_max",
                message="The upper bound must be at least the lower bound.",
            ),
            min_lte_max(
                "period_start_year",
                "period_end_year",
                name="growth_projection_period_start_lte_end",
                message="The period must end after it starts.",
            ),
        ]
        indexes = [
            # Role lists filter and order by headline growth (min_growth_pct, ordering=growth).
            models.Index(fields=["is_headline", "pct_min"], name="growth_headline_pct_idx"),
        ]

    def __str__(self):
        return f"{self.role}: {self.pct_display}"

    @property
    def pct_display(self) -> str:
        """“16%”, or “10–12%” for a range."""
        return format_percent_range(self.pct_min, self.pct_max)

    @property
    def period_display(self) -> str:
        """“2022–2032”, “the next 5 years”, or empty when the source gives no period."""
        if self.period_start_year is not None and self.period_end_year is not None:
            return f"{self.period_start_year}–{self.period_end_year}"
        if self.horizon_years is not None:
            return f"the next {self.horizon_years} years"
        return ""


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
