"""The sections of a guide that are lists of rows: related careers, education, routes in, industries,
the market, specialisations, pros and cons, FAQ, visas and data notes."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from careerguide.constraints import min_lte_max, non_negative
from careerguide.formatting import format_money, format_year_range
from careerguide.natural_keys import NaturalKeyModel, NaturalKeyQuerySet
from salaries.models import Currency, Region, Source


class RoleRelation(NaturalKeyModel, models.Model):
    """A related career shown at the end of a guide."""

    from_role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="relations")
    to_role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="inbound_relations")
    order = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(max_length=300, blank=True, help_text="Why the roles are related.")

    natural_key_lookups = ("from_role__slug", "to_role__slug")
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["from_role_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_role", "to_role"],
                name="role_relation_unique",
                violation_error_code="to_role",
                violation_error_message="This related role is already listed.",
            ),
            models.CheckConstraint(
                condition=~Q(from_role=F("to_role")),
                name="role_relation_not_self",
                violation_error_code="to_role",
                violation_error_message="A role cannot be related to itself.",
            ),
        ]

    def __str__(self):
        return f"{self.from_role} → {self.to_role}"


class EducationPath(NaturalKeyModel, models.Model):
    """A way to gain the education a role needs, with its typical cost and duration."""

    class Kind(models.TextChoices):
        DEGREE = "degree", "Degree"
        ASSOCIATE = "associate", "Associate degree"
        POSTGRADUATE = "postgraduate", "Postgraduate degree"
        APPRENTICESHIP = "apprenticeship", "Apprenticeship"
        BOOTCAMP = "bootcamp", "Bootcamp"
        CERTIFICATION = "certification", "Certification"
        SELF_STUDY = "self_study", "Self-study"

    class DurationUnit(models.TextChoices):
        WEEKS = "weeks", "weeks"
        MONTHS = "months", "months"
        YEARS = "years", "years"

    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="education_paths")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=150)
    fields_of_study = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    cost_min = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True, help_text="0 for free.")
    cost_max = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    cost_max_open_ended = models.BooleanField(
        default=False, help_text="Tick when the maximum is a floor (“$100,000+”)."
    )
    cost_note = models.CharField(max_length=200, blank=True, help_text="What the cost covers or cannot say in numbers.")
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    duration_min = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_max = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_unit = models.CharField(max_length=10, choices=DurationUnit.choices, blank=True)
    duration_note = models.CharField(max_length=200, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    natural_key_lookups = ("role__slug", "order")
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role_id", "order", "pk"]
        constraints = [
            non_negative(
                "cost_min", prefix="education", message="The minimum cost cannot be negative (use 0 for free)."
            ),
            non_negative("cost_max", prefix="education", message="The maximum cost cannot be negative."),
            min_lte_max(
                "cost_min",
                "cost_max",
                name="education_cost_min_lte_max",
                message="The maximum cost must be at least the minimum cost.",
            ),
            min_lte_max(
                "duration_min",
                "duration_max",
                name="education_duration_min_lte_max",
                message="The maximum duration must be at least the minimum.",
            ),
            models.CheckConstraint(
                condition=Q(cost_min__isnull=True, cost_max__isnull=True) | Q(currency__isnull=False),
                name="education_cost_has_currency",
                violation_error_code="currency",
                violation_error_message="Choose the currency the cost is given in.",
            ),
            models.CheckConstraint(
                condition=Q(duration_min__isnull=True, duration_max__isnull=True) | ~Q(duration_unit=""),
                name="education_duration_has_unit",
                violation_error_code="duration_unit",
                violation_error_message="Choose the unit (weeks, months or years) of the duration.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def cost_display(self) -> str:
        """“Free”, “$40,000–$100,000+”, or empty when the guide gives no figure (the cost note may say more)."""
        if self.cost_min is None:
            return ""
        low = "Free" if self.cost_min == 0 else format_money(self.cost_min, self.currency)
        high = ""
        if self.cost_max is not None and self.cost_max != self.cost_min:
            high = f"–{format_money(self.cost_max, self.currency)}"
        return f"{low}{high}{'+' if self.cost_max_open_ended else ''}"

    @property
    def duration_display(self) -> str:
        """“12–24 weeks”, or empty when the guide gives no figure (the duration note may say more)."""
        if self.duration_min is None:
            return ""
        span = str(self.duration_min)
        if self.duration_max and self.duration_max != self.duration_min:
            span = f"{self.duration_min}–{self.duration_max}"
        return f"{span} {self.get_duration_unit_display()}"


class TopIndustry(NaturalKeyModel, models.Model):
    """An industry the guide names among those employing the most people in the role."""

    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="top_industries")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=150)
    note = models.CharField(max_length=300, blank=True, help_text="What the guide adds, e.g. a share of jobs.")

    natural_key_lookups = ("role__slug", "order")
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role_id", "order", "pk"]
        verbose_name_plural = "top industries"

    def __str__(self):
        return self.name


class CareerEntryStep(NaturalKeyModel, models.Model):
    """One numbered step of the guide's "How to become" section."""

    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="entry_steps")
    order = models.PositiveSmallIntegerField(help_text="Step number, 1 for the first step.")
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)

    natural_key_lookups = ("role__slug", "order")
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "order"],
                name="career_entry_step_unique_order",
                violation_error_code="order",
                violation_error_message="Another step of this guide already has this number.",
            )
        ]

    def __str__(self):
        return f"Step {self.order}: {self.title}"


class CareerEntryTimeline(NaturalKeyModel, models.Model):
    """How long it typically takes to reach the role along one route."""

    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="entry_timelines")
    order = models.PositiveSmallIntegerField(default=0)
    route = models.CharField(max_length=200)
    years_min = models.PositiveSmallIntegerField()
    years_max = models.PositiveSmallIntegerField()
    description = models.TextField(blank=True)

    natural_key_lookups = ("role__slug", "order")
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role_id", "order", "pk"]
        constraints = [
            min_lte_max(
                "years_min",
                "years_max",
                name="entry_timeline_years_min_lte_max",
                message="The maximum years must be at least the minimum.",
            )
        ]

    def __str__(self):
        return f"{self.route}: {self.years_display} years"

    @property
    def years_display(self) -> str:
        return format_year_range(self.years_min, self.years_max)


class MarketInsight(NaturalKeyModel, models.Model):
    """One point of market commentary: a challenge, an opportunity or a trend."""

    class Kind(models.TextChoices):
        OUTLOOK = "outlook", "Outlook"
        CHALLENGE = "challenge", "Challenge"
        OPPORTUNITY = "opportunity", "Opportunity"
        TREND = "trend", "Trend"

    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="market_insights")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=150, blank=True)
    body = models.TextField()
    source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    natural_key_lookups = ("role__slug", "kind", "order")
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role_id", "kind", "order", "pk"]

    def __str__(self):
        return self.title or self.body[:80]


class Specialization(NaturalKeyModel, models.Model):
    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="specializations")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150)
    description = models.TextField()

    natural_key_lookups = ("role__slug", "slug")
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "slug"],
                name="specialization_unique_slug",
                violation_error_code="slug",
                violation_error_message="Another specialisation of this role already uses this slug.",
            )
        ]

    def __str__(self):
        return self.name


class ProCon(NaturalKeyModel, models.Model):
    class Kind(models.TextChoices):
        PRO = "pro", "Pro"
        CON = "con", "Con"

    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="pros_cons")
    kind = models.CharField(max_length=3, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    natural_key_lookups = ("role__slug", "kind", "order")
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role_id", "kind", "order", "pk"]
        verbose_name = "pro or con"
        verbose_name_plural = "pros and cons"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:70]}"


class FAQ(NaturalKeyModel, models.Model):
    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="faqs")
    order = models.PositiveSmallIntegerField(default=0)
    question = models.CharField(max_length=300)
    answer = models.TextField()

    natural_key_lookups = ("role__slug", "order")
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role_id", "order", "pk"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self):
        return self.question


class VisaRoute(NaturalKeyModel, models.Model):
    """A visa or immigration route people in the role commonly use."""

    class Kind(models.TextChoices):
        SKILLED_WORKER = "skilled_worker", "Skilled worker"
        DIGITAL_NOMAD = "digital_nomad", "Digital nomad"
        INTRA_COMPANY = "intra_company", "Intra-company transfer"
        FAMILY = "family", "Family"

    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="visa_routes")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=150)
    country = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visa_routes",
        help_text="Leave empty for a kind of route offered by many countries.",
    )
    notes = models.TextField(blank=True)

    natural_key_lookups = ("role__slug", "order")
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role_id", "order", "pk"]

    def __str__(self):
        return f"{self.name} ({self.country})" if self.country_id else self.name


class DataNote(NaturalKeyModel, models.Model):
    """An honest note about the source: a section it leaves empty, or figures that disagree."""

    class Kind(models.TextChoices):
        GAP = "gap", "Missing in source"
        CONFLICT = "conflict", "Conflicting figures"

    class Section(models.TextChoices):
        KEY_FACTS = "key_facts", "Key facts"
        EDUCATION = "education", "Education"
        HOW_TO_BECOME = "how_to_become", "How to become"
        SALARY = "salary", "Salary"
        OUTLOOK = "outlook", "Outlook"
        CAREER_LADDER = "career_ladder", "Career ladder"
        GLOBAL = "global", "Global salaries"

    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="data_notes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    section = models.CharField(max_length=20, choices=Section.choices)
    subject = models.CharField(max_length=150, help_text="What is missing or in conflict, e.g. “Top industries”.")
    note = models.TextField(help_text="What the source says (or does not) and how we present it.")

    natural_key_lookups = ("role__slug", "kind", "section", "subject")
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role_id", "section", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"
