"""BLS Occupational Employment and Wage Statistics (OEWS): releases, the SOC hierarchy, areas, industries,
footnotes and wage estimates, as BLS publishes them in its time-series flat files (`manage.py import_oews`
reads them, `salaries/oews.py`).

The figures stand on their own: a guide (roles) names an occupation by its SOC code, never the other way
round. Imported by `salaries.models`, which registers these models with the app.
"""

import re
from typing import NamedTuple

from django.db import models
from django.db.models import Case, Count, F, FilteredRelation, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils.functional import cached_property

from careerguide.natural_keys import NaturalKeyModel, NaturalKeyQuerySet
from careerguide.search import ranked_search


class OewsFigure(NamedTuple):
    """One of the 17 OEWS datatypes: its BLS code, the estimate's field and how BLS writes it."""

    datatype: str
    field: str
    kind: str  # "count", "rse", "hourly", "annual", "ratio"


# BLS's datatype codes (`oe.datatype`), in BLS's order; the one list the importer, the API and the CSV use.
OEWS_FIGURES = (
    OewsFigure("01", "employment", "count"),
    OewsFigure("02", "employment_rse", "rse"),
    OewsFigure("03", "hourly_mean", "hourly"),
    OewsFigure("04", "annual_mean", "annual"),
    OewsFigure("05", "wage_rse", "rse"),
    OewsFigure("06", "hourly_p10", "hourly"),
    OewsFigure("07", "hourly_p25", "hourly"),
    OewsFigure("08", "hourly_median", "hourly"),
    OewsFigure("09", "hourly_p75", "hourly"),
    OewsFigure("10", "hourly_p90", "hourly"),
    OewsFigure("11", "annual_p10", "annual"),
    OewsFigure("12", "annual_p25", "annual"),
    OewsFigure("13", "annual_median", "annual"),
    OewsFigure("14", "annual_p75", "annual"),
    OewsFigure("15", "annual_p90", "annual"),
    OewsFigure("16", "jobs_per_1000", "ratio"),
    OewsFigure("17", "location_quotient", "ratio"),
)


class OewsReleaseQuerySet(NaturalKeyQuerySet):
    def latest_release(self):
        """The newest release (by reference date), or None: the default of every OEWS query. One query."""
        return self.order_by("-reference_date", "-pk").first()

    def newest(self, count: int = 2) -> list["OewsRelease"]:
        """The `count` newest releases, newest first (pay movement compares the first two): one query."""
        return list(self.order_by("-reference_date", "-pk")[:count])


class OewsRelease(NaturalKeyModel, models.Model):
    """One OEWS release of BLS (e.g. “May 2025”), with the flat files it was imported from."""

    code = models.CharField(max_length=10, unique=True, help_text="BLS's release code, e.g. 2025A01.")
    name = models.CharField(max_length=40, help_text="As BLS names it, e.g. “May 2025”.")
    reference_date = models.DateField(help_text="The month the estimates describe (the 1st of that month).")
    published = models.DateField(null=True, blank=True, help_text="When BLS published the release, if known.")
    source_files = models.JSONField(
        default=list,
        blank=True,
        help_text="Every flat file imported for this release: name, bytes and SHA-256, and the areas and "
        "industries taken from it.",
    )

    natural_key_lookups = ("code",)
    objects = OewsReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-reference_date", "-pk"]
        verbose_name = "OEWS release"

    def __str__(self):
        return self.name


# What a search for a SOC code looks like ("11", "11-30", "11-3021").
SOC_CODE_PREFIX = re.compile(r"^[0-9]{2}(-[0-9]{0,4})?$")
# Typo matches of an occupation's title are ranked in bands of this width: within one they are taken as
# equally likely, and the occupation most people do comes first.
SIMILARITY_STEP = 0.5


class OccupationQuerySet(NaturalKeyQuerySet):
    def search(self, text: str):
        """Occupations whose title holds the words of `text` (at a word's start) or is within typo distance of
        it, or whose SOC code starts with it, best first (see careerguide.search): titles holding the words,
        then typo matches by similarity. Titles alike in that (all holding "nurse"; "electrican": Electrical
        Engineers 0.82, Electricians 0.73) come most employed first (latest national estimate), the likelier
        meant. One query, with a correlated subquery for the employment of the rows found."""
        text = text.strip()
        soc_code = Q(soc_code__startswith=text) if SOC_CODE_PREFIX.match(text) else None
        employment = WageEstimate.objects.national().of_release(None).filter(occupation=OuterRef("pk"))
        return ranked_search(
            self,
            text,
            vector=None,
            similar="title",
            words_in=[("title", 1.0)],
            extra=soc_code,
            order=[Subquery(employment.values("employment")[:1]).desc(nulls_last=True), "title"],
            similarity_step=SIMILARITY_STEP,
        )

    def with_national_figures(self, release):
        """Annotate the national, all-industry estimate of `release` (`national_*` attributes), by one LEFT
        JOIN in the same query: the occupation list's figures, filters and ordering need no extra query.
        Without a release (None) every figure is null."""
        national = FilteredRelation(
            "estimates",
            condition=Q(
                # FilteredRelation allows no joins in its condition: the codes become subqueries.
                estimates__release=release,
                estimates__area=Subquery(OewsArea.objects.filter(code=OewsArea.NATIONAL_CODE).values("pk")[:1]),
                estimates__industry=Subquery(
                    OewsIndustry.objects.filter(code=OewsIndustry.ALL_INDUSTRIES_CODE).values("pk")[:1]
                ),
            ),
        )
        return self.annotate(national=national).annotate(
            **{f"national_{name}": F(f"national__{name}") for name in OCCUPATION_LIST_COLUMNS}
        )

    def for_listing(self, release):
        """Ordered by SOC code, with the parent's code and the national figures of `release`; one query."""
        return self.select_related("parent").with_national_figures(release).order_by("soc_code", "pk")

    def major_groups(self, release):
        """The major groups by SOC code, each with its national figures of `release` (`national_*`) and
        `occupation_count`, the number of its detailed occupations (a subquery): one query."""
        detailed = (
            Occupation.objects.filter(level=Occupation.Level.DETAILED)
            .annotate(group_prefix=Substr("soc_code", 1, 3))
            .filter(group_prefix=Substr(OuterRef("soc_code"), 1, 3))
            .values("group_prefix")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            self.filter(level=Occupation.Level.MAJOR)
            .with_national_figures(release)
            .annotate(occupation_count=Subquery(detailed))
            .order_by("soc_code", "pk")
        )

    def neighbours_of(self, occupation, release):
        """The other occupations under `occupation`'s parent (its SOC siblings), with their national figures
        of `release`, by SOC code: one query (none are returned for a major group)."""
        if occupation.parent_id is None:
            return self.none()
        return (
            self.filter(parent_id=occupation.parent_id)
            .exclude(pk=occupation.pk)
            .with_national_figures(release)
            .order_by("soc_code", "pk")
        )

    def for_sitemap(self):
        """Every occupation by SOC code (one query per sitemap page)."""
        return self.order_by("soc_code", "pk")

    def for_detail(self):
        """With the parent chain (up to the major group) and the children preloaded: two queries."""
        return self.select_related("parent__parent__parent").prefetch_related(
            Prefetch("children", queryset=Occupation.objects.order_by("soc_code"))
        )

    def best_paid(self, release):
        """Detailed occupations by national annual median of `release`, highest first, with their national
        figures (one query; a top-coded median sorts at its floor, "at least"). Those without a yearly
        median (paid by the hour, or not released) are left out."""
        return (
            self.filter(level=Occupation.Level.DETAILED)
            .with_national_figures(release)
            .filter(national_annual_median__isnull=False)
            .order_by("-national_annual_median", "title", "pk")
        )

    def most_employed(self, release):
        """Detailed occupations by national employment in `release`, largest first, with their national
        figures (one query)."""
        return (
            self.filter(level=Occupation.Level.DETAILED)
            .with_national_figures(release)
            .filter(national_employment__isnull=False)
            .order_by("-national_employment", "title", "pk")
        )


# Figures an occupation list item carries from its national estimate.
OCCUPATION_LIST_FIGURES = ("employment", "hourly_median", "annual_mean", "annual_median")
OCCUPATION_LIST_COLUMNS = (*OCCUPATION_LIST_FIGURES, *(f"{name}_footnote" for name in OCCUPATION_LIST_FIGURES))


class Occupation(NaturalKeyModel, models.Model):
    """An occupation of the Standard Occupational Classification (SOC), at any level of its hierarchy."""

    class Level(models.TextChoices):
        TOTAL = "total", "All occupations"
        MAJOR = "major", "Major group"
        MINOR = "minor", "Minor group"
        BROAD = "broad", "Broad occupation"
        DETAILED = "detailed", "Detailed occupation"

    soc_code = models.CharField(max_length=7, unique=True, help_text="SOC code with its hyphen, e.g. 11-3021.")
    title = models.CharField(max_length=200)
    level = models.CharField(max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The group one level up (none for a major group).",
    )
    description = models.TextField(blank=True, help_text="BLS's definition of the occupation, when its file has one.")

    natural_key_lookups = ("soc_code",)
    objects = OccupationQuerySet.as_manager()

    class Meta:
        ordering = ["soc_code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(soc_code__regex=r"^[0-9]{2}-[0-9]{4}$"),
                name="occupation_soc_code_format",
                violation_error_code="soc_code",
                violation_error_message="Write the SOC code as two digits, a hyphen and four digits, e.g. 11-3021.",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.soc_code})"

    def get_absolute_url(self):
        """The occupation's page (served by roles, which adds the guides; the name is the URLconf's)."""
        return reverse("occupation-detail", kwargs={"soc_code": self.soc_code})

    @cached_property
    def national_estimate(self) -> "WageEstimate | None":
        """The latest release's national all-industry estimate, with its release, or None: one query."""
        return (
            WageEstimate.objects.national().of_release(None).select_related("release").filter(occupation=self).first()
        )

    def ancestors(self) -> list["Occupation"]:
        """The groups above this occupation, major group first (no query after `for_detail()`)."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]


class OewsAreaQuerySet(NaturalKeyQuerySet):
    def states(self):
        """The states and territories by name (the pickers of a state): one query."""
        return self.filter(kind=OewsArea.Kind.STATE).order_by("name", "pk")

    def for_listing(self):
        """Ordered nation, states, then metropolitan areas, each by name, with the state; one query."""
        kind_order = Case(
            *(When(kind=kind, then=Value(n)) for n, kind in enumerate(OewsArea.Kind.values)),
            output_field=models.IntegerField(),
        )
        return self.select_related("state").order_by(kind_order, "name", "pk")


class OewsArea(NaturalKeyModel, models.Model):
    """An OEWS area: the nation, a state or territory, or a metropolitan or nonmetropolitan area."""

    class Kind(models.TextChoices):
        NATIONAL = "national", "National"
        STATE = "state", "State or territory"
        METRO = "metro", "Metropolitan or nonmetropolitan area"

    NATIONAL_CODE = "0000000"
    # BLS's area type letter in a series id and in `oe.area`.
    KIND_BY_BLS_TYPE = {"N": Kind.NATIONAL, "S": Kind.STATE, "M": Kind.METRO}

    code = models.CharField(max_length=7, unique=True, help_text="BLS's 7-digit area code, e.g. 0600000.")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, db_index=True)
    state_code = models.CharField(
        max_length=2, db_index=True, help_text="FIPS code of the area's state (00 for the nation), e.g. 06."
    )
    state = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The state or territory the area lies in (none for the nation and the states themselves).",
    )

    natural_key_lookups = ("code",)
    objects = OewsAreaQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "OEWS area"

    def __str__(self):
        return self.name


class OewsIndustryQuerySet(NaturalKeyQuerySet):
    def ranked(self):
        """The industries an occupation's employment is ranked over: BLS's 4-digit NAICS industry groups
        (one level, so no job counts twice, in a sector and in its parts; the level the Occupational
        Outlook Handbook ranks at). BLS's hierarchy lists ownership variants beside their parents, so
        "the finest industries at any depth" would count some jobs twice."""
        return self.filter(level=OewsIndustry.RANKED_LEVEL)


class OewsIndustry(NaturalKeyModel, models.Model):
    """An OEWS industry (NAICS-based), with its place in BLS's hierarchy."""

    ALL_INDUSTRIES_CODE = "000000"
    # BLS's display level of the 4-digit NAICS industry groups (sectors are 2).
    RANKED_LEVEL = 4

    code = models.CharField(max_length=6, unique=True, help_text="BLS's industry code, e.g. 000000 or 11--12.")
    name = models.CharField(max_length=200)
    level = models.PositiveSmallIntegerField(help_text="BLS's display level: 0 for all industries, deeper is finer.")
    position = models.PositiveIntegerField(help_text="Place in BLS's list (parents before their children).")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", help_text="One level up."
    )

    natural_key_lookups = ("code",)
    objects = OewsIndustryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "OEWS industry"
        verbose_name_plural = "OEWS industries"

    def __str__(self):
        return self.name


class OewsFootnoteQuerySet(NaturalKeyQuerySet):
    def by_code(self) -> dict[str, "OewsFootnote"]:
        """Every footnote by its code (a handful): one query."""
        return {footnote.code: footnote for footnote in self}


class OewsFootnote(NaturalKeyModel, models.Model):
    """A BLS footnote (`oe.footnote`): why a figure is missing, or what it means."""

    # The top-code footnote states the floors: "equal to or greater than $115.00 per hour or $239,200 per year".
    FLOOR_PATTERN = re.compile(r"greater than \$([\d,.]+) per hour or \$([\d,.]+) per year")

    code = models.CharField(max_length=2, unique=True)
    text = models.TextField()
    hourly_floor = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, help_text="For a top-code footnote: the hourly floor."
    )
    annual_floor = models.PositiveIntegerField(null=True, blank=True, help_text="For a top-code footnote.")

    natural_key_lookups = ("code",)
    objects = OewsFootnoteQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "OEWS footnote"

    def __str__(self):
        return f"{self.code}: {self.text}"

    @property
    def is_top_code(self) -> bool:
        return self.annual_floor is not None


class WageEstimateQuerySet(NaturalKeyQuerySet):
    def for_listing(self):
        """With the occupation, area, industry and release, by one query (joins), ordered by occupation and
        area code."""
        return self.select_related("occupation", "area", "industry", "release").order_by(
            "occupation__soc_code", "area__code", "pk"
        )

    def of_release(self, code: str | None):
        """Estimates of the release with BLS code `code`, or of the latest release (a subquery, no extra query)."""
        if code:
            return self.filter(release__code=code)
        latest = OewsRelease.objects.order_by("-reference_date", "-pk").values("pk")[:1]
        return self.filter(release=Subquery(latest))

    def in_industry(self, code: str | None):
        """Estimates for industry `code`, by default all industries (000000)."""
        return self.filter(industry__code=code or OewsIndustry.ALL_INDUSTRIES_CODE)

    def national(self):
        """The all-industry estimates for the nation."""
        return self.in_industry(None).filter(area__code=OewsArea.NATIONAL_CODE)

    def in_state_of(self, soc_code: str, state_code: str):
        """The latest release's all-industry estimate of occupation `soc_code` in the state or territory with FIPS
        code `state_code`, with its area, release and occupation (one query when evaluated; at most one row)."""
        return (
            self.of_release(None)
            .in_industry(None)
            .filter(occupation__soc_code=soc_code, area__kind=OewsArea.Kind.STATE, area__state_code=state_code)
            .select_related("area", "release", "occupation")
        )

    def for_occupation_page(self, occupation, releases):
        """The all-industry estimates of `occupation` an occupation page starts from, with their area and
        release, by one query: the nation and every state and territory in `releases[0]` (the newest), and the
        nation in `releases[1]`, when given (how pay moved)."""
        wanted = Q(release=releases[0], area__kind__in=[OewsArea.Kind.NATIONAL, OewsArea.Kind.STATE])
        if len(releases) > 1:
            wanted |= Q(release=releases[1], area__kind=OewsArea.Kind.NATIONAL)
        return (
            self.in_industry(None)
            .filter(wanted, occupation=occupation)
            .select_related("area", "release")
            .order_by("area__name", "area__pk", "-release__reference_date")
        )

    def metros_of(self, occupation, release):
        """The all-industry estimates of `occupation` in metropolitan and nonmetropolitan areas of `release`,
        with their area, by area name (a lazy QuerySet: the page slices and pages it, one query each)."""
        return (
            self.in_industry(None)
            .filter(occupation=occupation, release=release, area__kind=OewsArea.Kind.METRO)
            .select_related("area")
            .order_by("area__name", "area__pk")
        )

    def top_industries_of(self, occupation, release, *, limit: int):
        """The national estimates of `occupation` in the `limit` industries (`OewsIndustry.objects.ranked()`)
        that employ most of it in `release`, with the industry: one query."""
        return (
            self.filter(
                occupation=occupation,
                release=release,
                # Subqueries, not joins: the planner then starts from the occupation's index
                # (wage_estimate_unique_cell), not from the nation's 130,000 estimates by industry.
                industry__in=OewsIndustry.objects.ranked().values("pk"),
                area=Subquery(OewsArea.objects.filter(code=OewsArea.NATIONAL_CODE).values("pk")[:1]),
                employment__isnull=False,
            )
            .select_related("industry")
            .order_by("-employment", "industry__position", "pk")[:limit]
        )

    def compared(self, occupations, release, area_code: str):
        """The all-industry estimates of `occupations` in the area with BLS code `area_code` for `release`,
        with the occupation: one query (the compare page)."""
        return (
            self.in_industry(None)
            .filter(occupation__in=occupations, release=release, area__code=area_code)
            .select_related("occupation")
        )

    def in_area(self, area, release):
        """The all-industry estimates of detailed occupations in `area` for `release`, with the occupation
        (a lazy QuerySet the area page orders and slices three ways, one query each; the index
        `wage_area_top_occupations` serves them)."""
        return (
            self.in_industry(None)
            .filter(area=area, release=release, occupation__level=Occupation.Level.DETAILED)
            .select_related("occupation")
        )


class WageEstimate(NaturalKeyModel, models.Model):
    """BLS's estimate of one occupation's employment and pay in one area and industry, for one release.

    A figure BLS did not publish is NULL, and its `*_footnote` says why (8: not released, 4: hourly or
    annual only); a top-coded wage (footnote 5) holds its floor, which is "at least", not a value.
    """

    # No single-column indexes: the three below start with occupation and area, and each index costs time
    # on every one of a release's ~370,000 inserts. Deleting a release or an industry (rare, never from a
    # page) scans the table instead.
    release = models.ForeignKey(OewsRelease, on_delete=models.CASCADE, related_name="estimates", db_index=False)
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="estimates", db_index=False)
    area = models.ForeignKey(OewsArea, on_delete=models.PROTECT, related_name="estimates", db_index=False)
    industry = models.ForeignKey(OewsIndustry, on_delete=models.PROTECT, related_name="estimates", db_index=False)

    employment = models.PositiveIntegerField(null=True, blank=True)
    employment_rse = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    hourly_mean = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    annual_mean = models.PositiveIntegerField(null=True, blank=True)
    wage_rse = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    hourly_p10 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p25 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_median = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p75 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p90 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    annual_p10 = models.PositiveIntegerField(null=True, blank=True)
    annual_p25 = models.PositiveIntegerField(null=True, blank=True)
    annual_median = models.PositiveIntegerField(null=True, blank=True)
    annual_p75 = models.PositiveIntegerField(null=True, blank=True)
    annual_p90 = models.PositiveIntegerField(null=True, blank=True)
    jobs_per_1000 = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    location_quotient = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)

    employment_footnote = models.CharField(max_length=10, blank=True)
    employment_rse_footnote = models.CharField(max_length=10, blank=True)
    hourly_mean_footnote = models.CharField(max_length=10, blank=True)
    annual_mean_footnote = models.CharField(max_length=10, blank=True)
    wage_rse_footnote = models.CharField(max_length=10, blank=True)
    hourly_p10_footnote = models.CharField(max_length=10, blank=True)
    hourly_p25_footnote = models.CharField(max_length=10, blank=True)
    hourly_median_footnote = models.CharField(max_length=10, blank=True)
    hourly_p75_footnote = models.CharField(max_length=10, blank=True)
    hourly_p90_footnote = models.CharField(max_length=10, blank=True)
    annual_p10_footnote = models.CharField(max_length=10, blank=True)
    annual_p25_footnote = models.CharField(max_length=10, blank=True)
    annual_median_footnote = models.CharField(max_length=10, blank=True)
    annual_p75_footnote = models.CharField(max_length=10, blank=True)
    annual_p90_footnote = models.CharField(max_length=10, blank=True)
    jobs_per_1000_footnote = models.CharField(max_length=10, blank=True)
    location_quotient_footnote = models.CharField(max_length=10, blank=True)

    natural_key_lookups = ("occupation__soc_code", "release__code", "industry__code", "area__code")
    objects = WageEstimateQuerySet.as_manager()

    class Meta:
        ordering = ["release", "occupation", "area", "industry"]
        constraints = [
            # Also the index of an occupation's estimates: its detail's national estimate, the occupation
            # list's national figures (joined per occupation), /api/v1/wages/?occupation=... .
            models.UniqueConstraint(
                fields=["occupation", "release", "industry", "area"],
                name="wage_estimate_unique_cell",
                violation_error_message="This release already has an estimate for this occupation, area and industry.",
            ),
        ]
        indexes = [
            # One occupation across every area, by median
            # (/api/v1/wages/?occupation=11-3021&area_type=metro&ordering=-annual_median).
            models.Index(
                fields=["occupation", "release", "industry", "annual_median"], name="wage_occupation_by_median"
            ),
            # An area's top occupations (/api/v1/wages/?area=0041860&ordering=-annual_median), and the area's
            # estimates in general.
            models.Index(fields=["area", "release", "industry", "annual_median"], name="wage_area_top_occupations"),
        ]

    def __str__(self):
        return f"{self.occupation} in {self.area}, {self.industry} ({self.release})"


def published_figures(obj, footnotes: dict[str, OewsFootnote], *, fields=None, prefix: str = "") -> tuple[dict, dict]:
    """The figures of an estimate as a reader may take them, and their footnotes (no query).

    Returns ({field: value or None}, {field: {"code", "text"[, "floor"]}}): a top-coded wage is None with
    its floor in the footnote, so "at least $239,200" is never read as a value. `obj` is a WageEstimate,
    or an object carrying the figures as `<prefix><field>` attributes (the occupation list's annotations);
    `footnotes` are all footnotes by code (`OewsFootnote.objects.by_code()`).
    """
    values, notes = {}, {}
    for figure in OEWS_FIGURES:
        if fields is not None and figure.field not in fields:
            continue
        value = getattr(obj, f"{prefix}{figure.field}")
        codes = getattr(obj, f"{prefix}{figure.field}_footnote", "") or ""
        top_coded = False
        if codes:
            known = [footnotes[code] for code in codes.split(",") if code in footnotes]
            notes[figure.field] = {"code": codes, "text": " ".join(note.text for note in known)}
            if value is not None and any(note.is_top_code for note in known):
                notes[figure.field]["floor"] = value
                top_coded = True
        values[figure.field] = None if top_coded else value
    return values, notes
