"""The shared skill, tool and certification taxonomies, and what a role asks of them."""

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from careerguide.natural_keys import NaturalKeyModel, NaturalKeyQuerySet
from careerguide.publishing import public_condition
from careerguide.search import ranked_search, search_words, word_match


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
        """Skills matching `text`, best first (see `careerguide.search`): a name within typo distance of it, or a
        name or description holding each of its words (at a word's start, never inside one: "RN" does not find
        "Internal"), or a role's examples for the skill holding them (on PostgreSQL: within typo distance, so
        "kubernets" finds "DevOps Principles and Tools", whose examples name Kubernetes). One query."""
        postgresql = connections[self.db].vendor == "postgresql"
        extra = Q()
        for word in search_words(text):
            held = word_match("name", word) | word_match("description", word)
            if not postgresql:
                held |= Q(pk__in=RoleSkill.objects.filter(word_match("detail", word)).values("skill_id"))
            extra &= held
        if postgresql:
            in_examples = RoleSkill.objects.filter(detail__trigram_word_similar=text.strip())
            extra = (
                (extra | Q(pk__in=in_examples.values("skill_id")))
                if extra
                else Q(pk__in=in_examples.values("skill_id"))
            )
        return ranked_search(self, text, vector=None, similar="name", words_in=[], extra=extra or None)

    def with_public_roles(self):
        """Prefetch `public_roles`: the published roles that list each skill, with headline figures (1 query)."""
        # The role model sits above this module (it prefetches skills): reached through the relation.
        roles = self.model._meta.get_field("roles").related_model.objects
        return self.prefetch_related(
            Prefetch("roles", queryset=roles.published().with_headline_figures(), to_attr="public_roles")
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


class SkillSynonym(NaturalKeyModel, models.Model):
    """An editor's decision that two skills of the taxonomy are one ("Clear Communication" is "Effective
    Communication"): the skills gap and the self-assessment count them as the same skill.

    Kept out of guide files on purpose: it is the instance's reading of its taxonomy, not what a guide states.
    """

    skill = models.OneToOneField(
        "roles.Skill",
        on_delete=models.CASCADE,
        related_name="synonym_of",
        help_text="The skill that is another name for the one below.",
    )
    same_as = models.ForeignKey(
        "roles.Skill",
        on_delete=models.CASCADE,
        related_name="synonyms",
        help_text="The skill it is counted as. It must not itself be marked as another skill's synonym.",
    )

    # A skill is a synonym of one skill at most (`skill` is one-to-one), so its slug names the row.
    natural_key_lookups = ("skill__slug",)
    objects = NaturalKeyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["same_as__name", "skill__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(skill=F("same_as")),
                name="skill_synonym_not_itself",
                violation_error_code="same_as",
                violation_error_message="A skill cannot be a synonym of itself.",
            )
        ]

    def __str__(self):
        return f"{self.skill} = {self.same_as}"

    def clean(self):
        # One level only, so one lookup gives any skill its key: a chain or a loop would need a walk.
        if self.same_as_id and SkillSynonym.objects.filter(skill_id=self.same_as_id).exists():
            raise ValidationError(
                {"same_as": "This skill is itself marked as a synonym; choose the skill it stands for."}
            )
        if self.skill_id and SkillSynonym.objects.filter(same_as_id=self.skill_id).exists():
            raise ValidationError({"skill": "Other skills are marked as synonyms of this one; it cannot be one too."})


class RoleSkillQuerySet(NaturalKeyQuerySet):
    def with_skill_key(self):
        """Annotate `skill_key`: the pk of the skill the link's skill counts as (its `SkillSynonym.same_as`,
        else its own pk). A correlated subquery in the same query, so prefetching links costs nothing more."""
        same_as = SkillSynonym.objects.filter(skill_id=OuterRef("skill_id")).values("same_as_id")[:1]
        return self.select_related("skill").annotate(
            skill_key=Coalesce(Subquery(same_as), F("skill_id"), output_field=models.BigIntegerField())
        )


class RoleSkill(NaturalKeyModel, models.Model):
    """A skill a role needs, with role-specific detail (“e.g. Python, Java, Go, C#”)."""

    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="role_skills")
    skill = models.ForeignKey("roles.Skill", on_delete=models.PROTECT, related_name="role_skills")
    order = models.PositiveSmallIntegerField(default=0)
    detail = models.CharField(
        max_length=300, blank=True, help_text="Examples or emphasis specific to this role, e.g. named methods or tools."
    )

    natural_key_lookups = ("role__slug", "skill__slug")
    objects = RoleSkillQuerySet.as_manager()
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
    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="responsibilities")
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
    category = models.ForeignKey("roles.ToolCategory", on_delete=models.PROTECT, related_name="tools")

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
