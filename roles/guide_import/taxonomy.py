"""The shared rows a guide points at, matched by name or added: the one place an import resolves them.

Currencies and countries are added when missing; sources are reused when publisher, data set, occupation
and date agree; skills match by name or any alias, tools by name (a new tool goes under the guide's
category), certifications by name or abbreviation, related careers by title or slug (a missing one is
added as a title-only draft role). Shared rows are only ever added, never changed. Every row found or
added is entered in `references` under its natural key, so the guide's rows can name it that way
(`["orbital-gardener"]`) and the loader does not look it up again.
"""

from datetime import date

from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from roles.guide_rows import fit
from roles.models import Certification, Role, Skill, Tool, ToolCategory
from salaries.models import Currency, Region, Source

from .money import currency_name, iso_currencies
from .places import country_name
from .results import OfficialSource, ParsedGuide
from .text import fold

EDITORIAL_MEASURES = (
    "The guide's own estimates: pay by experience level and the national pay range, salary ranges by country "
    "or region, costs and durations of education, routes into the role and its market commentary."
)


def count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def unique_slug(text: str, taken: set[str], max_length: int) -> str:
    base = (slugify(text.replace("#", " sharp").replace("+", " plus")) or "item")[:max_length].strip("-")
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        number += 1
    taken.add(slug)
    return slug


class SharedRows:
    """The shared rows of one guide, found or added (`resolve`), by the names the guide uses."""

    def __init__(self, guide: ParsedGuide, *, role_slug: str, user, reason: str):
        self.guide = guide
        self.role_slug = role_slug
        self.user = user
        self.reason = reason
        self.references: dict[tuple, int] = {}
        self.added: list[str] = []  # "2 skills", ... for the report
        self.notes: list[str] = []

    def _create(self, model, objects: list) -> list:
        if not objects:
            return []
        created = bulk_create_with_history(
            objects, model, batch_size=500, default_user=self.user, default_change_reason=self.reason
        )
        self._known(model, created)
        return created

    def _known(self, model, objects) -> None:
        for obj in objects:
            self.references[(model, obj.natural_key())] = obj.pk

    def resolve(self) -> None:
        """Find or add every shared row the guide names (about three queries per kind of row)."""
        self._currencies()
        self._regions()
        self._sources()
        self._skills()
        self._tools()
        self._certifications()
        self._related_roles()
        if self.added:
            self.notes.append("Added: " + "; ".join(self.added) + ".")

    # --- Currencies and regions -------------------------------------------------------------------

    def _currencies(self) -> None:
        guide = self.guide
        codes = {pay.currency for pay in guide.regional_pay} | {pay.currency for pay in guide.level_pay if pay.currency}
        codes |= {route.currency for route in guide.education if route.currency}
        if guide.key_facts:
            codes.add(guide.key_facts.currency)
        codes = {code for code in codes if code in iso_currencies()}
        known = set(Currency.objects.filter(code__in=codes).values_list("code", flat=True))
        symbols = {pay.currency: pay.symbol for pay in guide.regional_pay if pay.symbol}
        new = [
            Currency(code=code, name=currency_name(code)[:80], symbol=symbols.get(code, "$" if code == "USD" else ""))
            for code in sorted(codes - known)
        ]
        if new:
            bulk_create_with_history(
                new, Currency, batch_size=500, default_user=self.user, default_change_reason=self.reason
            )
            self.added.append(count(len(new), "currency", "currencies") + f" ({', '.join(c.code for c in new)})")
        self.currencies = known | {currency.code for currency in new}

    def _wanted_countries(self) -> dict[str, tuple[str, str]]:
        """ISO code -> (area, currency) of every country the guide names."""
        guide = self.guide
        wanted: dict[str, tuple[str, str]] = {}
        for pay in guide.regional_pay:
            if pay.place.kind == "country":
                wanted.setdefault(pay.place.code, (pay.place.area, pay.currency))
        for pay in guide.level_pay:
            wanted.setdefault(pay.country, ("", pay.currency))
        for visa in guide.visas:
            if visa.country:
                wanted.setdefault(visa.country, ("", ""))
        return wanted

    def _regions(self) -> None:
        regions = list(Region.objects.all())
        self._known(Region, regions)
        by_iso = {region.iso_code: region for region in regions if region.iso_code}
        names = {region.name for region in regions}
        slugs = {region.slug for region in regions}
        new = []
        for code, (area, currency) in sorted(self._wanted_countries().items()):
            if code in by_iso:
                continue
            name = country_name(code)[:100]
            name = f"{name} ({code})" if name in names else name
            names.add(name)
            currency = currency if currency in self.currencies else None
            slug = unique_slug(name, slugs, 100)
            new.append(
                Region(name=name, slug=slug, kind=Region.Kind.COUNTRY, iso_code=code, area=area, currency_id=currency)
            )
        regions += self._create(Region, new)
        if new:
            self.added.append(count(len(new), "country", "countries") + f" ({', '.join(r.iso_code for r in new)})")
        self.by_iso = {region.iso_code: region for region in regions if region.iso_code}
        self.by_region_name = {}
        for region in regions:
            if region.kind == Region.Kind.REGION:
                self.by_region_name[fold(region.name)] = region
                self.by_region_name[fold(region.slug)] = region

    def region_named(self, name: str) -> Region | None:
        return self.by_region_name.get(fold(name)) or self.by_region_name.get(fold(slugify(name)))

    # --- Sources ------------------------------------------------------------------------------------

    def _editorial_values(self) -> dict:
        guide = self.guide
        year = guide.editorial_year
        dated = f"; dated to the {year} market the guide describes." if year else "; the guide gives no date."
        return {
            "publisher": guide.publisher,
            "publisher_abbreviation": "",
            "title": f"{guide.title} career guide",
            "measures": EDITORIAL_MEASURES,
            "occupation": "",
            "soc_code": "",
            "kind": Source.Kind.EDITORIAL_ESTIMATE,
            "as_of": date(year, 1, 1) if year else None,
            "as_of_precision": Source.Precision.YEAR if year else "",
            "notes": "Editorial estimates published without a method or sample size" + dated,
        }

    def _official(self) -> list[OfficialSource]:
        facts = self.guide.key_facts
        official = [source for source in (facts.median_source, facts.openings_source) if source] if facts else []
        return official + [growth.source for growth in self.guide.growth if growth.source]

    def _sources(self) -> None:
        """Official sources the key facts cite and the guide's own editorial source, reused when they exist."""
        editorial = self._editorial_values()
        wanted = {_source_key(editorial): editorial}
        self.official_keys: dict[int, tuple] = {}
        facts_median = self.guide.key_facts.median_source if self.guide.key_facts else None
        for source in self._official():
            values = {
                "publisher": source.publisher,
                "publisher_abbreviation": source.abbreviation,
                "title": source.title,
                "measures": _measures(source, hourly=source is facts_median and self.guide.key_facts.period == "hour"),
                "occupation": source.occupation,
                "soc_code": source.soc_code,
                "kind": Source.Kind.OFFICIAL_STATISTIC,
                "as_of": source.as_of,
                "as_of_precision": source.precision,
                "notes": _hourly_note(source),
            }
            self.official_keys[id(source)] = _source_key(values)
            first = wanted.setdefault(_source_key(values), values)
            # The same statistic cited twice (openings and growth): a code or an hourly figure either line
            # gives belongs to it.
            first["soc_code"] = first["soc_code"] or values["soc_code"]
            first["notes"] = first["notes"] or values["notes"]
        publishers = {values["publisher"] for values in wanted.values()}
        self.sources = {}
        for source in Source.objects.filter(publisher__in=publishers).order_by("pk"):
            self.sources.setdefault(_source_key(source.__dict__), source)
        new = [Source(**fit(Source, dict(values))) for key, values in wanted.items() if key not in self.sources]
        for source in self._create(Source, new):
            self.sources[_source_key(source.__dict__)] = source
        if new:
            self.added.append(count(len(new), "source", "sources"))
        self.editorial = self.sources[_source_key(editorial)]
        # The guide's rows name sources by natural key; the ones meant here are these.
        self._known(Source, [*dict.fromkeys(self.sources[key] for key in wanted)])

    def source_for(self, official: OfficialSource | None) -> Source:
        return self.sources[self.official_keys[id(official)]] if official else self.editorial

    def source_key(self, official: OfficialSource | None) -> list:
        return list(self.source_for(official).natural_key())

    # --- Taxonomy -------------------------------------------------------------------------------------

    def _skills(self) -> None:
        """Skills by any spelling of the name ("SDLC Management" for "Software Development Life Cycle (SDLC) …")."""
        self.skill_slugs: dict[str, str] = {}  # folded name -> slug
        if not self.guide.skills:
            return
        existing = list(Skill.objects.values_list("pk", "name", "slug"))
        by_key = {fold(name): slug for _, name, slug in existing}
        self.references.update({(Skill, (slug,)): pk for pk, _, slug in existing})
        slugs = {slug for _, _, slug in existing}
        # New skills by key: a set rebuilt per skill made 5,000 skills cost 12.5 million folds (minutes).
        new: dict[str, Skill] = {}
        for skill in self.guide.skills:
            name_key = fold(skill.name)
            keys = [name_key, *(fold(alias) for alias in skill.aliases)]
            found = next((by_key[key] for key in keys if key in by_key), None)
            if found is not None:
                self.skill_slugs[name_key] = found
            elif name_key not in new:
                slug = unique_slug(skill.name, slugs, 120)
                new[name_key] = Skill(name=skill.name, slug=slug, category=skill.category)
        for name_key, skill in zip(new, self._create(Skill, list(new.values())), strict=True):
            self.skill_slugs[name_key] = skill.slug
        if new:
            self.added.append(count(len(new), "skill", "skills"))

    def _tools(self) -> None:
        """Tools by name; a tool already in the taxonomy keeps its category, new tools go under the guide's."""
        self.tool_slugs: list[str] = []
        guide = self.guide
        if not guide.tools:
            return
        tools = list(Tool.objects.values_list("pk", "name", "slug"))
        self.references.update({(Tool, (slug,)): pk for pk, _, slug in tools})
        slug_of = {fold(name): slug for _, name, slug in tools}
        missing = {fold(tool.name): tool for tool in guide.tools if fold(tool.name) not in slug_of}
        categories = list(ToolCategory.objects.values_list("pk", "name", "slug", "order")) if missing else []
        category_ids = {fold(name): pk for pk, name, _, _ in categories}
        category_slugs = {slug for _, _, slug, _ in categories}
        next_order = max((order for *_, order in categories), default=0) + 1
        new_categories: dict[str, ToolCategory] = {}
        for tool in missing.values():
            key = fold(tool.category)
            if key not in category_ids and key not in new_categories:
                slug = unique_slug(tool.category, category_slugs, 80)
                new_categories[key] = ToolCategory(
                    name=tool.category, slug=slug, order=next_order + len(new_categories)
                )
        for category in self._create(ToolCategory, list(new_categories.values())):
            category_ids[fold(category.name)] = category.pk
        tool_slugs = {slug for _, _, slug in tools}
        new_tools = [
            Tool(
                name=tool.name,
                slug=unique_slug(tool.name, tool_slugs, 80),
                category_id=category_ids[fold(tool.category)],
            )
            for tool in missing.values()
        ]
        for tool in self._create(Tool, new_tools):
            slug_of[fold(tool.name)] = tool.slug
        self.tool_slugs = list(dict.fromkeys(slug_of[fold(tool.name)] for tool in guide.tools))
        if new_tools:
            in_new = f" in {count(len(new_categories), 'new category', 'new categories')}" if new_categories else ""
            self.added.append(count(len(new_tools), "tool", "tools") + in_new)

    def _certifications(self) -> None:
        """Certifications by name or abbreviation."""
        self.certification_slugs: list[str] = []
        if not self.guide.certifications:
            return
        existing = list(Certification.objects.values_list("pk", "name", "slug", "abbreviation"))
        self.references.update({(Certification, (slug,)): pk for pk, _, slug, _ in existing})
        by_key = {}
        for _, name, slug, abbreviation in existing:
            by_key[fold(name)] = slug
            if abbreviation:
                by_key.setdefault(fold(abbreviation), slug)
        slugs = {slug for _, _, slug, _ in existing}
        new, order = {}, []
        for mention in self.guide.certifications:
            keys = [fold(mention.name)] + ([fold(mention.abbreviation)] if mention.abbreviation else [])
            found = next((key for key in keys if key in by_key), None)
            order.append(found or keys[0])
            if not found and keys[0] not in new:
                slug = unique_slug(mention.name, slugs, 150)
                new[keys[0]] = Certification(name=mention.name, slug=slug, abbreviation=mention.abbreviation[:20])
        for key, certification in zip(new, self._create(Certification, list(new.values())), strict=True):
            by_key[key] = certification.slug
        self.certification_slugs = list(dict.fromkeys(by_key[key] for key in order))
        if new:
            self.added.append(count(len(new), "certification", "certifications"))

    def _related_roles(self) -> None:
        """Roles named as related careers or ladder levels: link existing ones, add title-only drafts."""
        titles = [related.title for related in self.guide.related]
        roles = list(Role.objects.values_list("pk", "title", "slug"))
        self.references.update({(Role, (slug,)): pk for pk, _, slug in roles})
        self.role_slugs: dict[str, str] = {}  # folded title or slug -> slug
        for _, title, slug in roles:
            self.role_slugs[fold(title)] = slug
            self.role_slugs.setdefault(fold(slug), slug)
        slugs = {slug for _, _, slug in roles} | {self.role_slug}
        new = {}
        for title in titles:
            key = fold(title)
            if key in self.role_slugs or key == fold(self.guide.title) or key in new:
                continue
            if slugify(title) in slugs and fold(slugify(title)) in self.role_slugs:
                continue
            new[key] = Role(title=title, slug=unique_slug(title, slugs, 120), is_published=False)
        # Existing roles the guide links to, each once: not itself, not the drafts added below.
        linked = {self.role_named(title) for title in titles if fold(title) not in new} - {None, self.role_slug}
        for role in self._create(Role, list(new.values())):
            self.role_slugs[fold(role.title)] = role.slug
        if new:
            named = ", ".join(role.title for role in new.values())
            self.added.append(count(len(new), "related role", "related roles") + f" as title-only drafts ({named})")
        if linked:
            self.notes.append(f"Linked {count(len(linked), 'related career', 'related careers')} to existing roles.")

    def role_named(self, title: str) -> str | None:
        """The slug of the role of this title (or slug), if there is one."""
        return self.role_slugs.get(fold(title)) or self.role_slugs.get(fold(slugify(title)))


def _source_key(values: dict) -> tuple:
    """Sources are the same when publisher, data set, occupation and reference date agree."""
    return (fold(values["publisher"]), fold(values["title"]), fold(values["occupation"]), values["as_of"])


def _hourly_note(source: OfficialSource) -> str:
    """The hourly figure a source line adds ("; $30.10 per hour"), kept where readers see the source."""
    if source.hourly is None:
        return ""
    return f"The guide also cites this statistic per hour: ${source.hourly:,.2f} an hour."


def _measures(source: OfficialSource, *, hourly: bool) -> str:
    if source.title.startswith("Occupational") or "wage" in source.title.lower():
        period = "Hourly" if hourly else "Annual"
        return f"{period} median wage for the occupation {source.occupation}, as the guide cites it."
    period = f" over {source.period_start}–{source.period_end}" if source.period_start else ""
    return f"Projected change in employment and yearly openings for {source.occupation}{period}."
