"""Role guides: what a role is, its career ladder, skills, tools, education and outlook.

Every figure that could be challenged points at a `Source`. Sources and the money and market
figures live in the `salaries` app, below this one: a guide is built on top of its figures, so
this module imports `salaries.models` and never the other way round.
"""

import operator
from functools import reduce

from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models import Case, Count, Exists, F, FilteredRelation, OuterRef, Prefetch, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from careerguide.constraints import min_lte_max, non_negative
from careerguide.formatting import format_money, format_year_range
from careerguide.natural_keys import NaturalKeyModel, NaturalKeyQuerySet
from careerguide.publishing import PublishableQuerySet, is_public_now, public_condition
from careerguide.search import ranked_search
from salaries.models import Currency, GrowthProjection, LevelSalary, Region, RegionalSalary, Source

# Prefix of the slug of every row `manage.py generate_synthetic_data` writes (roles and the shared skills,
# tools, certifications and countries they use; a source, which has no slug, carries it in its publisher
# abbreviation): the one rule that tells generated test data from real guides. Real content never uses
# it, so `--purge` can remove exactly those rows.
SYNTHETIC_PREFIX = "synthetic-"


class RoleQuerySet(NaturalKeyQuerySet, PublishableQuerySet):
    """`published()`, `scheduled()` and `drafts()` come from `PublishableQuerySet`."""

    def synthetic(self):
        """Roles generated as test data by `generate_synthetic_data` (slug starts with `SYNTHETIC_PREFIX`)."""
        return self.filter(slug__startswith=SYNTHETIC_PREFIX)

    def search(self, text: str):
        """Roles matching `text`, best first (see `careerguide.search`): on PostgreSQL by the weighted text
        of title (first), summary and skill names, then the prose, or a title within typo distance; on
        SQLite by title, summary, description or a skill name containing it. One query; skill matches
        use a subquery, so no role appears twice.
        """
        skill_matches = RoleSkill.objects.filter(skill__name__icontains=text.strip()).values("role_id")
        return ranked_search(
            self,
            text,
            vector="search_index__document",
            similar="search_index__title",
            order="title",
            contains=["title", "summary", "description"],
            extra=None if connections[self.db].vendor == "postgresql" else Q(pk__in=skill_matches),
        )

    def needing_skill(self, skill):
        """Roles that list `skill` (a Skill or its pk), without duplicates."""
        return self.filter(pk__in=RoleSkill.objects.filter(skill=skill).values("role_id"))

    def needing_skill_category(self, category: str):
        """Roles that list at least one skill of `category` (a `Skill.Category` value), without duplicates."""
        return self.filter(pk__in=RoleSkill.objects.filter(skill__category=category).values("role_id"))

    def best_paid(self):
        """Roles with a known headline median in USD, highest first (one query, see `with_headline_figures`)."""
        return (
            self.with_headline_figures().filter(median_pay_usd__isnull=False).order_by("-median_pay_usd", "title", "pk")
        )

    def for_picker(self, limit: int = 50):
        """The title and slug of at most `limit` roles, in title order: the suggestions of a role picker,
        which never lists every role (one query). Readers type any role's title or slug."""
        return self.only("pk", "title", "slug").order_by("title", "pk")[:limit]

    def with_skill_detail(self, skill):
        """Annotate `skill_detail`: what this role's guide says about `skill` (a correlated subquery)."""
        detail = RoleSkill.objects.filter(role=OuterRef("pk"), skill=skill).values("detail")[:1]
        return self.annotate(skill_detail=Subquery(detail))

    def with_headline_figures(self):
        """Join the key facts and annotate `median_pay_usd` and `growth_pct`/`growth_pct_max` (headline growth).

        Still one query: key facts by LEFT JOIN, headline growth by correlated subqueries. Lists,
        filters and ordering by pay or growth all use these annotations.
        """
        headline_growth = GrowthProjection.objects.filter(role=OuterRef("pk"), is_headline=True).order_by()
        return self.select_related("key_facts", "key_facts__currency").annotate(
            median_pay_usd=Case(
                When(key_facts__currency_id="USD", then=F("key_facts__median_pay")),
                output_field=models.DecimalField(max_digits=14, decimal_places=2),
            ),
            growth_pct=Subquery(headline_growth.values("pct_min")[:1]),
            growth_pct_max=Subquery(headline_growth.values("pct_max")[:1]),
        )

    def latest_changes(self):
        """The most recently edited roles first (ties by pk), with their key facts joined: the Atom feed of new
        and updated guides (`roles.feeds`). One query when sliced."""
        return self.select_related("key_facts").order_by("-updated_at", "-pk")

    def last_updated(self):
        """The latest date any of these roles was edited or reviewed (one aggregate query), or None."""
        dates = self.aggregate(edited=models.Max("updated_at"), reviewed=models.Max("guide_reviewed_on"))
        candidates = [d for d in (dates["edited"] and dates["edited"].date(), dates["reviewed"]) if d]
        return max(candidates, default=None)

    def for_comparison(self):
        """Roles side by side: headline figures (1 query) plus skills and US level pay (2 prefetches)."""
        return self.with_headline_figures().prefetch_related(
            Prefetch("role_skills", queryset=RoleSkill.objects.select_related("skill")),
            Prefetch("levels", queryset=CareerLevel.objects.with_us_salary()),
        )

    def holding_guides(self):
        """Roles with a guide of their own, as opposed to the title-only stubs other guides relate to: a
        prose section (`Role.GUIDE_TEXT_FIELDS`) or a row in any guide part (`Role.GUIDE_PARTS`).

        One query, with an EXISTS subquery per part.
        """
        conditions = [~Q(**{name: ""}) for name in self.model.GUIDE_TEXT_FIELDS]
        for name in self.model.GUIDE_PARTS:
            relation = self.model._meta.get_field(name)
            if relation.many_to_many:
                rows = relation.remote_field.through.objects.filter(**{relation.m2m_field_name(): OuterRef("pk")})
            else:
                rows = relation.related_model._base_manager.filter(**{relation.field.name: OuterRef("pk")})
            conditions.append(Q(Exists(rows)))
        return self.filter(reduce(operator.or_, conditions))

    def with_part_counts(self, **parts: tuple[str, dict]):
        """Annotate, for each `name=(relation, lookups)`, how many rows the role has in that guide part (a
        relation in `Role.GUIDE_PARTS`) matching `lookups`, for the editor's section index. Still one
        query, with a counting subquery per part."""
        counts = {}
        for name, (relation_name, lookups) in parts.items():
            relation = self.model._meta.get_field(relation_name)
            if relation.many_to_many:
                owner, rows = relation.m2m_field_name(), relation.remote_field.through.objects
            else:
                owner, rows = relation.field.name, relation.related_model._base_manager
            # Grouped by the owning role, so the subquery yields one count (or no row: 0).
            counted = rows.filter(**{owner: OuterRef("pk")}, **lookups).order_by().values(owner).annotate(n=Count("pk"))
            counts[name] = Coalesce(Subquery(counted.values("n")), 0)
        return self.annotate(**counts)

    def for_assessment(self):
        """What the self-assessment (`roles.assessment`) reads, in a fixed number of queries.

        One query for the role with its key facts and their education source, then one prefetch query
        each for: levels (ladder order), their focus areas, their salaries with region, currency and
        source; skills; certifications; education paths with currency and source; regional salaries
        with region, currency and source.
        """
        return self.select_related("key_facts", "key_facts__typical_education_source").prefetch_related(
            Prefetch(
                "levels",
                queryset=CareerLevel.objects.prefetch_related(
                    "focus_areas",
                    Prefetch("salaries", queryset=LevelSalary.objects.select_related("region", "currency", "source")),
                ),
            ),
            Prefetch("role_skills", queryset=RoleSkill.objects.select_related("skill")),
            "certifications",
            Prefetch("education_paths", queryset=EducationPath.objects.select_related("currency", "source")),
            Prefetch(
                "regional_salaries",
                queryset=RegionalSalary.objects.select_related("region", "currency", "source").order_by(
                    "-usd_max", "region__name"
                ),
            ),
        )

    def for_job_description(self):
        """`for_assessment()` plus what a job description adds: responsibilities and tools with their
        category (two more prefetch queries)."""
        return self.for_assessment().prefetch_related(
            "responsibilities", Prefetch("tools", queryset=Tool.objects.select_related("category"))
        )

    def for_guide_page(self):
        """Everything a full guide shows, in a fixed number of queries whatever the amount of content.

        One query for the role with its key facts and their sources, then one prefetch query each
        for: levels, their focus areas, their salaries; skills; responsibilities; tools;
        certifications; education paths; entry timelines; entry steps; top industries; market
        insights; specialisations; pros and cons; FAQ; visa routes; data notes; regional salaries;
        growth projections; related roles.
        """
        return (
            self.with_headline_figures()
            .select_related(
                "key_facts__median_pay_source",
                "key_facts__pay_range_source",
                "key_facts__annual_openings_source",
                "key_facts__typical_education_source",
            )
            .prefetch_related(
                Prefetch(
                    "levels",
                    queryset=CareerLevel.objects.select_related("same_as_role").prefetch_related(
                        "focus_areas",
                        Prefetch(
                            "salaries", queryset=LevelSalary.objects.select_related("region", "currency", "source")
                        ),
                    ),
                ),
                Prefetch("role_skills", queryset=RoleSkill.objects.select_related("skill")),
                "responsibilities",
                Prefetch("tools", queryset=Tool.objects.select_related("category")),
                "certifications",
                Prefetch("education_paths", queryset=EducationPath.objects.select_related("currency", "source")),
                "entry_timelines",
                "entry_steps",
                "top_industries",
                Prefetch("market_insights", queryset=MarketInsight.objects.select_related("source")),
                "specializations",
                "pros_cons",
                "faqs",
                Prefetch("visa_routes", queryset=VisaRoute.objects.select_related("country")),
                "data_notes",
                Prefetch(
                    "regional_salaries",
                    queryset=RegionalSalary.objects.select_related("region", "currency", "source").order_by(
                        "-usd_max", "region__name"
                    ),
                ),
                Prefetch("growth_projections", queryset=GrowthProjection.objects.select_related("source")),
                Prefetch("relations", queryset=RoleRelation.objects.select_related("to_role")),
            )
        )


class Role(NaturalKeyModel, models.Model):
    """A career, e.g. Technical Manager. A role may be a full guide or just a name other guides relate to."""

    title = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True, help_text="Used in the address of the role's pages.")
    summary = models.TextField(blank=True, help_text="One or two sentences shown in lists and search results.")
    description = models.TextField(blank=True, help_text="What the role is and how it differs from neighbouring roles.")
    work_environment = models.TextField(blank=True, help_text="Where and how people in the role work.")
    skills_overview = models.TextField(
        blank=True, help_text="How skill requirements vary with employer, seniority and time."
    )
    how_to_become = models.TextField(blank=True, help_text="Routes into the role.")
    education_overview = models.TextField(blank=True, help_text="How degrees, bootcamps and self-study compare.")
    compensation_overview = models.TextField(blank=True, help_text="What drives pay: location, experience, packages.")
    career_path_overview = models.TextField(blank=True, help_text="How careers progress, including lateral moves.")
    global_overview = models.TextField(blank=True, help_text="International demand and what differs between countries.")
    remote_work = models.TextField(
        blank=True, help_text="Prospects and practicalities of remote and cross-border work."
    )
    visa_overview = models.TextField(blank=True, help_text="General requirements and timelines for work visas.")
    market_overview = models.TextField(blank=True, help_text="Introduction to the current market reality section.")
    specializations_overview = models.TextField(
        blank=True, help_text="Why emerging specialisations matter for this role."
    )
    reference_occupation = models.CharField(
        max_length=200,
        blank=True,
        help_text="Official occupation whose statistics the guide uses for this role, if any.",
    )
    soc_code = models.CharField(max_length=10, blank=True, help_text="SOC code of that occupation, e.g. 11-3021.")
    related_roles = models.ManyToManyField(
        "self", through="RoleRelation", symmetrical=False, related_name="related_from", blank=True
    )
    skills = models.ManyToManyField("Skill", through="RoleSkill", related_name="roles", blank=True)
    tools = models.ManyToManyField("Tool", related_name="roles", blank=True)
    certifications = models.ManyToManyField("Certification", related_name="roles", blank=True)
    is_published = models.BooleanField(
        default=False, db_index=True, help_text="Only published roles appear on public pages and in the API."
    )
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Optional: keep a published role hidden until this moment."
    )
    guide_reviewed_on = models.DateField(
        null=True, blank=True, help_text="When an editor last checked this guide against its sources."
    )
    imported_from = models.CharField(
        max_length=255,
        blank=True,
        help_text="File the guide was imported from. Imported prose is the source's own wording: "
        "rewrite it in our words before publishing, then clear this field.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What makes a role a guide rather than a stub (`RoleQuerySet.holding_guides`, the guide fixtures):
    # its prose sections, and the rows it owns through these relations.
    GUIDE_TEXT_FIELDS = (
        "description",
        "work_environment",
        "skills_overview",
        "how_to_become",
        "education_overview",
        "compensation_overview",
        "career_path_overview",
        "global_overview",
        "remote_work",
        "visa_overview",
        "market_overview",
        "specializations_overview",
    )
    GUIDE_PARTS = (
        "key_facts",
        "growth_projections",
        "relations",
        "responsibilities",
        "role_skills",
        "tools",
        "certifications",
        "levels",
        "regional_salaries",
        "education_paths",
        "entry_timelines",
        "entry_steps",
        "top_industries",
        "market_insights",
        "specializations",
        "pros_cons",
        "faqs",
        "visa_routes",
        "data_notes",
    )

    natural_key_lookups = ("slug",)
    objects = RoleQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[tools, certifications])

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roles:detail", args=[self.slug])

    @property
    def is_public(self) -> bool:
        """Same rule as `RoleQuerySet.published()`, for an instance already loaded."""
        return is_public_now(self.is_published, self.published_at)

    # The guide's parts, computed once for the page, the API and the admin. Each works on what
    # `RoleQuerySet.for_guide_page()` or `for_comparison()` prefetched, and then runs no query.

    @property
    def headline_growth(self):
        """The headline `GrowthProjection` (shown in the key facts), or None."""
        return next((projection for projection in self.growth_projections.all() if projection.is_headline), None)

    @property
    def skill_list(self) -> list:
        """The role's skills (`Skill` objects) in the guide's order."""
        return [link.skill for link in self.role_skills.all()]

    def skills_by_category(self) -> dict[str, list]:
        """The role's skill links (`RoleSkill`, with the role-specific detail) for every `Skill.Category`
        value, in the guide's order; a category the role does not use has an empty list."""
        grouped = {category.value: [] for category in Skill.Category}
        for link in self.role_skills.all():
            grouped[link.skill.category].append(link)
        return grouped

    def pros_and_cons(self) -> dict[str, list]:
        """`ProCon` rows for every `ProCon.Kind` value ("pro", "con"), in the guide's order."""
        grouped = {kind.value: [] for kind in ProCon.Kind}
        for item in self.pros_cons.all():
            grouped[item.kind].append(item)
        return grouped


class RoleSearchIndex(models.Model):
    """A role's weighted full-text search document, written by PostgreSQL triggers (roles migrations 0006
    and 0007), never by Python: title weighted A, summary and skill names with the role's examples B, the
    prose C without word positions, and a copy of the title for trigram (typo) matching.

    A table of its own, so the role's history and exports never carry it. Both match conditions live in
    this one table so PostgreSQL can combine their GIN indexes (a bitmap OR) instead of scanning every role.
    SQLite has no rows here; its search (`careerguide.search`) does not use them.
    """

    # Deleted by the database with its role: the triggers may rewrite it while the role is being deleted.
    role = models.OneToOneField(Role, primary_key=True, on_delete=models.DB_CASCADE, related_name="search_index")
    document = SearchVectorField(null=True)
    title = models.CharField(max_length=120, blank=True, default="")

    class Meta:
        verbose_name_plural = "role search index"

    def __str__(self):
        return f"Search document of role {self.role_id}"


class RoleRelation(NaturalKeyModel, models.Model):
    """A related career shown at the end of a guide."""

    from_role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="relations")
    to_role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="inbound_relations")
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


class CareerLevelQuerySet(NaturalKeyQuerySet):
    def published(self):
        """Levels of public roles (subquery on `RoleQuerySet.published`)."""
        return self.filter(role__in=Role.objects.published())

    def of_role(self, role_slug: str):
        """Levels of the role with this slug (joins the role; no extra query)."""
        return self.filter(role__slug=role_slug)

    def with_us_salary(self):
        """Annotate `us_median` and `us_average`: the level's United States pay.

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

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="levels")
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
        Role,
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

    level = models.ForeignKey(CareerLevel, on_delete=models.CASCADE, related_name="focus_areas")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)

    natural_key_lookups = ("level__role__slug", "level__slug", "order")
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["level_id", "order", "pk"]

    def __str__(self):
        return self.text


class SkillQuerySet(NaturalKeyQuerySet):
    def with_role_count(self):
        """Annotate `role_count`: how many public roles list the skill.

        One LEFT JOIN through the skill links to their roles, grouped by skill, so filtering and
        ordering by the count reuse the same aggregate (a correlated subquery would run once per
        skill for each use). GROUP BY queries ignore `Meta.ordering`: callers order explicitly.
        """
        return self.annotate(
            role_count=models.Count("role_skills", filter=public_condition("role_skills__role__"))
        ).order_by("name", "pk")

    def listed_by_public_roles(self):
        """Skills at least one public role lists, by name: a semi-join that stops at the first link, for
        callers that need no count (the sitemap; counting through GROUP BY took ~100 ms at 10,000 roles)."""
        links = RoleSkill.objects.filter(public_condition("role__"), skill=OuterRef("pk"))
        return self.filter(Exists(links)).order_by("name", "pk")

    def most_needed(self):
        """Skills at least one public role lists, most-listed first (one query, see `with_role_count`)."""
        return self.with_role_count().filter(role_count__gt=0).order_by("-role_count", "name", "pk")

    def for_taxonomy(self):
        """Every skill with its `role_count`, grouped by category then name (one query)."""
        return self.with_role_count().order_by("category", "name", "pk")

    def search(self, text: str):
        """Skills matching `text`, best first (see `careerguide.search`): a name containing it or within typo
        distance of it, a description containing it, or a role's examples for the skill within typo distance
        ("kubernets" finds "DevOps Principles and Tools", whose examples name Kubernetes). One query."""
        words = text.strip()
        if connections[self.db].vendor == "postgresql":
            in_examples = RoleSkill.objects.filter(detail__trigram_word_similar=words)
        else:
            in_examples = RoleSkill.objects.filter(detail__icontains=words)
        extra = Q(name__icontains=words) | Q(description__icontains=words) | Q(pk__in=in_examples.values("skill_id"))
        return ranked_search(self, text, vector=None, similar="name", contains=["name", "description"], extra=extra)

    def with_public_roles(self):
        """Prefetch `public_roles`: the published roles that list each skill, with headline figures (1 query)."""
        return self.prefetch_related(
            Prefetch("roles", queryset=Role.objects.published().with_headline_figures(), to_attr="public_roles")
        )


class Skill(NaturalKeyModel, models.Model):
    """A skill in the shared taxonomy, attached to any number of roles."""

    class Category(models.TextChoices):
        TECHNICAL = "technical", "Technical"
        SOFT = "soft", "Soft"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    category = models.CharField(max_length=10, choices=Category.choices, db_index=True)
    description = models.TextField(blank=True, help_text="What the skill covers, independent of any one role.")

    natural_key_lookups = ("slug",)
    objects = SkillQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("roles:skill-detail", args=[self.slug])


class RoleSkill(NaturalKeyModel, models.Model):
    """A skill a role needs, with role-specific detail (“e.g. Python, Java, Go, C#”)."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="role_skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="role_skills")
    order = models.PositiveSmallIntegerField(default=0)
    detail = models.CharField(
        max_length=300, blank=True, help_text="Examples or emphasis specific to this role, e.g. named methods or tools."
    )

    natural_key_lookups = ("role__slug", "skill__slug")
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "skill"],
                name="role_skill_unique",
                violation_error_code="skill",
                violation_error_message="This skill is already listed for the role.",
            )
        ]

    def __str__(self):
        return f"{self.role}: {self.skill}"


class Responsibility(NaturalKeyModel, models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="responsibilities")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    natural_key_lookups = ("role__slug", "order")
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role_id", "order", "pk"]
        verbose_name_plural = "responsibilities"

    def __str__(self):
        return self.text[:80]


class ToolCategory(NaturalKeyModel, models.Model):
    """What a tool is used for, e.g. project management or version control."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(max_length=300, blank=True)

    natural_key_lookups = ("slug",)
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "tool categories"

    def __str__(self):
        return self.name


class Tool(NaturalKeyModel, models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    category = models.ForeignKey(ToolCategory, on_delete=models.PROTECT, related_name="tools")

    natural_key_lookups = ("slug",)
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["category__order", "name", "pk"]

    def __str__(self):
        return self.name


class Certification(NaturalKeyModel, models.Model):
    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    abbreviation = models.CharField(max_length=20, blank=True)
    area = models.CharField(
        max_length=100, blank=True, help_text="Field the certification covers, e.g. project management."
    )
    description = models.TextField(blank=True)

    natural_key_lookups = ("slug",)
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class EducationPath(NaturalKeyModel, models.Model):
    """A way to gain the education a role needs, with its typical cost and duration."""

    class Kind(models.TextChoices):
        DEGREE = "degree", "Degree"
        POSTGRADUATE = "postgraduate", "Postgraduate degree"
        BOOTCAMP = "bootcamp", "Bootcamp"
        CERTIFICATION = "certification", "Certification"
        SELF_STUDY = "self_study", "Self-study"

    class DurationUnit(models.TextChoices):
        WEEKS = "weeks", "weeks"
        MONTHS = "months", "months"
        YEARS = "years", "years"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="education_paths")
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

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="top_industries")
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

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="entry_steps")
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

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="entry_timelines")
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

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="market_insights")
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
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="specializations")
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

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="pros_cons")
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
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="faqs")
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

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="visa_routes")
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

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="data_notes")
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
