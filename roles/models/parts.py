"""What a guide owns, listed once: the registry every writer, reader and counter of guides derives from.

A guide is a `Role` with prose fields (`GUIDE_TEXT_FIELDS`), links to the shared taxonomies
(`GUIDE_LINKS`) and the rows it owns (`GUIDE_ROWS`). The fixture export and load, the text import, the
synthetic data, the "has a guide" test, the editor's section index and the history all read these
tuples; a new guide section is added here and nowhere else in the model layer.
"""

from dataclasses import dataclass

from django.db import models

from . import ladder, pay, sections, skills


@dataclass(frozen=True)
class GuidePart:
    """A model whose rows belong to one guide, and the lookup from such a row to its role."""

    model: type[models.Model]
    owner: str

    @property
    def relation(self) -> str | None:
        """The role's accessor for these rows (`"levels"`), or None for rows owned through another part
        (a level's focus areas)."""
        if "__" in self.owner:
            return None
        return self.model._meta.get_field(self.owner).remote_field.related_name


# The prose sections of a guide: fields of `Role` itself.
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

# The role's many-to-many links to shared rows (tools and certifications are shared by every guide).
GUIDE_LINKS = ("tools", "certifications")

# Every row a guide owns, in the order a guide file lists it; a part owned through another part
# (focus areas and pay of a level) follows the part that owns it, so writing in this order never
# points at a row not yet written.
GUIDE_ROWS: tuple[GuidePart, ...] = (
    GuidePart(pay.KeyFacts, "role"),
    GuidePart(pay.GrowthProjection, "role"),
    GuidePart(sections.RoleRelation, "from_role"),
    GuidePart(skills.Responsibility, "role"),
    GuidePart(skills.RoleSkill, "role"),
    GuidePart(ladder.CareerLevel, "role"),
    GuidePart(ladder.FocusArea, "level__role"),
    GuidePart(pay.LevelSalary, "level__role"),
    GuidePart(pay.RegionalSalary, "role"),
    GuidePart(sections.EducationPath, "role"),
    GuidePart(sections.CareerEntryTimeline, "role"),
    GuidePart(sections.CareerEntryStep, "role"),
    GuidePart(sections.TopIndustry, "role"),
    GuidePart(sections.MarketInsight, "role"),
    GuidePart(sections.Specialization, "role"),
    GuidePart(sections.ProCon, "role"),
    GuidePart(sections.FAQ, "role"),
    GuidePart(sections.VisaRoute, "role"),
    GuidePart(sections.DataNote, "role"),
)


def guide_relations() -> tuple[str, ...]:
    """The role's accessors of everything a guide holds besides its prose: its links and the parts it owns
    directly, in guide order (`"key_facts"`, `"growth_projections"`, ..., `"tools"`, `"certifications"`)."""
    return (*(part.relation for part in GUIDE_ROWS if part.relation), *GUIDE_LINKS)
