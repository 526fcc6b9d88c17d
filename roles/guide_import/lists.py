"""The list sections: responsibilities, skills, tools, pros and cons, and the sections kept for the record only."""

import re

from careerguide.formatting import truncate

from .layout import Section, prose
from .results import Context, Note, SectionResult, SkillItem, ToolMention
from .text import BULLET, bullets, capitalise, name_list, sentences, skill_name_and_detail


def responsibilities(section: Section, context: Context) -> SectionResult:
    items, unparsed = bullets(section.lines)
    return SectionResult(responsibilities=items, unparsed=unparsed)


def pros(section: Section, context: Context) -> SectionResult:
    items, unparsed = bullets(section.lines)
    return SectionResult(pros=items, unparsed=unparsed)


def cons(section: Section, context: Context) -> SectionResult:
    items, unparsed = bullets(section.lines)
    return SectionResult(cons=items, unparsed=unparsed)


def not_stored(section: Section, context: Context) -> SectionResult:
    """An introduction that no field holds: reported, so an editor can decide."""
    return SectionResult(unparsed=section.lines)


def furniture(section: Section, context: Context) -> SectionResult:
    """The site's own blocks (the job application toolkit): counted as skipped, not stored."""
    return SectionResult(skipped=1 + len(section.lines))


def _skills(section: Section, category: str) -> SectionResult:
    skills = []
    unparsed = []
    for number, text in section.lines:
        if not BULLET.match(text):
            unparsed.append((number, text))
            continue
        name, detail, aliases = skill_name_and_detail(BULLET.sub("", text).strip())
        if len(name) > 120:
            unparsed.append((number, text))
            continue
        skills.append(SkillItem(name, category, truncate(detail, 300), aliases, number))
    return SectionResult(skills=tuple(skills), unparsed=tuple(unparsed))


def technical_skills(section: Section, context: Context) -> SectionResult:
    return _skills(section, "technical")


def soft_skills(section: Section, context: Context) -> SectionResult:
    return _skills(section, "soft")


def tools(section: Section, context: Context) -> SectionResult:
    """Tools named in "… like A, B, or C" sentences, each under the category the sentence gives it."""
    found = []
    unparsed = []
    for number, text in section.lines:
        in_line = []
        for sentence in sentences(text):
            previous_category = ""
            for marker in re.finditer(r"\b(?:like|such as|including)\s+", sentence):
                names, _ = name_list(sentence[marker.end() :])
                if not names:
                    continue
                category = _tool_category(sentence, sentence[: marker.start()], previous_category)
                previous_category = category
                in_line += [ToolMention(name, category, number) for name in names if len(name) <= 80]
        found += in_line
        if not in_line:
            unparsed.append((number, text))
    return SectionResult(tools=tuple(found), unparsed=tuple(unparsed))


def _tool_category(sentence: str, before: str, previous: str) -> str:
    """The noun phrase before "like": "Project management software" -> "Project management"."""
    before = re.sub(r"\([^()]*\)", "", before).strip(" ,")
    stop = {
        "use", "uses", "using", "rely", "relies", "on", "with", "work", "works", "might", "may", "they", "them",
        "alongside", "and", "or", "the", "a", "an", "specific", "various", "often", "are", "is", "as", "of",
        "along", "for", "such", "also", "common", "popular", "key", "other", "their", "in", "to", "from",
    }  # fmt: skip
    words: list[str] = []
    for word in reversed(re.split(r"[\s,;:]+", before)):
        if not word or word.lower() in stop or len(words) == 4:
            break
        words.insert(0, word)
    generic = {"software", "tools", "systems", "platforms", "solutions", "applications", "apps", "technologies"}
    if not words or (len(words) == 1 and words[0].lower() in generic):
        lead = re.match(r"(?:For|In)\s+([^,]+),", sentence)
        if lead:
            return capitalise(lead.group(1).strip())
        if previous and words:
            return f"{previous} {words[0].lower()}"
        return previous or "Other tools"
    if len(words) > 1 and words[-1].lower() in {"software", "tools", "systems"}:
        words = words[:-1]
    return truncate(capitalise(" ".join(words)), 80)


def education_requirements(section: Section, context: Context) -> SectionResult:
    if section.lines:
        return SectionResult(prose=prose(section.key, section.lines))
    note = (
        "The guide has an “Education Requirements” heading with nothing under it. Education routes, "
        "costs and durations come from its separate education section."
    )
    return SectionResult(notes=(Note("gap", "education", "Education requirements", note, section.line),))
