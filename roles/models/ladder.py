"""A role's career ladder: its levels and what each level focuses on."""

from django.db import models
from django.db.models import Case, F, FilteredRelation, Prefetch, Q, Subquery, When
from django.urls import reverse
from simple_history.models import HistoricalRecords

from careerguide.constraints import min_lte_max
from careerguide.formatting import format_year_range
from careerguide.natural_keys import NaturalKeyModel, NaturalKeyQuerySet
from careerguide.publishing import public_condition
from salaries.models import HOURS_PER_YEAR, MONEY, PayPeriod, Region

from .pay import LevelSalary


class CareerLevelQuerySet(NaturalKeyQuerySet):
    def published(self):
        """Levels of public roles (the rule of `careerguide.publishing`; joins the role)."""
        return self.filter(public_condition("role__"))

    def of_role(self, role_slug: str):
        """Levels of the role with this slug (joins the role; no extra query)."""
        return self.filter(role__slug=role_slug)

    def with_us_salary(self):
        """Annotate `us_median`, `us_average` and `us_pay_period`: the level's United States pay (and
        `us_median_yearly`, the median as a yearly figure, to order by).

        One LEFT JOIN to the level's US salary (a level has at most one salary per region, and one
        region has the code US), so ordering every level by pay (`/api/v1/levels/?ordering=salary`)
        sorts joined rows: a correlated subquery per level took ~1.9 s at 60,000 levels.
        """
        # The US region's id comes from an uncorrelated subquery, evaluated once per query.
        united_states = Region.objects.filter(iso_code="US").values("pk")[:1]
        return self.annotate(
            us_salary=FilteredRelation("salaries", condition=Q(salaries__region=Subquery(united_states))),
            us_median=F("us_salary__median"),
            us_average=F("us_salary__average"),
            us_pay_period=F("us_salary__pay_period"),
            # For ordering by pay: an hourly median as its yearly equivalent (BLS's 2,080 hours).
            us_median_yearly=Case(
                When(us_salary__pay_period=PayPeriod.HOUR, then=F("us_salary__median") * HOURS_PER_YEAR),
                default=F("us_salary__median"),
                output_field=models.DecimalField(**MONEY),
            ),
        )

    def for_ladder(self):
        """Levels with their role, focus areas and salaries (1 query + 2 prefetches), in ladder order."""
        return (
            self.select_related("role", "same_as_role")
            .prefetch_related(
                "focus_areas",
                Prefetch("salaries", queryset=LevelSalary.objects.select_related("region", "currency", "source")),
            )
            .order_by("role__title", "order")
        )

    def for_sitemap(self):
        """Levels with their role joined (for the address), role by role in ladder order (one query)."""
        return self.select_related("role").order_by("role__title", "order", "pk")


class CareerLevel(NaturalKeyModel, models.Model):
    """One rung of a role's career ladder, e.g. Senior Technical Manager."""

    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="levels")
    order = models.PositiveSmallIntegerField(help_text="Position on the ladder, 1 for the first rung.")
    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120)
    years_total_min = models.PositiveSmallIntegerField(help_text="Minimum total years of experience.")
    years_total_max = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Maximum total years; leave empty for open-ended (“20+”)."
    )
    years_in_role_min = models.PositiveSmallIntegerField(help_text="Typical minimum years spent at this level.")
    years_in_role_max = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Typical maximum years at this level; empty for open-ended (“5+”)."
    )
    scope = models.TextField(help_text="What someone at this level is responsible for.")
    same_as_role = models.ForeignKey(
        "roles.Role",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ladder_levels",
        help_text="The role with the same name, when one exists (e.g. Technical Director).",
    )

    natural_key_lookups = ("role__slug", "slug")
    objects = CareerLevelQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role_id", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "order"],
                name="career_level_unique_order",
                violation_error_code="order",
                violation_error_message="Another level of this role already has this position on the ladder.",
            ),
            models.UniqueConstraint(
                fields=["role", "slug"],
                name="career_level_unique_slug",
                violation_error_code="slug",
                violation_error_message="Another level of this role already uses this slug.",
            ),
            min_lte_max(
                "years_total_min",
                "years_total_max",
                name="career_level_years_total_min_lte_max",
                message="The maximum total years must be at least the minimum (leave it empty for open-ended).",
            ),
            min_lte_max(
                "years_in_role_min",
                "years_in_role_max",
                name="career_level_years_in_role_min_lte_max",
                message="The maximum years at this level must be at least the minimum (leave it empty for open-ended).",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.role})"

    def get_absolute_url(self):
        return reverse("roles:level", args=[self.role.slug, self.slug])

    @property
    def years_total_display(self) -> str:
        """“3–5”, or “20+” when open-ended."""
        return format_year_range(self.years_total_min, self.years_total_max)

    @property
    def years_in_role_display(self) -> str:
        return format_year_range(self.years_in_role_min, self.years_in_role_max)


class FocusArea(NaturalKeyModel, models.Model):
    """Something to develop while at a ladder level to be ready for the next."""

    level = models.ForeignKey("roles.CareerLevel", on_delete=models.CASCADE, related_name="focus_areas")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)

    natural_key_lookups = ("level__role__slug", "level__slug", "order")
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["level_id", "order", "pk"]

    def __str__(self):
        return self.text
