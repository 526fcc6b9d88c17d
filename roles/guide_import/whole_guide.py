"""What is read across the whole guide once its sections are parsed: certifications named in the prose, and
figures that disagree with each other (recorded as conflicts, keeping both)."""

import re
from collections.abc import Iterator

from careerguide.formatting import format_money, format_percent_range, truncate

from .results import CertificationMention, Growth, KeyFigures, LevelPay, Line, Note
from .text import capitalise, fold, initials_match, sentences

_CREDENTIAL_WORDS = re.compile(r"certif|certificate|professional|associate|practitioner|expert", re.I)


def _looks_like_credential(item: str) -> bool:
    if not item or len(item) > 150 or not item[0].isupper():
        return False
    return bool(re.search(r"\b[A-Z]{2,}\b", item) or _CREDENTIAL_WORDS.search(item))


def _spelled_out(sentence: str, number: int) -> Iterator[CertificationMention]:
    """ "Project Management Professional (PMP)": the name whose initials the abbreviation spells."""
    for match in re.finditer(r"((?:[A-Z][\w-]*\s+){1,6})\(([A-Z]{2,6})\)", sentence):
        words = match.group(1).split()
        if initials_match(words, match.group(2)):
            yield CertificationMention(" ".join(words[-len(match.group(2)) :]), match.group(2), number)


def _named(sentence: str, number: int) -> Iterator[CertificationMention]:
    """ "(e.g., PMP or PRINCE2)", "PMP and CSM certifications"."""
    for match in re.finditer(r"\((?:e\.g\.,?|like|such as|including)\s*([^()]+)\)", sentence):
        for item in re.split(r",\s*|\s+or\s+|\s+and\s+", match.group(1)):
            item = item.strip(" .")
            if _looks_like_credential(item):
                yield CertificationMention(item, item if item.isupper() else "", number)
    for match in re.finditer(r"((?:\b[A-Z]{2,6}\b(?:\s*(?:,|or|and)\s*)?)+)\s+certifications?\b", sentence):
        for item in re.findall(r"\b[A-Z]{2,6}\b", match.group(1)):
            yield CertificationMention(item, item, number)


_WORD = r"[A-Z][\w+./-]*"
# "AWS Certified Data Engineer – Associate", "Microsoft Certified: Azure Data Engineer Associate".
_VENDOR_CERTIFIED = re.compile(
    rf"(?:{_WORD}\s+){{0,2}}Certified:?(?:\s+{_WORD}){{1,6}}(?:\s*[–—-]\s*(?:Associate|Professional|Specialty|Expert))?"
)
# "OSHA 30", "OSHA 10-Hour", "NFPA 70E": a safety card named by its standard and hours.
_SAFETY_CARD = re.compile(r"\b(?:OSHA|NFPA)[ -]?\d{1,3}[A-Z]?(?:-Hour)?\b")
# "CompTIA Security+": a vendor and an exam ending in "+".
_PLUS_EXAM = re.compile(rf"\b(?:{_WORD}\s+)?{_WORD}\+(?=[\s,.;)]|$)")
# "the Snowflake SnowPro Core certification", "a Journeyman Wiring certificate".
_BEFORE_WORD = re.compile(rf"((?:{_WORD}\s+){{1,5}})(certifications?|certificates?)\b")
# "a licensed electrician", "licensed journeyman electrician": a licence to practise.
_LICENSED = re.compile(
    r"\b[Ll]icensed\s+((?:[a-z]+\s+){0,2}?[a-z]+?)(?=\s+(?:in|who|with|by|after|before|to|and|or)\b|[,.;)]|$)"
)
_SENTENCE_START = {"a", "an", "the", "most", "many", "some", "employers", "every", "each", "this", "these", "earning"}


def _patterned(sentence: str, number: int) -> Iterator[CertificationMention]:
    """Certifications named by their usual patterns (vendor "Certified …", safety cards, "… +" exams,
    "… certification", "licensed …")."""
    for pattern in (_VENDOR_CERTIFIED, _SAFETY_CARD, _PLUS_EXAM):
        for match in pattern.finditer(sentence):
            yield CertificationMention(match.group().strip(" .,"), "", number)
    for match in _BEFORE_WORD.finditer(sentence):
        words = match.group(1).split()
        while words and words[0].lower() in _SENTENCE_START:
            words.pop(0)
        # A lone acronym ("ITIL certifications") is `_named`'s; a lone plain word ("Agile") names no credential.
        lone = len(words) == 1 and (words[0].isupper() or not re.search(r"[A-Z].*[A-Z]|\d", words[0]))
        if words and "Certified" not in words and not lone:
            # A name of three words or more stands alone ("Snowflake SnowPro Core"); a shorter one keeps the word.
            name = " ".join(words) if len(words) >= 3 else " ".join(words) + f" {match.group(2)}"
            yield CertificationMention(name, "", number)
    for match in _LICENSED.finditer(sentence):
        yield CertificationMention(capitalise(f"{match.group(1)} licence"), "", number)


def certifications(prose: dict[str, list[Line]]) -> tuple[CertificationMention, ...]:
    """The certifications the prose names (not the remote-work section), each once, spelled out where it is."""
    found: list[CertificationMention] = []
    expansions: dict[str, str] = {}  # an abbreviation spelled out anywhere is named so everywhere
    for field, lines in prose.items():
        if field == "remote_work":
            continue
        for number, text in lines:
            for sentence in sentences(text):
                if re.search(r"certif|accredit|credential", sentence, re.I):
                    spelled = list(_spelled_out(sentence, number))
                    expansions.update((mention.abbreviation, mention.name) for mention in spelled)
                    found += [*spelled, *_named(sentence, number)]
                if re.search(r"certifi|licen[cs]|OSHA|NFPA|\w\+", sentence):
                    found += _patterned(sentence, number)
    unique = []
    seen: set[str] = set()
    for mention in found:
        name = expansions.get(mention.abbreviation, mention.name) if mention.abbreviation else mention.name
        key = fold(mention.abbreviation or name)
        if key in seen or fold(name) in seen:
            continue
        seen.update({key, fold(name)})
        unique.append(CertificationMention(truncate(name, 150), mention.abbreviation, mention.line))
    return tuple(unique)


def _growth_conflict(growth: tuple[Growth, ...], title: str) -> tuple[Note, ...]:
    """The official projection and the guide's own figure, when the official one falls outside the guide's."""
    official = next((figure for figure in growth if figure.source), None)
    editorial = next((figure for figure in growth if figure.source is None), None)
    if not official or not editorial:
        return ()
    if editorial.pct_min <= official.pct_min and official.pct_max <= editorial.pct_max:
        return ()
    source = official.source
    if official.period_start and official.period_end:
        period = f"{official.period_start}–{official.period_end}"
    else:
        period = "its projection period"
    if editorial.horizon_years:
        horizon = f"the next {editorial.horizon_years} years"
    elif editorial.period_start:
        horizon = f"{editorial.period_start}–{editorial.period_end}"
    else:
        horizon = "an unstated period"
    official_pct = format_percent_range(official.pct_min, official.pct_max)
    editorial_pct = format_percent_range(editorial.pct_min, editorial.pct_max)
    note = (
        f"{source.abbreviation} projects {official_pct} growth for {official.occupation} over {period}, "
        f"while the guide's own market commentary expects {editorial_pct} for the {title} role "
        f"over {horizon}. The figures cover different occupations or periods: both are shown, each with "
        f"its source, and the {source.abbreviation} projection is the headline."
    )
    return (Note("conflict", "outlook", "Growth outlook", note, editorial.line),)


def _median_conflict(facts: KeyFigures | None, level_pay: tuple[LevelPay, ...], title: str) -> tuple[Note, ...]:
    """The ladder's median for the role's own level, when it is below the official median."""
    if not facts or facts.median is None or facts.median_source is None:
        return ()
    same_rung = (
        pay
        for pay in level_pay
        if fold(pay.title) == fold(title) and pay.median is not None and pay.currency == facts.currency
    )
    pay = next(same_rung, None)
    if pay is None or pay.median >= facts.median:
        return ()
    source = facts.median_source
    note = (
        f"The career ladder puts the median for the “{pay.title}” level at "
        f"{format_money(pay.median, pay.currency)}, below the {source.abbreviation} median of "
        f"{format_money(facts.median, facts.currency)} for {source.occupation}. The first is the "
        "guide's editorial estimate for one rung of the ladder, the second an official median "
        "for a broader occupation: both are shown, each with its source."
    )
    return (Note("conflict", "salary", "Median pay", note, pay.line),)


def conflicts(
    *, title: str, growth: tuple[Growth, ...], key_facts: KeyFigures | None, level_pay: tuple[LevelPay, ...]
) -> tuple[Note, ...]:
    """Figures of the guide that disagree: both are kept, and a note says which is the headline."""
    return _growth_conflict(growth, title) + _median_conflict(key_facts, level_pay, title)
