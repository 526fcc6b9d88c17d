"""roles.guide_import: a guide's text in, plain values out. No database: every case is a small inline text."""

from datetime import date
from decimal import Decimal

import pytest

from roles.guide_import import GuideFormatError, country_name, fold, parse_guide, sentences, skill_name_and_detail

TITLE = "Complete Rope Bridge Inspector Career Guide"
KEY_FACTS = """Key Facts & Statistics
Median Salary
$70,000 USD
(U.S. national median for Construction and Building Inspectors, May 2024, BLS)"""


def guide(*sections: str, key_facts: str = KEY_FACTS, title: str = TITLE) -> str:
    """A guide text: title, a summary, key facts, then `sections` (each a block of lines)."""
    return "\n".join([title, "Inspectors check rope bridges.", key_facts, *sections]) + "\n"


def parse(*sections: str, **kwargs):
    return parse_guide(guide(*sections, **kwargs))


def k(amount) -> Decimal:
    return Decimal(amount) * 1000


# --- Not a guide ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "the file is empty"),
        ("\n  \n\t\n", 1, "the file is empty"),
        ("Shopping list\nMilk\n", 1, "the first line must be the guide's title"),
        ("\n\nRope Bridge Inspector\nKey Facts & Statistics\n", 3, "the first line must be the guide's title"),
        (f"{TITLE}\nA summary.\nWhat is a Rope Bridge Inspector?\nText.\n", 3, "no “Key Facts & Statistics”"),
        (f"{TITLE}\nKey Facts & Statistics\nSomething else\n", 2, "has no key facts"),
    ],
)
def test_a_text_that_is_not_a_guide_is_refused_with_its_line(text, line, message):
    with pytest.raises(GuideFormatError) as error:
        parse_guide(text)

    assert error.value.line == line
    assert message in error.value.message
    assert str(error.value).startswith(f"line {line}: ")


def test_title_summary_and_line_numbers_with_a_byte_order_mark_and_crlf():
    parsed = parse_guide("\ufeff" + guide().replace("\n", "\r\n"))

    assert (parsed.title, parsed.title_line) == ("Rope Bridge Inspector", 1)
    assert (parsed.summary.text, parsed.summary.line) == ("Inspectors check rope bridges.", 2)
    assert parsed.unparsed == ()


# --- Key facts -------------------------------------------------------------------------------------


def test_key_facts_with_their_official_sources():
    parsed = parse(
        key_facts="""Key Facts & Statistics
Median Salary
$61,250 USD
(U.S. national median for Software Developers, Quality Assurance Analysts, and Testers, May 2024, BLS)
Range: $40k - $95k+ USD (reflecting region and employer)
Growth Outlook
-3%
slower than average (projected for Software Developers, Quality Assurance Analysts, and Testers, 2024-34, BLS)
Annual Openings
≈20.8k
openings annually (projected for Software Developers, Quality Assurance Analysts, and Testers, BLS)
Typical Education
High school diploma and an apprenticeship"""
    )

    facts = parsed.key_facts
    occupation = "Software Developers, Quality Assurance Analysts, and Testers"
    assert (facts.currency, facts.median) == ("USD", Decimal(61250))
    source = facts.median_source
    assert (source.publisher, source.abbreviation, source.title) == (
        "U.S. Bureau of Labor Statistics",
        "BLS",
        "Occupational Employment and Wage Statistics",
    )
    assert (source.occupation, source.as_of, source.precision) == (occupation, date(2024, 5, 1), "month")
    assert (facts.range_min, facts.range_max, facts.range_max_open_ended) == (k(40), k(95), True)
    assert facts.range_note == "Reflecting region and employer"
    assert (facts.openings, facts.openings_approximate) == (20800, True)
    assert (facts.openings_source.title, facts.openings_source.as_of) == ("Employment Projections", None)
    assert facts.typical_education == "High school diploma and an apprenticeship"
    [growth] = parsed.growth
    assert (growth.pct_min, growth.pct_max, growth.period_start, growth.period_end) == (-3, -3, 2024, 2034)
    assert (growth.comparison, growth.occupation) == ("slower than average", occupation)


def test_key_facts_year_only_date_and_growth_range():
    parsed = parse(
        key_facts="""Key Facts & Statistics
Median Salary
£41,000 GBP
(UK national median for Surveyors, 2024, ONS)
Growth Outlook
5-7%
faster than average (projected for Surveyors, 2024-2034, ONS)"""
    )

    facts = parsed.key_facts
    assert (facts.currency, facts.median) == ("GBP", k(41))
    assert (facts.median_source.publisher, facts.median_source.as_of, facts.median_source.precision) == (
        "ONS",
        date(2024, 1, 1),
        "year",
    )
    assert (parsed.growth[0].pct_min, parsed.growth[0].pct_max) == (5, 7)


def test_a_median_without_a_citation_is_the_guides_own_figure():
    parsed = parse(key_facts="Key Facts & Statistics\nMedian Salary\n$52,000 USD")

    assert parsed.key_facts.median == k(52)
    assert parsed.key_facts.median_source is None


def test_empty_key_fact_headings_are_gaps_and_unreadable_values_unparsed():
    parsed = parse(
        key_facts="""Key Facts & Statistics
Median Salary
—
Annual Openings
plenty
Top Industries
Typical Education"""
    )

    assert parsed.key_facts is None
    assert parsed.unparsed == ((7, "plenty"),)
    assert [(e.heading, e.line) for e in parsed.empty_sections] == [("Top Industries", 8), ("Typical Education", 9)]
    assert [(n.kind, n.section, n.subject) for n in parsed.gaps] == [
        ("gap", "key_facts", "Top industries"),
        ("gap", "key_facts", "Typical education"),
    ]


def test_top_industries_with_notes():
    parsed = parse(
        key_facts=KEY_FACTS
        + """
Top Industries
Bridge maintenance contractors (about 35% of jobs)
- Mountain parks
Tourism: seasonal inspection work
Typical Education
Apprenticeship"""
    )

    assert [(i.name, i.note, i.line) for i in parsed.top_industries] == [
        ("Bridge maintenance contractors", "about 35% of jobs", 8),
        ("Mountain parks", "", 9),
        ("Tourism", "seasonal inspection work", 10),
    ]
    assert parsed.gaps == ()


# --- Lists, skills, tools, certifications ---------------------------------------------------------


def test_responsibilities_and_pros_and_cons_keep_bullets_and_report_other_lines():
    parsed = parse(
        "What does a Rope Bridge Inspector do?",
        "Key Responsibilities",
        "- Walk every plank.",
        "Check the knots too",
        "Pros & Cons of Being a Rope Bridge Inspector",
        "An introduction no field holds.",
        "Pros",
        "- Fresh air.",
        "Cons",
        "- Vertigo. ",
    )

    assert [(i.text, i.line) for i in parsed.responsibilities] == [("Walk every plank.", 9)]
    assert [i.text for i in parsed.pros] == ["Fresh air."]
    assert [i.text for i in parsed.cons] == ["Vertigo."]
    assert parsed.unparsed == ((10, "Check the knots too"),)
    assert parsed.prose["pros_cons_overview"].text == "An introduction no field holds."


@pytest.mark.parametrize(
    ("line", "name", "detail", "aliases"),
    [
        (
            "Software Development Life Cycle (SDLC) Management and Methodologies (Agile, Scrum, Waterfall)",
            "Software Development Life Cycle (SDLC) Management and Methodologies",
            "Agile, Scrum, Waterfall",
            ("SDLC Management and Methodologies", "Software Development Life Cycle Management and Methodologies"),
        ),
        (
            "System Design and Scalability Principles for complex systems",
            "System Design and Scalability Principles",
            "for complex systems",
            (),
        ),
        (
            "Version Control Systems (Git) and collaborative coding",
            "Version Control Systems",
            "Git; collaborative coding",
            (),
        ),
        ("Knot Tying: Inspectors tie ten knots blind.", "Knot Tying", "Inspectors tie ten knots blind.", ()),
        (
            "Effective Communication (Technical and Non-Technical): Clear reports.",
            "Effective Communication",
            "Technical and Non-Technical; Clear reports.",
            (),
        ),
        ("C# and .NET Tooling", "C# and .NET Tooling", "", ()),
    ],
)
def test_skill_names_keep_spelled_out_abbreviations_and_move_examples_to_the_detail(line, name, detail, aliases):
    assert skill_name_and_detail(line) == (name, detail, aliases)


def test_technical_and_soft_skill_lists():
    parsed = parse(
        "Technical Skills",
        "- Load Testing (static, dynamic)",
        "Rope chemistry",
        "Soft Skills",
        "- Patience: Bridges sway.",
    )

    assert [(s.name, s.category, s.detail, s.line) for s in parsed.skills] == [
        ("Load Testing", "technical", "static, dynamic", 8),
        ("Patience", "soft", "Bridges sway.", 11),
    ]
    assert parsed.unparsed == ((9, "Rope chemistry"),)


def test_tools_named_in_like_and_such_as_lists_with_their_categories():
    parsed = parse(
        "Tools & Technologies",
        "Inspectors log defects in inspection software like KnotLog, SpanCheck, or RopeOS. For communication, "
        "they rely on platforms such as Slack or Microsoft Teams, and version control systems like Git.",
        "Every bridge is different.",
    )

    assert [(t.name, t.category) for t in parsed.tools] == [
        ("KnotLog", "Inspection"),
        ("SpanCheck", "Inspection"),
        ("RopeOS", "Inspection"),
        ("Slack", "Communication"),
        ("Microsoft Teams", "Communication"),
        ("Git", "Version control"),
    ]
    # The section's prose, tool lists and all, is the role's `tools_overview`.
    assert parsed.unparsed == ()
    assert parsed.prose["tools_overview"].text.endswith("like Git.\n\nEvery bridge is different.")


def test_certifications_in_the_guides_patterns():
    parsed = parse(
        "Rope Bridge Inspector Skills & Qualifications",
        "Certifications in safety (e.g., CSP, Rope Access certifications) or rigging (e.g., SPRAT Level 1) help.",
        "Education & Training Needed to Become a Rope Bridge Inspector",
        "Accreditations in surveying (like RICS) are valued. Certified Safety Professional (CSP) or IRATA "
        "certifications open doors. Courses cover topics (e.g., knots, loads) in depth.",
    )

    assert [(c.name, c.abbreviation) for c in parsed.certifications] == [
        ("Certified Safety Professional", "CSP"),
        ("Rope Access certifications", ""),
        ("SPRAT Level 1", ""),
        ("RICS", "RICS"),
        ("IRATA", "IRATA"),
    ]


# --- How to become: steps and timelines ----------------------------------------------------------


def test_empty_step_headings_are_one_gap():
    parsed = parse("How to Become a Rope Bridge Inspector", "Most start as riggers.", "Step 1", "Step 2", "Step 3")

    assert parsed.steps == ()
    assert [(e.heading, e.line) for e in parsed.empty_sections] == [("Step 1 to Step 3", 9)]
    [gap] = parsed.gaps
    assert (gap.section, gap.subject) == ("how_to_become", "Step-by-step path")
    assert parsed.prose["how_to_become"].text == "Most start as riggers."


def test_steps_with_titles_on_their_line_or_the_next_and_text():
    parsed = parse(
        "How to Become a Rope Bridge Inspector",
        "Step 1: Learn the knots",
        "Practise every knot until you can tie it blind.",
        "Step 2",
        "Join a rigging crew",
        "Crews teach load limits.",
        "Second paragraph.",
        "Step 3",
        "Step 4",
        "Pass the inspector exam. It takes a day.",
    )

    assert [(s.number, s.title, s.text, s.line) for s in parsed.steps] == [
        (1, "Learn the knots", "Practise every knot until you can tie it blind.", 8),
        (2, "Join a rigging crew", "Crews teach load limits.\n\nSecond paragraph.", 10),
        (4, "Pass the inspector exam.", "It takes a day.", 15),
    ]
    assert [e.heading for e in parsed.empty_sections] == ["Step 3"]
    assert "Only the steps it describes are shown" in parsed.gaps[0].note


def test_entry_timelines():
    parsed = parse(
        "How to Become a Rope Bridge Inspector",
        "It can take from 2-3 years for someone with rigging experience, to 5 to 7 years for those taking a "
        "more traditional surveying path.",
    )

    assert [(t.route, t.years_min, t.years_max) for t in parsed.timelines] == [
        ("Rigging experience", 2, 3),
        ("Traditional surveying path", 5, 7),
    ]


# --- Education -------------------------------------------------------------------------------------


def test_education_routes_costs_and_durations():
    parsed = parse(
        "Education & Training Needed to Become a Rope Bridge Inspector",
        "Bachelor's degrees in fields like Civil Engineering or Surveying help. These programs cost between "
        "$40,000 and $100,000+ and take four years. Master's degrees or an MBA cost $30,000 to $80,000 and take "
        "one to two years.",
        "Bootcamps range from €5,000 to €9,000 and last 12-24 weeks. Self-study through MOOCs costs from free to "
        "a few thousand dollars over 6 to 18 months. Online certifications are popular.",
    )

    got = [
        (
            r.kind,
            r.name,
            r.cost_min,
            r.cost_max,
            r.cost_max_open_ended,
            r.currency,
            r.duration_min,
            r.duration_max,
            r.duration_unit,
        )
        for r in parsed.education
    ]
    assert got == [
        ("degree", "Bachelor's degree", k(40), k(100), True, "USD", 4, 4, "years"),
        ("postgraduate", "Master's degree or MBA", k(30), k(80), False, "USD", 1, 2, "years"),
        ("bootcamp", "Bootcamp", k(5), k(9), False, "EUR", 12, 24, "weeks"),
        ("self_study", "Self-study", 0, None, False, "USD", 6, 18, "months"),
        ("certification", "Online certifications", None, None, False, "", None, None, ""),
    ]
    assert parsed.education[0].fields_of_study == "Civil Engineering, Surveying"
    assert parsed.education[3].cost_note == "free to a few thousand dollars"


# --- Salary table and career ladder --------------------------------------------------------------


def test_salary_table_cells_marked_missing_are_not_zero():
    parsed = parse(
        "Salary by Experience Level",
        "| Level | US Median | US Average | ",
        "|---|---|---|",
        "| Junior Inspector | $50k USD | — | ",
        "| Inspector |  | $71k USD |",
        "| Senior Inspector | N/A | - |",
        "| Chief Inspector | $99k USD |",
        "| Lead Inspector | lots | $80k USD |",
    )

    assert [(p.title, p.country, p.currency, p.median, p.average) for p in parsed.level_pay] == [
        ("Junior Inspector", "US", "USD", k(50), None),
        ("Inspector", "US", "USD", None, k(71)),
        ("Senior Inspector", "US", "", None, None),
        ("Lead Inspector", "US", "USD", None, k(80)),
    ]
    assert parsed.unparsed == ((13, "| Chief Inspector | $99k USD |"), (14, "| Lead Inspector | lots | $80k USD |"))
    [gap] = parsed.gaps
    assert (gap.section, gap.subject) == ("salary", "Salary by experience level")
    assert "average for Junior Inspector" in gap.note


def test_salary_table_for_another_country():
    parsed = parse(
        "Salary by Experience Level", "| Level | UK Median | UK Average |", "| Inspector | £38k GBP | £40k GBP |"
    )

    assert [(p.country, p.currency, p.median, p.average) for p in parsed.level_pay] == [("GB", "GBP", k(38), k(40))]


LADDER = """Rope Bridge Inspector Career Path
Inspectors move from single bridges to whole networks.
Trainee Inspector
0-2 years total experience, 0-2 years in roleKey Focus Areas
Rope Bridge Inspector
2-6 years total experience, 2-4 years in roleKey Focus Areas
Chief Inspector
6+ years total experience, 3+ years in roleKey Focus Areas
Trainee Inspector
0-2 years total experience, 0-2 years in roleWalks bridges with a mentor.
Key Focus Areas
Learn the knots. Learn the loads.
Rope Bridge Inspector
2-6 years total experience, 2-4 years in roleInspects bridges alone.
Key Focus Areas
Chief Inspector
6+ years total experience, 3+ years in roleRuns the inspection programme.
Key Focus Areas
Set standards."""


def test_a_three_level_ladder_with_open_ended_years_scope_and_focus_areas():
    parsed = parse(LADDER)

    assert [
        (lv.order, lv.title, lv.years_total_min, lv.years_total_max, lv.years_in_role_min, lv.years_in_role_max)
        for lv in parsed.levels
    ] == [
        (1, "Trainee Inspector", 0, 2, 0, 2),
        (2, "Rope Bridge Inspector", 2, 6, 2, 4),
        (3, "Chief Inspector", 6, None, 3, None),
    ]
    assert parsed.levels[0].scope == "Walks bridges with a mentor."
    assert [f.text for f in parsed.levels[0].focus_areas] == ["Learn the knots.", "Learn the loads."]
    assert parsed.levels[1].focus_areas == ()
    assert parsed.prose["career_path_overview"].text == "Inspectors move from single bridges to whole networks."
    [gap] = parsed.gaps
    assert (gap.section, gap.subject) == ("career_ladder", "Key focus areas")
    assert "Rope Bridge Inspector" in gap.note


def test_an_eight_level_ladder():
    levels = "\n".join(
        f"Level {n} Inspector\n{2 * n}-{2 * n + 2} years total experience, 1-2 years in roleDoes level {n} work.\n"
        f"Key Focus Areas\nGrow."
        for n in range(1, 9)
    )
    parsed = parse("Rope Bridge Inspector Career Path\n" + levels)

    assert [lv.title for lv in parsed.levels] == [f"Level {n} Inspector" for n in range(1, 9)]
    assert parsed.levels[7].years_total_max == 18


# --- Global salaries -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "place", "currency", "local", "usd", "approximate"),
    [
        (
            "In North America, particularly the USA, salaries range from $120,000 to $180,000 USD.",
            ("country", "US"),
            "USD",
            (120, 180),
            (120, 180),
            False,
        ),
        (
            "Canadian salaries typically fall between $90,000 and $140,000 CAD (approximately $65,000-$100,000 USD).",
            ("country", "CA"),
            "CAD",
            (90, 140),
            (65, 100),
            True,
        ),
        (
            "In Western Europe, such as Germany or the UK, inspectors earn €70,000 to €110,000 (roughly "
            "$75,000-$120,000 USD).",
            ("region", "Western Europe"),
            "EUR",
            (70, 110),
            (75, 120),
            True,
        ),
        (
            "Eastern European countries, like Poland, offer €40,000 to €60,000 (around $43,000-$65,000 USD).",
            ("region", "Eastern Europe"),
            "EUR",
            (40, 60),
            (43, 65),
            True,
        ),
        (
            "Latin American salaries, such as in Brazil, range from BRL 120,000 to BRL 200,000 (around "
            "$24,000-$40,000 USD).",
            ("country", "BR"),
            "BRL",
            (120, 200),
            (24, 40),
            True,
        ),
        (
            "Germany pays 60.000 € - 90.000 € (approximately $65,000-$97,000 USD).",
            ("country", "DE"),
            "EUR",
            (60, 90),
            (65, 97),
            True,
        ),
        (
            "British firms offer £45,000 to £70,000 (about $57,000-$89,000 USD).",
            ("country", "GB"),
            "GBP",
            (45, 70),
            (57, 89),
            True,
        ),
        (
            "Japanese operators pay ¥9,000,000-¥14,000,000 (roughly $60,000-$94,000 USD).",
            ("country", "JP"),
            "JPY",
            (9000, 14000),
            (60, 94),
            True,
        ),
        (
            "Indian firms pay ₹18,00,000 to ₹30,00,000 (about $21,600-$36,000 USD).",
            ("country", "IN"),
            "INR",
            (1800, 3000),
            (Decimal("21.6"), 36),
            True,
        ),
        (
            "In Switzerland, inspectors earn 95,000 CHF to 125,000 CHF ($107,000-$141,000 USD).",
            ("country", "CH"),
            "CHF",
            (95, 125),
            (107, 141),
            False,
        ),
        (
            "South African contractors pay R650 000 to R900 000 (roughly $35,000-$49,000 USD).",
            ("country", "ZA"),
            "ZAR",
            (650, 900),
            (35, 49),
            True,
        ),
        (
            "Mexican agencies offer 540,000-780,000 MXN (around $31,000-$45,000 USD).",
            ("country", "MX"),
            "MXN",
            (540, 780),
            (31, 45),
            True,
        ),
        (
            "The UAE pays AED 300,000 - AED 420,000 (about $82,000-$114,000 USD).",
            ("country", "AE"),
            "AED",
            (300, 420),
            (82, 114),
            True,
        ),
    ],
)
def test_global_salary_sentences(sentence, place, currency, local, usd, approximate):
    parsed = parse("Global Salaries", sentence)

    [pay] = parsed.regional_pay
    got_place = (pay.place.kind, pay.place.code or pay.place.name)
    assert got_place == place
    assert pay.currency == currency
    assert (pay.local_min, pay.local_max) == (k(local[0]), k(local[1]))
    assert (pay.usd_min, pay.usd_max) == (k(usd[0]), k(usd[1]))
    assert pay.usd_is_approximate is approximate
    assert parsed.unparsed == ()


def test_a_region_keeps_its_examples_and_a_following_sentence_becomes_the_note():
    parsed = parse(
        "Global Salaries",
        "In Western Europe, such as Germany or the UK, pay is €70,000 to €110,000 (roughly $75,000-$120,000 USD). "
        "These figures reflect strong unions.",
    )

    [pay] = parsed.regional_pay
    assert pay.place.examples == ("DE", "GB")
    assert pay.place.area == "europe"
    assert pay.note == "The guide gives Germany and United Kingdom as examples. These figures reflect strong unions."
    assert "Western Europe" in parsed.prose["global_overview"].text


@pytest.mark.parametrize(
    ("sentence", "note"),
    [
        (
            "In the UK, pay is £40,000 to £60,000 (about $50,000-$75,000 USD) a year, with the highest pay in London.",
            "The highest pay in London.",
        ),
        (
            "Japan pays ¥6,000,000 to ¥9,000,000 (roughly $40,000-$60,000 USD) per annum and bonuses are common.",
            "Bonuses are common.",
        ),
        ("Canada pays CAD 90,000 to CAD 120,000 (about $66,000-$88,000 USD).", ""),
    ],
)
def test_a_salary_note_is_the_words_after_the_range_without_its_period_or_linking_words(sentence, note):
    [pay] = parse("Global Salaries", sentence).regional_pay

    assert pay.note == note


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("In Atlantis, divers earn ATL 50,000 to ATL 80,000.", "[no currency found]"),
        ("Swiss firms pay CHF 90,000 to CHF 120,000.", "[no US-dollar equivalent]"),
    ],
)
def test_global_salaries_that_cannot_be_stored_are_reported(sentence, reason):
    parsed = parse("Global Salaries", sentence)

    assert parsed.regional_pay == ()
    assert parsed.unparsed == ((8, f"{sentence} {reason}"),)


# --- Visas, specialisations, FAQ, related careers, footer ---------------------------------------


def test_visa_routes_from_remote_work_and_visa_sections_in_kind_order():
    parsed = parse(
        "Remote Work",
        "Digital nomad visas in countries like Portugal or Spain suit inspectors.",
        "Visa & Immigration",
        "Destinations include the USA (H-1B visa), Canada (Express Entry), and Germany (EU Blue Card). "
        "Intra-company transfers are common. Family visas let spouses come along.",
    )

    assert [(v.kind, v.name, v.country) for v in parsed.visas] == [
        ("skilled_worker", "H-1B visa", "US"),
        ("skilled_worker", "Express Entry", "CA"),
        ("skilled_worker", "EU Blue Card", "DE"),
        ("digital_nomad", "Digital nomad visa", "PT"),
        ("digital_nomad", "Digital nomad visa", "ES"),
        ("intra_company", "Intra-company transfer", ""),
        ("family", "Family visa", ""),
    ]


def test_specializations_faq_and_related_careers():
    parsed = parse(
        "Emerging Specializations",
        "Specialising early pays off as bridges get longer and busier.",
        "Suspension Span Analysis",
        "Models how long suspension spans move in wind.",
        "Frequently Asked Questions",
        "Readers ask these.",
        "Is it dangerous?",
        "Less than it looks.",
        "Do I need a degree?",
        "Related Careers",
        "Explore similar roles that might align with your interests and skills:",
        "Rigger",
        "Works with ropes.",
        "Explore career guideSurveyor",
        "Measures land.",
        "Explore career guideAssess your Rope Bridge Inspector readiness",
        "Upgrade to Span Guides Plus and more.",
    )

    assert [(s.name, s.text) for s in parsed.specializations] == [
        ("Suspension Span Analysis", "Models how long suspension spans move in wind.")
    ]
    assert parsed.prose["specializations_overview"].text.startswith("Specialising early")
    assert [(q.question, q.answer) for q in parsed.faqs] == [("Is it dangerous?", "Less than it looks.")]
    assert [(r.title, r.note, r.line) for r in parsed.related] == [
        ("Rigger", "Works with ropes.", 18),
        ("Surveyor", "Measures land.", 20),
    ]
    assert parsed.publisher == "Span Guides"
    assert parsed.unparsed == ((15, "Do I need a degree? [no answer]"),)
    assert parsed.prose["faq_overview"].text == "Readers ask these."


def test_market_reality_year_dates_the_guides_own_figures_and_insights_keep_their_kind():
    parsed = parse(
        "Market Commentary",
        "Demand holds up.",
        "2027 Market Reality for Rope Bridge Inspectors",
        "Hiring is steady.",
        "Current Challenges",
        "Few openings.",
        "Growth Opportunities",
        "New parks.",
        "Current Market Trends",
        "Drones help.",
    )

    assert parsed.editorial_year == 2027
    assert parsed.prose["market_overview"].text == "Hiring is steady."
    assert [(i.kind, i.text) for i in parsed.insights] == [
        ("outlook", "Demand holds up."),
        ("challenge", "Few openings."),
        ("opportunity", "New parks."),
        ("trend", "Drones help."),
    ]


# --- Conflicts -------------------------------------------------------------------------------------

GROWTH = """Key Facts & Statistics
Median Salary
$70,000 USD
(U.S. national median for Construction and Building Inspectors, May 2024, BLS)
Growth Outlook
16%
much faster than average (projected for Construction and Building Inspectors, 2022-2032, BLS)"""


def test_commentary_growth_that_disagrees_with_the_official_projection_is_a_conflict_keeping_both():
    parsed = parse(
        "Market Commentary",
        "The field is projected to grow by 10-12% over the next five years, slightly faster than the average.",
        key_facts=GROWTH,
    )

    official, editorial = parsed.growth
    assert (official.pct_min, official.source.abbreviation) == (16, "BLS")
    assert (editorial.pct_min, editorial.pct_max, editorial.horizon_years, editorial.source) == (10, 12, 5, None)
    assert editorial.comparison == "slightly faster than the average"
    assert editorial.occupation == "Rope Bridge Inspector"
    [conflict] = parsed.conflicts
    assert (conflict.section, conflict.subject) == ("outlook", "Growth outlook")
    assert "16%" in conflict.note
    assert "10–12%" in conflict.note


def test_commentary_growth_that_agrees_is_no_conflict():
    parsed = parse("Market Commentary", "Employment should grow 14-18% over the next ten years.", key_facts=GROWTH)

    assert len(parsed.growth) == 2
    assert parsed.conflicts == ()


def test_a_ladder_median_below_the_official_median_for_the_same_title_is_a_conflict():
    parsed = parse(
        "Salary by Experience Level",
        "| Level | US Median | US Average |",
        "| Rope Bridge Inspector | $64k USD | $66k USD |",
    )

    [conflict] = parsed.conflicts
    assert (conflict.section, conflict.subject) == ("salary", "Median pay")
    assert "$64,000" in conflict.note
    assert "$70,000" in conflict.note


# --- Helpers -------------------------------------------------------------------------------------


def test_fold_ignores_case_and_punctuation_but_keeps_sharp_and_plus():
    assert fold("Conflict Resolution & Negotiation") == fold("conflict resolution and negotiation")
    assert fold("Problem-Solving and Decision-Making") == fold("Problem Solving and Decision Making")
    assert len({fold("C#"), fold("C++"), fold("C")}) == 3


def test_country_names_and_sentence_splitting():
    assert country_name("GB") == "United Kingdom"
    assert country_name("KR") == "South Korea"
    assert sentences("Paid in the U.S. market. Costs (e.g., fees) vary. Done.") == [
        "Paid in the U.S. market.",
        "Costs (e.g., fees) vary.",
        "Done.",
    ]
