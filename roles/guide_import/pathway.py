"""How to become one: the steps, the timelines of the routes in, and the education routes with cost and duration."""

import re
from decimal import Decimal

from careerguide.formatting import truncate

from .layout import Section, prose
from .money import money_ranges
from .results import Context, EducationRoute, EmptySection, Line, Note, SectionResult, Step, Timeline
from .text import capitalise, is_heading_like, name_list, sentences, years

_STEP = re.compile(r"Step (?P<number>\d+)\b\s*[:.\-–—]?\s*(?P<title>.*)", re.I)
_TIMELINE = re.compile(r"(?P<lo>\d+)\s*(?:-|–|to)\s*(?P<hi>\d+)\s+years\s+for\s+(?P<route>[^,;.]+?)(?=,|;|\.|$)")
_ROUTE_PEOPLE = re.compile(
    r"^(?:someone|people|those|candidates|professionals|individuals|anyone)\s+"
    r"(?:who\s+|with\s+|taking\s+|following\s+|on\s+|coming from\s+)?"
)


def _split_steps(lines: tuple[Line, ...]) -> tuple[list[Line], list[tuple[int, re.Match, list[Line]]]]:
    """The prose before the first "Step N" line, and each step's heading match with the lines under it."""
    before: list[Line] = []
    steps: list[tuple[int, re.Match, list[Line]]] = []
    for number, text in lines:
        step = _STEP.fullmatch(text)
        if step:
            steps.append((number, step, []))
        elif steps:
            steps[-1][2].append((number, text))
        else:
            before.append((number, text))
    return before, steps


def _timelines(lines: list[Line]) -> tuple[Timeline, ...]:
    """ "2-4 years for someone with a degree": how long each route into the role takes."""
    found = []
    for number, text in lines:
        for sentence in sentences(text):
            for match in _TIMELINE.finditer(sentence):
                route = _ROUTE_PEOPLE.sub("", match["route"].strip())
                route = re.sub(r"^(?:an?|the)\s+(?:more\s+)?", "", route)
                low, high = int(match["lo"]), int(match["hi"])
                if low <= high:
                    found.append(Timeline(truncate(capitalise(route), 200), low, high, match.group().strip(), number))
    return tuple(found)


def _steps(steps) -> tuple[tuple[Step, ...], list[tuple[int, int]]]:
    """The steps with a title, and (line, number) of the step headings with no text at all."""
    found = []
    empty = []
    for number, step, lines in steps:
        title = step["title"].strip()
        body = [text for _, text in lines]
        if not title and body and is_heading_like(body[0]):
            title = body.pop(0)
        if not title and body:
            first, *rest = sentences(body[0])
            title, body = first, ([" ".join(rest)] if rest else []) + body[1:]
        if not title:
            empty.append((number, int(step["number"])))
            continue
        found.append(Step(int(step["number"]), truncate(title, 200), "\n\n".join(body), number))
    return tuple(found), empty


def _empty_steps(empty: list[tuple[int, int]], described: bool) -> SectionResult:
    """One empty section and one gap note for all step headings with no text ("Step 1 to Step 4")."""
    if not empty:
        return SectionResult()
    numbers = [n for _, n in empty]
    first_line, last_line = empty[0][0], empty[-1][0]
    label = f"Step {numbers[0]}" if len(numbers) == 1 else f"Step {numbers[0]} to Step {numbers[-1]}"
    if len(numbers) > 1 and numbers != list(range(numbers[0], numbers[-1] + 1)):
        label = ", ".join(f"Step {n}" for n in numbers)
    if described:
        note = f"The guide lists {label} as headings with no text. Only the steps it describes are shown."
    else:
        note = (
            f"The guide lists the headings {label} with no text under any of them. The routes into the "
            "role and the timelines it does give are shown, and no steps."
        )
    gap = Note("gap", "how_to_become", "Step-by-step path", note, first_line if first_line else last_line)
    return SectionResult(notes=(gap,), empty=(EmptySection(label, first_line),))


def how_to_become(section: Section, context: Context) -> SectionResult:
    before, step_lines = _split_steps(section.lines)
    steps, empty_steps = _steps(step_lines)
    no_steps = _empty_steps(empty_steps, bool(steps))
    empty = () if before or step_lines else (EmptySection(section.heading, section.line),)
    return SectionResult(
        prose=prose(section.key, before),
        timelines=_timelines(before),
        steps=steps,
        notes=no_steps.notes,
        empty=empty + no_steps.empty,
    )


# (route, `EducationPath.Kind`, name, pattern): every training route a paragraph can name. A sentence
# naming an accelerated programme and the bachelor's it builds on is about the accelerated route.
_ROUTES = (
    ("accelerated", "degree", "Accelerated degree", r"\baccelerated\b"),
    ("associate", "associate", "Associate degree", r"\bassociate'?s?(?: degrees?| of)\b|\btwo-year degrees?\b|\bADN\b"),
    (
        "bachelor",
        "degree",
        "Bachelor's degree",
        r"\bbachelor'?s?\b|\bBachelor of\b|\bundergraduate degrees?\b|\bfour-year degrees?\b|\bBSN\b",
    ),
    ("postgraduate", "postgraduate", "Master's degree", r"\b[Mm]aster'?s\b|\bMBA\b|\bPh\.?D\b|\bdoctora"),
    ("apprenticeship", "apprenticeship", "Apprenticeship", r"\bapprenticeships?\b"),
    ("bootcamp", "bootcamp", "Bootcamp", r"\bboot ?camps?\b"),
    ("certification", "certification", "Certifications", r"\bcertifications?\b|\bcertificate programs?\b"),
    ("self_study", "self_study", "Self-study", r"\bself-(?:study|taught|directed)\b|\bMOOCs?\b"),
)
_KIND = {route: kind for route, kind, _, _ in _ROUTES}
_DURATION = re.compile(
    r"\b(?P<lo>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"(?:\s*(?:-|–|to)\s*(?P<hi>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))?"
    r"[\s-](?P<unit>weeks?|months?|years?)\b",
    re.I,
)
_NO_COST = (None, None, False, "", "")


def _education_kinds(sentence: str) -> list[str]:
    """The training routes a sentence names, in the order it names them (an accelerated programme first)."""
    found = []
    for route, _, _, pattern in _ROUTES:
        match = re.search(pattern, sentence, 0 if route == "postgraduate" else re.I)
        if match:
            found.append((match.start(), route))
    routes = [route for _, route in sorted(found)]
    if "accelerated" in routes and "bachelor" in routes:
        routes.remove("bachelor")
        routes.remove("accelerated")
        routes.insert(0, "accelerated")
    return routes


def _route_sentences(lines: tuple[Line, ...]) -> dict[str, tuple[int, list[str]]]:
    """Each training route the section names: its first line and the sentences about it.

    A sentence belongs to the first route it names; one that names none but begins "These", "This" …
    continues the route before it.
    """
    routes: dict[str, tuple[int, list[str]]] = {}
    last = None
    for number, text in lines:
        for sentence in sentences(text):
            kinds = _education_kinds(sentence)
            for kind in kinds:
                routes.setdefault(kind, (number, []))
            refers_back = re.match(r"(?:These|This|Such|They|Those|It|Programs|Programmes)\b", sentence)
            target = kinds[0] if kinds else (last if refers_back else None)
            if target is not None:
                last = target
                routes[target][1].append(sentence)
    return routes


def _education_name(route: str, text: str) -> str:
    if route == "postgraduate":
        return "Master's degree or MBA" if "MBA" in text else "Master's degree"
    if route == "certification":
        return "Online certifications" if re.search(r"online certification", text, re.I) else "Certifications"
    return next(name for key, _, name, _ in _ROUTES if key == route)


# A figure in such a sentence is what the learner earns (an apprentice's wage), not what the route costs.
_EARNINGS = re.compile(r"\b(?:earn|earns|earning|paid|wages?|salary|salaries|per hour|an hour|/hr)\b", re.I)


def _education_cost(sentence: str):
    """(min, max, open-ended, note, currency) of a cost in the sentence, or None."""
    if _EARNINGS.search(sentence):
        return None
    free = re.search(r"\bfrom free to (?P<rest>[^,.;]+)|\bfree\b", sentence, re.I)
    ranges = money_ranges(sentence)
    if free and (not ranges or free.start() < ranges[0].start):
        rest = free.group("rest") or ""
        rest = re.split(r"\s+(?:over|and|for|with|in|depending|taking|lasting|within)\b", rest)[0]
        currency = "USD" if re.search(r"dollars?", rest) else (ranges[0].currency if ranges else "USD")
        if ranges and rest and rest.strip().startswith(("$", "€", "£")):
            return Decimal(0), ranges[0].high.value, ranges[0].high.open_ended, "", ranges[0].currency
        note = f"free to {rest.strip()}" if rest else "free"
        return Decimal(0), None, False, truncate(note, 200), currency
    if not ranges:
        return None
    cost = ranges[0]
    return cost.low.value, cost.high.value, cost.high.open_ended, "", cost.currency


def _education_route(route: str, line: int, route_sentences: list[str]) -> EducationRoute:
    """The route from its sentences: the first cost and the first duration they give."""
    text = " ".join(route_sentences)
    cost = next(filter(None, map(_education_cost, route_sentences)), None) or _NO_COST
    duration = next(filter(None, map(_DURATION.search, route_sentences)), None)
    low = high = None
    unit = ""
    if duration:
        low = years(duration["lo"])
        high = years(duration["hi"]) if duration["hi"] else low
        unit = duration["unit"].lower().rstrip("s") + "s"
    fields = re.search(r"\bin (?:fields|subjects|areas) (?:like|such as|including) ", text)
    fields_of_study = ", ".join(name_list(text[fields.end() :])[0]) if fields else ""
    return EducationRoute(
        kind=_KIND[route],
        name=_education_name(route, text),
        fields_of_study=truncate(fields_of_study, 300),
        description=text,
        cost_min=cost[0],
        cost_max=cost[1],
        cost_max_open_ended=cost[2],
        cost_note=cost[3],
        currency=cost[4] if cost[0] is not None or cost[1] is not None else "",
        duration_min=low,
        duration_max=high,
        duration_unit=unit if low is not None else "",
        line=line,
    )


def education(section: Section, context: Context) -> SectionResult:
    routes = _route_sentences(section.lines)
    return SectionResult(
        prose=prose(section.key, section.lines),
        education=tuple(_education_route(kind, line, found) for kind, (line, found) in routes.items()),
    )
