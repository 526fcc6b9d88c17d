"""Role guides: what a role is, its career ladder, skills, tools, education, outlook and the figures it states.

Split by section of the guide; `parts` lists what a guide owns. The modules import one another one way:
`pay`, `skills` and `sections` name the role lazily (`"roles.Role"`), `ladder` uses `pay`, `parts` lists
them all, and `role` (whose querysets prefetch every part) sits on top. Sources, currencies and regions
come from `salaries`, the app below.
"""

from .ladder import CareerLevel, CareerLevelQuerySet, FocusArea
from .parts import GUIDE_LINKS, GUIDE_ROWS, GUIDE_TEXT_FIELDS, GuidePart, guide_relations
from .pay import GrowthProjection, KeyFacts, LevelSalary, RegionalSalary, RegionalSalaryQuerySet, SalaryFigure
from .role import SYNTHETIC_PREFIX, Role, RoleQuerySet, RoleSearchIndex
from .sections import (
    FAQ,
    CareerEntryStep,
    CareerEntryTimeline,
    DataNote,
    EducationPath,
    MarketInsight,
    ProCon,
    RoleRelation,
    Specialization,
    TopIndustry,
    VisaRoute,
)
from .skills import (
    Certification,
    Responsibility,
    RoleSkill,
    Skill,
    SkillQuerySet,
    SkillSynonym,
    Tool,
    ToolCategory,
)

__all__ = [
    "FAQ",
    "GUIDE_LINKS",
    "GUIDE_ROWS",
    "GUIDE_TEXT_FIELDS",
    "SYNTHETIC_PREFIX",
    "CareerEntryStep",
    "CareerEntryTimeline",
    "CareerLevel",
    "CareerLevelQuerySet",
    "Certification",
    "DataNote",
    "EducationPath",
    "FocusArea",
    "GrowthProjection",
    "GuidePart",
    "KeyFacts",
    "LevelSalary",
    "MarketInsight",
    "ProCon",
    "RegionalSalary",
    "RegionalSalaryQuerySet",
    "Responsibility",
    "Role",
    "RoleQuerySet",
    "RoleRelation",
    "RoleSearchIndex",
    "RoleSkill",
    "SalaryFigure",
    "Skill",
    "SkillQuerySet",
    "SkillSynonym",
    "Specialization",
    "Tool",
    "ToolCategory",
    "TopIndustry",
    "VisaRoute",
    "guide_relations",
]
