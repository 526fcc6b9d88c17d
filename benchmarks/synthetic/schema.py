"""The product models the generator writes, found in this one module, and the order it writes them in.

This is the package's only import of product code (models, and the currency rule salaries are checked by):
when a model or that rule moves between apps, the change to the generator is here.

What a role owns comes from the model layer's registry of guide parts (`guide_relations()`), not from a
list of its own: the role first, then each part's rows in the registry's order, each followed by the rows
it owns in turn (a level's focus areas and pay). A part model is reached through its relation on `Role`,
never imported by app, so a model moving between apps changes nothing here.
"""

from itertools import chain

from django.db import models

from roles.models import GUIDE_ROWS, Certification, Role, Skill, Tool, ToolCategory, guide_relations
from roles.models import SYNTHETIC_PREFIX as SYNTHETIC_PREFIX  # re-exported, as are Currency and the rule
from salaries.models import Currency as Currency
from salaries.models import Region, Source
from salaries.services import salary_currency_error as salary_currency_error

GUIDE_PARTS: tuple[str, ...] = guide_relations()


def _part_model(name: str) -> type[models.Model]:
    """The model of a guide part's rows: the related model, or the link table of a many-to-many part."""
    relation = Role._meta.get_field(name)
    return relation.remote_field.through if relation.many_to_many else relation.related_model


def _owned(model: type[models.Model]) -> list[type[models.Model]]:
    """The models whose rows `model`'s rows own: reverse foreign keys that cascade (history excluded,
    its keys are DO_NOTHING and hidden)."""
    owned = [relation.related_model for relation in model._meta.related_objects if relation.on_delete is models.CASCADE]
    # In the registry's order (a level's focus areas, then its pay), not the order the models were defined in.
    order = [part.model for part in GUIDE_ROWS]
    return sorted(owned, key=lambda owned_model: order.index(owned_model) if owned_model in order else len(order))


# Per guide part, the models it writes, its own first.
PART_MODELS: dict[str, tuple[type[models.Model], ...]] = {
    name: (_part_model(name), *_owned(_part_model(name))) for name in GUIDE_PARTS
}
# What one role owns, in the order it is written (a parent before its children).
ROLE_MODELS: tuple[type[models.Model], ...] = (Role, *chain.from_iterable(PART_MODELS.values()))


def part_model(name: str, owned: str | None = None) -> type[models.Model]:
    """The model of guide part `name`, or of the rows its rows own through the relation `owned`."""
    model = PART_MODELS[name][0]
    return model._meta.get_field(owned).related_model if owned else model


KeyFacts = part_model("key_facts")
GrowthProjection = part_model("growth_projections")
RoleRelation = part_model("relations")
Responsibility = part_model("responsibilities")
RoleSkill = part_model("role_skills")
RoleTool = part_model("tools")
RoleCertification = part_model("certifications")
CareerLevel = part_model("levels")
FocusArea = part_model("levels", "focus_areas")
LevelSalary = part_model("levels", "salaries")
RegionalSalary = part_model("regional_salaries")
EducationPath = part_model("education_paths")
CareerEntryTimeline = part_model("entry_timelines")
CareerEntryStep = part_model("entry_steps")
TopIndustry = part_model("top_industries")
MarketInsight = part_model("market_insights")
Specialization = part_model("specializations")
ProCon = part_model("pros_cons")
FAQ = part_model("faqs")
VisaRoute = part_model("visa_routes")
DataNote = part_model("data_notes")

# Shared rows the generator adds, with the field carrying the label. `--purge` deletes them in this order
# (a tool before its category) once no remaining row uses them.
LABELLED_SHARED = (
    (Skill, "slug"),
    (Tool, "slug"),
    (ToolCategory, "slug"),
    (Certification, "slug"),
    (Region, "slug"),
    (Source, "publisher_abbreviation"),
)
ALL_MODELS: tuple[type[models.Model], ...] = (*ROLE_MODELS, *(model for model, _ in LABELLED_SHARED))
