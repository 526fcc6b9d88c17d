"""A job-description template for one ladder level, built from the guide's data and nothing else.

`build()` makes one structure (`JobDescription`: sections of lines, each line with the source of its figure,
if any); the HTML page renders it with a template, `to_markdown()` and `to_text()` write the downloads, and
the API serializes it. Every sentence is either the guide's own text or a neutral template phrase in this
module. The guide does not say which skills are required and which are only welcome, so the template lists
the role's skills as required and its tools as nice to have, and says so (`HOW_BUILT`).

Works on a role loaded with `Role.objects.published().for_job_description()`: no query.
"""

from dataclasses import dataclass, field

from careerguide.footnotes import Footnotes
from careerguide.formatting import format_money

from .assessment import level_pay, regional_ranges
from .ladder import find_step

FORMATS = {"md": ("text/markdown", "md"), "txt": ("text/plain", "txt")}

HOW_BUILT = (
    "Built by CareerGuide from the {role} guide's data: the summary, scope, responsibilities, skills, tools, "
    "education, experience, certifications and pay are the guide's, with their sources. The guide does not "
    "split skills into required and nice to have, so its skills are listed as required and its tools as nice "
    "to have. Edit before publishing."
)


@dataclass(frozen=True)
class Line:
    """One paragraph or list item; `source` is the `Source` of a figure in it, if any."""

    text: str
    source: object = None


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    paragraphs: list = field(default_factory=list)
    items: list = field(default_factory=list)


@dataclass(frozen=True)
class JobDescription:
    role: object
    level: object
    position: int
    total: int
    region: object
    sections: list
    footnotes: Footnotes
    how_built: str

    @property
    def title(self) -> str:
        return self.level.title

    @property
    def file_stem(self) -> str:
        """The downloads' file name without extension: `technical-manager-senior-technical-manager-job-description`."""
        stem = f"{self.role.slug}-{self.level.slug}"
        if self.region is not None:
            stem += f"-{self.region.slug}"
        return f"{stem}-job-description"

    @property
    def sources(self) -> list:
        return self.footnotes.sources


def _figures(salary) -> str:
    """“median $165,000, average $175,000 a year”: the figures a level salary states, per its period."""
    figures = ", ".join(
        f"{name} {format_money(getattr(salary, name), salary.currency, cents=salary.is_hourly)}"
        for name in ("median", "average")
        if getattr(salary, name) is not None
    )
    return f"{figures} {salary.per_period}"


def _pay_lines(role, level, region) -> list[Line]:
    pay = level_pay(level, region)
    if pay.us is not None:
        lines = [Line(f"United States: {_figures(pay.us)}.", pay.us.source)]
    else:
        lines = [Line("United States: the guide gives no pay for this level.")]
    if region is None:
        return lines
    lines += [Line(f"{s.region.name}, this level: {_figures(s)}.", s.source) for s in pay.in_region]
    ranges = regional_ranges(role, region)
    for salary in ranges:
        approx = "about " if salary.usd_is_approximate else ""
        cents = salary.is_hourly
        local = "–".join(
            format_money(amount, salary.currency, cents=cents) for amount in (salary.local_min, salary.local_max)
        )
        usd = f"{format_money(salary.usd_min, 'USD', cents=cents)}–{format_money(salary.usd_max, 'USD', cents=cents)}"
        where = (
            salary.region.name if salary.region_id == region.pk else f"{salary.region.name} (includes {region.name})"
        )
        lines.append(
            Line(f"{where}, the role at any level: {local} {salary.per_period} ({approx}{usd}).", salary.source)
        )
    if not pay.in_region and not ranges:
        lines.append(Line(f"{region.name}: the guide gives no pay figure for this country or region."))
    return lines


def build(role, level_slug: str, *, region=None) -> JobDescription | None:
    """The job description of the level `level_slug` of `role`, or None when the ladder has no such level."""
    step = find_step(role.levels.all(), level_slug)
    if step is None:
        return None
    sections = [*_role_sections(role, step), *_requirement_sections(role, step.level, region)]
    footnotes = Footnotes()
    for section in sections:
        footnotes.cite_all(line.source for line in [*section.paragraphs, *section.items])
    return JobDescription(
        role=role,
        level=step.level,
        position=step.position,
        total=step.total,
        region=region,
        sections=[section for section in sections if section.paragraphs or section.items],
        footnotes=footnotes,
        how_built=HOW_BUILT.format(role=role.title),
    )


def _role_sections(role, step) -> list[Section]:
    """About the role, the level's scope, the responsibilities and the level's focus."""
    level = step.level
    return [
        Section("summary", "About the role", paragraphs=[Line(role.summary)] if role.summary else []),
        Section(
            "scope",
            "Scope at this level",
            paragraphs=[
                Line(f"Level {step.position} of {step.total} on the {role.title} career ladder."),
                Line(level.scope),
            ],
        ),
        Section("responsibilities", "Responsibilities", items=[Line(r.text) for r in role.responsibilities.all()]),
        Section("focus", "Focus at this level", items=[Line(area.text) for area in level.focus_areas.all()]),
    ]


def _requirement_sections(role, level, region) -> list[Section]:
    """Skills, tools, education, experience, certifications and pay."""
    facts = getattr(role, "key_facts", None)
    tools_by_category = {}
    for tool in role.tools.all():
        tools_by_category.setdefault(tool.category.name, []).append(tool.name)
    certifications = [
        f"{c.name} ({c.abbreviation})" if c.abbreviation and c.abbreviation != c.name else c.name
        for c in role.certifications.all()
    ]
    education = []
    if facts is not None and facts.typical_education:
        education.append(Line(facts.typical_education, facts.typical_education_source))
    routes = [path.name for path in role.education_paths.all()]
    skills = [
        Line(f"{link.skill.name}: {link.detail}" if link.detail else link.skill.name) for link in role.role_skills.all()
    ]
    experience = Line(
        f"{level.years_total_display} years of total experience, typically "
        f"{level.years_in_role_display} years at this level."
    )
    return [
        Section("required-skills", "Required skills", items=skills),
        Section(
            "nice-to-have",
            "Nice to have",
            items=[Line(f"{category}: {', '.join(names)}") for category, names in tools_by_category.items()],
        ),
        Section(
            "education",
            "Education",
            paragraphs=education,
            items=[Line(f"Routes the guide lists: {', '.join(routes)}.")] if routes else [],
        ),
        Section("experience", "Experience", paragraphs=[experience]),
        Section("certifications", "Certifications", items=[Line(name) for name in certifications]),
        Section("pay", "Pay", items=_pay_lines(role, level, region)),
    ]


def _with_note(line: Line, footnotes: Footnotes) -> str:
    number = footnotes.number(line.source)
    return f"{line.text} [{number}]" if number else line.text


def _source_line(number: int, source) -> str:
    name = source.publisher + (f" ({source.publisher_abbreviation})" if source.publisher_abbreviation else "")
    date = source.as_of_display or "date not stated"
    return f"[{number}] {name}, {source.title}, {date}. {source.measures}"


def to_markdown(jd: JobDescription) -> str:
    """The job description as Markdown: a title, one `##` section each, numbered source notes."""
    out = [f"# {jd.title}", "", f"*{jd.role.title} · job description template*", ""]
    for section in jd.sections:
        out += [f"## {section.heading}", ""]
        out += [item for line in section.paragraphs for item in (_with_note(line, jd.footnotes), "")]
        if section.items:
            out += [f"- {_with_note(line, jd.footnotes)}" for line in section.items] + [""]
    if jd.sources:
        out += ["## Sources", ""]
        out += [f"{_source_line(n, source)}  " for n, source in enumerate(jd.sources, start=1)] + [""]
    out += ["---", "", f"*{jd.how_built}*", ""]
    return "\n".join(out)


def to_text(jd: JobDescription) -> str:
    """The job description as plain text: underlined headings, “- ” items, numbered source notes."""
    out = [jd.title, "=" * len(jd.title), f"{jd.role.title} · job description template", ""]
    for section in jd.sections:
        out += [section.heading, "-" * len(section.heading)]
        out += [_with_note(line, jd.footnotes) for line in section.paragraphs]
        out += [f"- {_with_note(line, jd.footnotes)}" for line in section.items]
        out.append("")
    if jd.sources:
        out += ["Sources", "-------"]
        out += [_source_line(n, source) for n, source in enumerate(jd.sources, start=1)] + [""]
    out += [jd.how_built, ""]
    return "\n".join(out)


def render(jd: JobDescription, file_format: str) -> tuple[str, str, str]:
    """(body, content type, file name) of the `file_format` download (a key of `FORMATS`)."""
    content_type, extension = FORMATS[file_format]
    body = to_markdown(jd) if file_format == "md" else to_text(jd)
    return body, f"{content_type}; charset=utf-8", f"{jd.file_stem}.{extension}"
