"""Read a plain-text career guide written in the source's layout into plain values. No database.

    guide = parse_guide(text)      # ParsedGuide, or GuideFormatError(message, line)

The layout is the one of `shared/seed/000_4bceecc9f1933efc.txt`: a "Complete X Career Guide" title,
a summary, "Key Facts & Statistics", the prose sections, bulleted lists, a "Salary by Experience
Level" table, the career ladder, global salaries in prose, pros and cons, an FAQ and related careers.
Sections may be missing, empty or filled where that guide leaves them empty (Top Industries, Steps).

Every item keeps the number of the line it came from. Nothing is invented: an empty heading is
recorded as an empty section (with a gap note when readers should know), a "—" table cell is a
missing figure, not zero, and every non-empty line that was neither stored nor recognised as the
site's furniture (navigation, sign-up blurbs) is listed in `unparsed`. Figures of the guide that
disagree with each other are recorded as conflicts, keeping both.

The modules: `layout` (lines and headings into sections), `money` (amounts, currencies, ranges,
scales), `places` (countries, regions, demonyms), one module per group of sections with one pure
function per section (`key_facts`, `lists`, `pathway`, `ladder`, `market`, `global_pay`, `closing`),
`whole_guide` (certifications and conflicts read across sections) and `dispatch`, which joins them.

Writing (database): `taxonomy` finds or adds the shared rows a guide names, `rows` turns the parsed guide
into the natural-key rows `export_guide` writes, and `writer.guide_import` hands them to the loader
(`roles.guide_rows.guide_replace`), with `report` saying what it did.
"""

from .dispatch import parse_guide
from .money import currency_name, iso_currencies
from .places import country_name
from .report import GuideImportError, GuideImportReport
from .results import GuideFormatError, OfficialSource, ParsedGuide
from .text import fold, sentences, skill_name_and_detail
from .writer import IMPORT_REASON, guide_edits_since_import, guide_import

__all__ = [
    "IMPORT_REASON",
    "GuideFormatError",
    "GuideImportError",
    "GuideImportReport",
    "OfficialSource",
    "ParsedGuide",
    "country_name",
    "currency_name",
    "fold",
    "guide_edits_since_import",
    "guide_import",
    "iso_currencies",
    "parse_guide",
    "sentences",
    "skill_name_and_detail",
]
