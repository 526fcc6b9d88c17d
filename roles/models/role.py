"""The role: a career guide's own row, its querysets (what each screen loads) and its search document.

The querysets prefetch every part of a guide, so this module sits on top of the others in the package.
"""

import operator
from functools import reduce

from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from careerguide.natural_keys import NaturalKeyModel, NaturalKeyQuerySet
from careerguide.publishing import PublishableQuerySet, is_public_now
from careerguide.search import ranked_search, word_match
from salaries.models import HOURS_PER_YEAR, PayPeriod

from .ladder import CareerLevel
from .parts import GUIDE_TEXT_FIELDS, guide_relations
from .pay import GrowthProjection, LevelSalary, RegionalSalary
from .sections import EducationPath, MarketInsight, ProCon, RoleRelation, VisaRoute
from .skills import RoleSkill, Skill, Tool

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
        """Roles matching `text`, best first (see `careerguide.search`): by the words of the title (first),
        the summary, skill names with the role's examples for them, then the prose, or by a title within
        typo distance. One query (on SQLite, one more to read the titles after a content change); skill
        matches use a subquery, so no role appears twice.
        """

        def in_skills(word):
            # Two subqueries, not one over the join: the skill names are few, the examples many.
            named = RoleSkill.objects.filter(skill__in=Skill.objects.filter(word_match("name", word)))
            in_examples = RoleSkill.objects.filter(word_match("detail", word))
            return Q(pk__in=named.values("role_id")) | Q(pk__in=in_examples.values("role_id"))

        # On PostgreSQL, the search index's copy of the title (kept equal by its trigger) both for typos and to
        # break ties: the ranked order is then worked out on the index's rows alone and only a page of roles
        # is joined. Ordered by the role's title, every match was joined first (at 10,000 roles, "manager":
        # 816 roles with their prose and key facts, for a page of 20).
        title = "search_index__title" if connections[self.db].vendor == "postgresql" else "title"
        return ranked_search(
            self,
            text,
            vector="search_index__document",
            similar=title,
            order=[title],
            words_in=[("title", 1.0), ("summary", 0.4), (in_skills, 0.4), ("description", 0.2)],
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

    def covering_occupation(self, soc_code: str):
        """The roles whose guide is written for the SOC occupation `soc_code`, by title (one query): the
        occupation page's guides and the API's `guides` of an occupation."""
        return self.filter(soc_code=soc_code).order_by("title", "pk")

    def with_skill_detail(self, skill):
        """Annotate `skill_detail`: what this role's guide says about `skill` (a correlated subquery)."""
        detail = RoleSkill.objects.filter(role=OuterRef("pk"), skill=skill).values("detail")[:1]
        return self.annotate(skill_detail=Subquery(detail))

    def with_headline_figures(self):
        """Join the key facts and annotate `median_pay_usd` (yearly: an hourly median times 2,080 hours) and
        `growth_pct`/`growth_pct_max` (headline growth).

        Still one query: key facts by LEFT JOIN, headline growth by correlated subqueries. Lists,
        filters and ordering by pay or growth all use these annotations.
        """
        headline_growth = GrowthProjection.objects.filter(role=OuterRef("pk"), is_headline=True).order_by()
        return self.select_related("key_facts", "key_facts__currency").annotate(
            # Yearly, to compare and order roles: an hourly median at BLS's 2,080 hours (pages say so).
            median_pay_usd=Case(
                When(
                    key_facts__currency_id="USD",
                    key_facts__pay_period=PayPeriod.HOUR,
                    then=F("key_facts__median_pay") * HOURS_PER_YEAR,
                ),
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
            Prefetch("role_skills", queryset=RoleSkill.objects.with_skill_key()),
            Prefetch("levels", queryset=CareerLevel.objects.with_us_salary()),
        )

    def holding_guides(self):
        """Roles with a guide of their own, as opposed to the title-only stubs other guides relate to: a
        prose section (`GUIDE_TEXT_FIELDS`) or a row in any guide part (`guide_relations()`).

        One query, with an EXISTS subquery per part.
        """
        conditions = [~Q(**{name: ""}) for name in GUIDE_TEXT_FIELDS]
        for name in guide_relations():
            relation = self.model._meta.get_field(name)
            if relation.many_to_many:
                rows = relation.remote_field.through.objects.filter(**{relation.m2m_field_name(): OuterRef("pk")})
            else:
                rows = relation.related_model._base_manager.filter(**{relation.field.name: OuterRef("pk")})
            conditions.append(Q(Exists(rows)))
        return self.filter(reduce(operator.or_, conditions))

    def with_part_counts(self, **parts: tuple[str, dict]):
        """Annotate, for each `name=(relation, lookups)`, how many rows the role has in that guide part (a
        relation in `guide_relations()`) matching `lookups`, for the editor's section index. Still one
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
            Prefetch("role_skills", queryset=RoleSkill.objects.with_skill_key()),
            "certifications",
            Prefetch("education_paths", queryset=EducationPath.objects.select_related("currency", "source")),
            Prefetch(
                "regional_salaries",
                queryset=RegionalSalary.objects.select_related("region", "currency", "source")
                .with_yearly_usd()
                .order_by("-usd_max_yearly", "region__name"),
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
                    queryset=RegionalSalary.objects.select_related("region", "currency", "source")
                    .with_yearly_usd()
                    .order_by("-usd_max_yearly", "region__name"),
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
    tools_overview = models.TextField(
        blank=True, help_text="The guide's prose on tools and technologies; the tools themselves are linked below."
    )
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
    pros_cons_overview = models.TextField(blank=True, help_text="Introduction to the pros and cons.")
    faq_overview = models.TextField(blank=True, help_text="Introduction to the frequently asked questions.")
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

    natural_key_lookups = ("slug",)
    objects = RoleQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[tools, certifications])

    class Meta:
        ordering = ["title", "pk"]
        indexes = [
            # `published()` joined from lists of a role's rows (the salary list and its count, the sitemap's
            # level sections): on PostgreSQL an index-only scan of the public roles' ids instead of reading
            # every role with its prose (at 10,000 roles, 4,039 pages for each count).
            models.Index(fields=["id", "published_at"], condition=Q(is_published=True), name="role_published_idx"),
        ]

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
