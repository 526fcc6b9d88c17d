"""The figures a guide states: key facts, growth projections, pay by ladder level and pay by region.

Amounts are `Decimal` in the currency named next to them; every figure carries its `Source`
(`salaries`, the app of pay statistics below this one).
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connections, models
from django.db.models import BooleanField, Case, F, Func, Q, When
from simple_history.models import HistoricalRecords

from careerguide.constraints import min_lte_max, non_negative
from careerguide.fields import StoredGeneratedField
from careerguide.formatting import format_percent_range
from careerguide.natural_keys import NaturalKeyModel, NaturalKeyQuerySet
from careerguide.publishing import public_condition
from salaries.models import HOURS_PER_YEAR, MONEY, Currency, PaidPer, PayPeriod, Region, Source


def pay_period_field(what: str):
    return models.CharField(
        max_length=4,
        choices=PayPeriod.choices,
        default=PayPeriod.YEAR,
        help_text=f"What {what} per: a year, or an hour when the source states an hourly wage (kept hourly).",
    )


class SalaryFigure(PaidPer, models.Model):
    """Shared shape of every salary row: its currency, its period and where the figure comes from."""

    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    pay_period = pay_period_field("the figures are")

    class Meta:
        abstract = True


class LevelSalary(NaturalKeyModel, SalaryFigure):
    """Pay at one career-ladder level in one region, a year or an hour (the guide gives US median and average)."""

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
    def with_yearly_usd(self):
        """Annotate `usd_min_yearly` and `usd_max_yearly`: the US-dollar bounds as yearly figures (an hourly
        range times BLS's `HOURS_PER_YEAR`), so a filter or an order never compares an hourly range with a
        yearly one. No extra query.

        They are the stored columns `usd_min_per_year` and `usd_max_per_year` under the names the filters
        and orders use: a computed expression could not be served by an index, so at 10,000 roles the
        salary list sorted every range of a country to show its first page."""
        return self.annotate(usd_min_yearly=F("usd_min_per_year"), usd_max_yearly=F("usd_max_per_year"))

    def published(self):
        """Ranges whose role is public (the rule of `careerguide.publishing`; joins the role)."""
        return self.filter(public_condition("role__"))

    def for_listing(self):
        """Join what a salary table shows: role, region, currency and source (one query), highest yearly
        equivalent first (`with_yearly_usd`)."""
        return (
            self.select_related("role", "region", "currency", "source")
            .with_yearly_usd()
            # NULLS LAST as `?ordering=-usd_max` (StableOrderingFilter) sorts, so one index serves both.
            .order_by(F("usd_max_yearly").desc(nulls_last=True), "region__name", "pk")
        )

    def in_country(self, iso_code: str):
        """Ranges for the country with this ISO 3166-1 alpha-2 code, or for a region that includes it (in the
        same query).

        On PostgreSQL the regions are resolved before the ranges are read: `region_id = ANY(ARRAY(SELECT
        ...))` runs the region subquery once, as an InitPlan, and reads the ranges through the region index,
        so only the matching ones are sorted. With `region_id IN (SELECT ...)` the planner could scan and
        sort every range first (at 10,000 roles, 110,508 ranges sorted on disk: 216 ms against 27 ms).
        """
        iso_code = iso_code.upper()
        regions = Region.objects.filter(Q(iso_code=iso_code) | Q(members__iso_code=iso_code)).order_by().values("pk")
        if connections[self.db].vendor != "postgresql":
            return self.filter(region__in=regions)
        in_regions = Func(
            F("region_id"),
            ArraySubquery(regions),
            arg_joiner=" = ANY(",
            template="%(expressions)s)",
            output_field=BooleanField(),
        )
        return self.filter(in_regions)


def yearly_field(field: str, label: str) -> StoredGeneratedField:
    """A column the database computes and stores: `field` as a yearly amount (times `HOURS_PER_YEAR` on an
    hourly row)."""
    return StoredGeneratedField(
        expression=Case(
            When(pay_period=PayPeriod.HOUR, then=F(field) * HOURS_PER_YEAR),
            default=F(field),
            output_field=models.DecimalField(**MONEY),
        ),
        output_field=models.DecimalField(**MONEY),
        db_persist=True,
        help_text=f"The {label} per year (an hourly one times {HOURS_PER_YEAR:,} hours); computed, read-only.",
    )


class RegionalSalary(NaturalKeyModel, SalaryFigure):
    """A salary range for a role in a region (a year or an hour), in local currency and the stated USD equivalent."""

    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="regional_salaries")
    # Indexed with the role below (`regional_salary_region_idx`), which serves what this column's own
    # index would.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="regional_salaries", db_index=False)
    local_min = models.DecimalField(**MONEY)
    local_max = models.DecimalField(**MONEY)
    usd_min = models.DecimalField(**MONEY, help_text="USD equivalent of the minimum, as the source states it.")
    usd_max = models.DecimalField(**MONEY, help_text="USD equivalent of the maximum, as the source states it.")
    usd_is_approximate = models.BooleanField(
        default=True, help_text="The source gives the USD figures as approximations (“about”, “roughly”)."
    )
    note = models.CharField(max_length=300, blank=True)
    usd_min_per_year = yearly_field("usd_min", "USD minimum")
    usd_max_per_year = yearly_field("usd_max", "USD maximum")

    natural_key_lookups = ("role__slug", "region__slug")
    objects = RegionalSalaryQuerySet.as_manager()
    # The yearly columns follow from the others; the history records what editors wrote.
    history = HistoricalRecords(excluded_fields=["usd_min_per_year", "usd_max_per_year"])

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
            # The salary explorer and /api/v1/salaries/ filter and order by the yearly USD bounds
            # (`with_yearly_usd`): `?ordering=usd_min` reads this one in order. Highest maximum first, their
            # default (`for_listing`, `?ordering=-usd_max`), has an index on PostgreSQL only, made by
            # migration 0011 (`regional_salary_usd_max_idx`): it must say DESC NULLS LAST, as the order does,
            # which SQLite cannot write. With it, the first page of `?country=DE` is read in index order
            # rather than sorted from every range of the country.
            models.Index(fields=["usd_min_per_year"], name="regional_salary_usd_min_idx"),
            # The ranges of a country (`in_country`) with their roles, to count the public ones (the
            # paginator's count) from the index alone.
            models.Index(fields=["region", "role"], name="regional_salary_region_idx"),
        ]

    def __str__(self):
        return f"{self.role}, {self.region}: {self.currency_id} {self.local_min}–{self.local_max}"


class KeyFacts(PaidPer, NaturalKeyModel, models.Model):
    """The headline figures at the top of a guide, each with its own source."""

    role = models.OneToOneField("roles.Role", on_delete=models.CASCADE, related_name="key_facts")
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    median_pay = models.DecimalField(**MONEY, null=True, blank=True, help_text="Median pay, per the pay period.")
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
    pay_period = pay_period_field("the median and the range are")
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
