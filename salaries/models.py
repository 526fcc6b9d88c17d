"""Money and market figures: currencies, regions, pay by ladder level and by region, key facts.

Amounts are `Decimal` in the currency named next to them; every figure carries its `Source`.
"""

from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from simple_history.models import HistoricalRecords


def _non_negative(field: str, prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}), name=f"{prefix}_{field}_gte_0"
    )


def _min_lte_max(low: str, high: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{low}__isnull": True}) | Q(**{f"{high}__isnull": True}) | Q(**{f"{low}__lte": F(high)}),
        name=name,
    )


MONEY = {"max_digits": 14, "decimal_places": 2}


class Currency(models.Model):
    """An ISO 4217 currency."""

    code = models.CharField(primary_key=True, max_length=3, help_text="ISO 4217 code in capitals, e.g. EUR.")
    name = models.CharField(max_length=80)
    symbol = models.CharField(max_length=5, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "currencies"
        constraints = [models.CheckConstraint(condition=Q(code__regex=r"^[A-Z]{3}$"), name="currency_code_iso_4217")]

    def __str__(self):
        return self.code


class RegionQuerySet(models.QuerySet):
    def for_listing(self):
        """Regions in name order with their member countries (1 query + 1 prefetch)."""
        return self.prefetch_related("members").order_by("name", "pk")


class Region(models.Model):
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

    objects = RegionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["iso_code"], condition=~Q(iso_code=""), name="region_unique_iso_code"),
            models.CheckConstraint(
                condition=Q(kind="country", iso_code__regex=r"^[A-Z]{2}$") | Q(kind="region", iso_code=""),
                name="region_country_has_iso_code",
            ),
        ]

    def __str__(self):
        return self.name


class SalaryFigure(models.Model):
    """Shared shape of every salary row: its currency and where the figure comes from."""

    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    source = models.ForeignKey("roles.Source", on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class LevelSalary(SalaryFigure):
    """Annual pay at one career-ladder level in one region (the guide gives US median and average)."""

    level = models.ForeignKey("roles.CareerLevel", on_delete=models.CASCADE, related_name="salaries")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="level_salaries")
    median = models.DecimalField(**MONEY, null=True, blank=True)
    average = models.DecimalField(**MONEY, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["level_id", "region_id"]
        verbose_name_plural = "level salaries"
        constraints = [
            models.UniqueConstraint(fields=["level", "region"], name="level_salary_unique_region"),
            _non_negative("median", "level_salary"),
            _non_negative("average", "level_salary"),
            models.CheckConstraint(
                condition=Q(median__isnull=False) | Q(average__isnull=False), name="level_salary_has_figure"
            ),
        ]

    def __str__(self):
        return f"{self.level.title}, {self.region}"


class RegionalSalaryQuerySet(models.QuerySet):
    def published(self):
        """Ranges whose role is public (see `RoleQuerySet.published`); a subquery, not a join."""
        from roles.models import Role

        return self.filter(role__in=Role.objects.published())

    def for_listing(self):
        """Join what a salary table shows: role, region, currency and source (one query)."""
        return self.select_related("role", "region", "currency", "source").order_by("-usd_max", "region__name", "pk")

    def in_country(self, iso_code: str):
        """Ranges for the country with this ISO 3166-1 alpha-2 code, or for a region that includes it."""
        iso_code = iso_code.upper()
        regions = Region.objects.filter(Q(iso_code=iso_code) | Q(members__iso_code=iso_code)).values("pk")
        return self.filter(region__in=regions)


class RegionalSalary(SalaryFigure):
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

    objects = RegionalSalaryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role_id", "-usd_max", "region_id"]
        verbose_name_plural = "regional salaries"
        constraints = [
            models.UniqueConstraint(fields=["role", "region"], name="regional_salary_unique_region"),
            _non_negative("local_min", "regional_salary"),
            _non_negative("usd_min", "regional_salary"),
            _min_lte_max("local_min", "local_max", "regional_salary_local_min_lte_max"),
            _min_lte_max("usd_min", "usd_max", "regional_salary_usd_min_lte_max"),
        ]
        indexes = [
            # Salary explorer and /api/v1/salaries/ filter and order by the USD bounds.
            models.Index(fields=["usd_min"], name="regional_salary_usd_min_idx"),
            models.Index(fields=["usd_max"], name="regional_salary_usd_max_idx"),
        ]

    def __str__(self):
        return f"{self.role}, {self.region}: {self.currency_id} {self.local_min}–{self.local_max}"


class KeyFacts(models.Model):
    """The headline figures at the top of a guide, each with its own source."""

    role = models.OneToOneField("roles.Role", on_delete=models.CASCADE, related_name="key_facts")
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    median_pay = models.DecimalField(**MONEY, null=True, blank=True, help_text="Annual median pay.")
    median_pay_source = models.ForeignKey(
        "roles.Source", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pay_range_min = models.DecimalField(**MONEY, null=True, blank=True)
    pay_range_max = models.DecimalField(**MONEY, null=True, blank=True)
    pay_range_max_open_ended = models.BooleanField(default=False, help_text="The maximum is a floor (“$220k+”).")
    pay_range_note = models.CharField(max_length=300, blank=True, help_text="What the range reflects.")
    pay_range_source = models.ForeignKey(
        "roles.Source", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    annual_openings = models.PositiveIntegerField(null=True, blank=True)
    annual_openings_approximate = models.BooleanField(default=False, help_text="The source says “about” (≈).")
    annual_openings_source = models.ForeignKey(
        "roles.Source", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    typical_education = models.TextField(blank=True)
    typical_education_source = models.ForeignKey(
        "roles.Source", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "key facts"
        verbose_name_plural = "key facts"
        constraints = [
            _non_negative("median_pay", "key_facts"),
            _non_negative("pay_range_min", "key_facts"),
            _min_lte_max("pay_range_min", "pay_range_max", "key_facts_pay_range_min_lte_max"),
            models.CheckConstraint(
                condition=Q(median_pay__isnull=True) | Q(median_pay_source__isnull=False),
                name="key_facts_median_pay_has_source",
            ),
            models.CheckConstraint(
                condition=Q(pay_range_min__isnull=True, pay_range_max__isnull=True) | Q(pay_range_source__isnull=False),
                name="key_facts_pay_range_has_source",
            ),
            models.CheckConstraint(
                condition=Q(annual_openings__isnull=True) | Q(annual_openings_source__isnull=False),
                name="key_facts_openings_has_source",
            ),
        ]

    def __str__(self):
        return f"Key facts: {self.role}"


class GrowthProjection(models.Model):
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
    source = models.ForeignKey("roles.Source", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["role_id", "-is_headline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["role"], condition=Q(is_headline=True), name="growth_projection_one_headline_per_role"
            ),
            _min_lte_max("pct_min", "pct_max", "growth_projection_pct_min_lte_max"),
            _min_lte_max("period_start_year", "period_end_year", "growth_projection_period_start_lte_end"),
        ]
        indexes = [
            # Role lists filter and order by headline growth (min_growth_pct, ordering=growth).
            models.Index(fields=["is_headline", "pct_min"], name="growth_headline_pct_idx"),
        ]

    def __str__(self):
        return f"{self.role}: {self.pct_display}"

    @property
    def pct_display(self) -> str:
        low, high = self.pct_min.normalize(), self.pct_max.normalize()
        return f"{low:f}%" if low == high else f"{low:f}–{high:f}%"


class ExchangeRateQuerySet(models.QuerySet):
    def latest_per_currency(self):
        """The newest rate of each currency with its currency and source, by currency code (one query).

        A correlated subquery picks each currency's latest `as_of`, so older rates never leave the database.
        """
        newest = ExchangeRate.objects.filter(currency=OuterRef("currency")).order_by("-as_of").values("as_of")[:1]
        return self.filter(as_of=Subquery(newest)).select_related("currency", "source").order_by("currency_id")


class ExchangeRate(models.Model):
    """How many US dollars one unit of a currency was worth on a date, and who says so."""

    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="exchange_rates")
    usd_per_unit = models.DecimalField(max_digits=18, decimal_places=8)
    as_of = models.DateField()
    source = models.ForeignKey("roles.Source", on_delete=models.PROTECT, related_name="+")

    objects = ExchangeRateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["currency_id", "-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "as_of"], name="exchange_rate_unique_date"),
            models.CheckConstraint(condition=Q(usd_per_unit__gt=0), name="exchange_rate_positive"),
        ]

    def __str__(self):
        return f"1 {self.currency_id} = {self.usd_per_unit} USD ({self.as_of})"

    @property
    def as_of_display(self) -> str:
        """The rate's date as precisely as its source dates it (a rate derived from a yearly source shows “2025”)."""
        from roles.models import Source, format_reference_date

        return format_reference_date(self.as_of, self.source.as_of_precision or Source.Precision.DAY)
