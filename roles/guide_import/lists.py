"""The list sections: responsibilities, skills, tools, pros and cons, and the sections kept for the record only."""

import re

from careerguide.formatting import truncate

from .layout import Section, prose
from .results import Context, Line, Note, SectionResult, SkillItem, ToolMention
from .text import BULLET, bullets, capitalise, is_heading_like, name_list, sentences, skill_name_and_detail


def responsibilities(section: Section, context: Context) -> SectionResult:
    items, unparsed = bullets(section.lines)
    return SectionResult(responsibilities=items, unparsed=unparsed)


def pros(section: Section, context: Context) -> SectionResult:
    items, unparsed = bullets(section.lines)
    return SectionResult(pros=items, unparsed=unparsed)


def cons(section: Section, context: Context) -> SectionResult:
    items, unparsed = bullets(section.lines)
    return SectionResult(cons=items, unparsed=unparsed)


def pros_cons_intro(section: Section, context: Context) -> SectionResult:
    """The paragraphs under "Pros & Cons of Being a …", before its "Pros" and "Cons" lists."""
    return SectionResult(prose=(("pros_cons_overview", section.lines),))


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
    """The tools a section names, each under a category, and its prose (`tools_overview`).

    Tools come from "… like A, B, or C" ("such as", "including") sentences, from "Category: A, B, C" lines
    and from bulleted lines ("- Apache Airflow", "- Orchestration: Airflow, Dagster"), a bullet's category
    being the text before its colon or the short heading line above the bullets. The prose keeps every
    line that is not a bullet or a heading of bullets.
    """
    found: list[ToolMention] = []
    kept: list[Line] = []
    heading = ""
    lines = section.lines
    for index, (number, text) in enumerate(lines):
        next_is_bullet = index + 1 < len(lines) and BULLET.match(lines[index + 1][1])
        if BULLET.match(text):
            found += _listed_tools(BULLET.sub("", text).strip(), heading, number)
        elif next_is_bullet and is_heading_like(text.rstrip(":")) and len(text.split()) <= 6:
            heading = _category_name(text.rstrip(":").split()) or ""
        else:
            listed = _listed_tools(text, "", number) if _LIST_LINE.match(text) else []
            found += listed or _tools_in_prose(text, number)
            kept.append((number, text))
    return SectionResult(tools=tuple(found), prose=prose(section.key, tuple(kept)))


# "Orchestration: Airflow, Dagster": a short category, a colon, then names.
_LIST_LINE = re.compile(r"(?P<category>[A-Z][\w&/ -]{1,60}?):\s+(?P<names>[A-Z0-9].*)")


def _listed_tools(text: str, heading: str, number: int) -> list[ToolMention]:
    """Tools of one list line or bullet: "Category: A, B" or "A, B and C" (the heading's category)."""
    match = _LIST_LINE.fullmatch(text)
    category = heading
    if match and len(match["category"].split()) <= 5:
        category = _category_name(match["category"].split()) or heading
        text = match["names"]
    names, _ = name_list(text)
    return [ToolMention(name, category or "Other tools", number) for name in names if len(name) <= 80]


def _tools_in_prose(text: str, number: int) -> list[ToolMention]:
    """Tools named after "like", "such as" or "including" in a paragraph's sentences."""
    found = []
    for sentence in sentences(text):
        previous_category = ""
        for marker in re.finditer(r"\b(?:like|such as|including)\s+", sentence):
            # "such as the Ridgeline 300 or the ThreadMaster": the articles are not part of the names.
            names, _ = name_list(re.sub(r"\b(?:the|an?)\s+(?=[A-Z0-9])", "", sentence[marker.end() :]))
            if not names:
                continue
            category = _tool_category(sentence, sentence[: marker.start()], previous_category)
            previous_category = category
            found += [ToolMention(name, category, number) for name in names if len(name) <= 80]
    return found


# Words that end a category phrase read backwards from "like": verbs, pronouns, articles, prepositions.
_CATEGORY_STOP = {
    "use", "uses", "using", "used", "rely", "relies", "on", "with", "work", "works", "might", "may", "they",
    "them", "alongside", "and", "or", "the", "a", "an", "specific", "various", "often", "are", "is", "as",
    "of", "along", "for", "such", "also", "common", "popular", "key", "other", "their", "in", "to", "from",
    "by", "into", "through", "every", "each", "most", "many", "some", "all", "this", "these", "that", "its",
    "our", "your", "his", "her", "we", "you", "he", "she", "it", "who", "which", "be", "been", "has", "have",
    "had", "will", "can", "should", "must", "would", "could", "at", "about", "than", "then", "still",
    "inside", "within", "across", "over", "under", "between", "without", "during", "via", "per", "like",
    # Verbs a guide puts before a list of tools ("electricians carry hand tools such as …").
    "carry", "carries", "follow", "follows", "run", "runs", "write", "writes", "build", "builds", "need",
    "needs", "know", "knows", "learn", "learns", "master", "masters", "handle", "handles", "read", "reads",
    "operate", "operates", "spend", "spends", "process", "processes", "store", "stores", "keep", "keeps",
    "include", "includes", "prefer", "prefers", "expect", "expects", "require", "requires", "want", "wants",
    "get", "gets", "make", "makes", "take", "takes", "choose", "chooses", "pick", "picks", "adopt", "adopts",
    "own", "owns", "bring", "brings", "buy", "buys", "trust", "trusts", "deploy", "deploys", "do", "does",
}  # fmt: skip
_GENERIC_TOOLS = {"software", "tools", "systems", "platforms", "solutions", "applications", "apps", "technologies"}


def _category_name(words: list[str]) -> str:
    """A category from the words of a noun phrase, or "" when they read as part of a sentence (more than
    four words, or a verb, pronoun, article or preposition among them)."""
    words = [word.strip(",;:()") for word in words if word.strip(",;:()")]
    if not words or len(words) > 4:
        return ""
    for word in words:
        lowered = word.lower()
        if lowered in _CATEGORY_STOP and lowered not in {"and", "&"}:
            return ""
    return truncate(capitalise(" ".join(words)), 80)


def _tool_category(sentence: str, before: str, previous: str) -> str:
    """The noun phrase before "like": "Project management software" -> "Project management"."""
    before = re.sub(r"\([^()]*\)", "", before).strip(" ,")
    words: list[str] = []
    for word in reversed(re.split(r"[\s,;:]+", before)):
        if not word or word.lower() in _CATEGORY_STOP or len(words) == 4:
            break
        if re.fullmatch(r"[a-z]+ly", word):
            break  # "usually", "mostly": an adverb ends the phrase
        words.insert(0, word)
    if not words or (len(words) == 1 and words[0].lower() in _GENERIC_TOOLS):
        lead = re.match(r"(?:For|In)\s+([^,]+),", sentence)
        if lead and _category_name(lead.group(1).split()):
            return capitalise(lead.group(1).strip())
        if previous and words:
            return f"{previous} {words[0].lower()}"
        return previous or "Other tools"
    if len(words) > 1 and words[-1].lower() in {"software", "tools", "systems"}:
        words = words[:-1]
    return _category_name(words) or previous or "Other tools"


def education_requirements(section: Section, context: Context) -> SectionResult:
    if section.lines:
        return SectionResult(prose=prose(section.key, section.lines))
    note = (
        "The guide has an “Education Requirements” heading with nothing under it. Education routes, "
        "costs and durations come from its separate education section."
    )
    return SectionResult(notes=(Note("gap", "education", "Education requirements", note, section.line),))
