"""Words and sentences: folding names for matching, splitting prose, name lists, skill lines, bullets."""

import re
import unicodedata

from .results import Item, Line

_NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    )
}
# A table cell or key fact that says "no figure": a missing value, never zero.
MISSING_CELLS = {"", "—", "–", "-", "n/a", "na", "?", "unknown", "not available"}
BULLET = re.compile(r"^[-•*▪]\s*")


def fold(text: str) -> str:
    """Lower case without accents or punctuation, words separated by one space: the key names are matched by.

    "&" counts as "and", "#" as "sharp" and "+" as "plus", so "C#" and "C++" stay apart from "C".
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = text.replace("&", " and ").replace("#", " sharp").replace("+", " plus")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def years(text: str) -> int | None:
    """A count written in digits or as a word up to twelve ("3", "three"), or None."""
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    return _NUMBER_WORDS.get(text)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def is_heading_like(text: str) -> bool:
    """A short line without closing punctuation: a specialisation name, a level title, a related career."""
    return len(text) <= 100 and len(text.split()) <= 12 and not text.endswith((".", ":", "!", ",", ";"))


def bullets(lines: tuple[Line, ...]) -> tuple[tuple[Item, ...], tuple[Line, ...]]:
    """The bulleted lines as items, and the other lines (unparsed)."""
    items = tuple(Item(BULLET.sub("", text).strip(), number) for number, text in lines if BULLET.match(text))
    return items, tuple((number, text) for number, text in lines if not BULLET.match(text))


_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "U.S.", "U.K.", "approx.", "Dr.", "Mr.", "Ms.", "St.", "No.", "Inc.", "Co.")


def sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping "e.g." and "U.S." inside theirs."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘(])", text.strip())
    merged: list[str] = []
    for part in parts:
        if merged and merged[-1].endswith(_ABBREVIATIONS):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return [part for part in merged if part]


_LIST_ITEM = re.compile(r"[A-Z0-9][\w#+./'’-]*(?:[ ](?:[A-Z0-9][\w#+./'’-]*))*")
_LIST_SEPARATOR = re.compile(r",\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+")


def name_list(text: str) -> tuple[list[str], int]:
    """Capitalised names at the start of `text` separated by commas, "or" and "and" ("Jira, Asana, or Trello").

    Returns the names and where the list ends.
    """
    names = []
    position = 0
    while True:
        match = _LIST_ITEM.match(text, position)
        if not match:
            break
        names.append(match.group().rstrip(".,"))
        position = match.end()
        separator = _LIST_SEPARATOR.match(text, position)
        if not separator or not _LIST_ITEM.match(text, separator.end()):
            break
        position = separator.end()
    return names, position


def initials_match(words: list[str], acronym: str) -> bool:
    """Whether `acronym` ("SDLC") spells the initials of the words before it ("Software Development Life Cycle")."""
    letters = [word[0].upper() for word in words if word[:1].isalpha() and word[0].isupper()]
    return len(acronym) >= 2 and "".join(letters[-len(acronym) :]) == acronym.upper()


def skill_name_and_detail(text: str) -> tuple[str, str, tuple[str, ...]]:
    """Split a skill line into (name, detail, aliases).

    The name is the run of capitalised words at the start ("Version Control Systems"); a parenthesis
    that spells out an abbreviation stays in it ("Software Development Life Cycle (SDLC) Management"),
    any other parenthesis ends it and becomes the detail, as does lower-case text ("for complex
    systems") or the text after a colon.
    """
    head, colon, after = text.partition(":")
    if not colon or len(head.split()) > 10:
        head, after = text, ""
    tokens = re.findall(r"\([^()]*\)|[^\s()]+", head)
    name_tokens: list[str] = []
    detail_parts: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.startswith("("):
            inner = token[1:-1].strip()
            if re.fullmatch(r"[A-Z][A-Za-z0-9/&]{1,9}", inner) and initials_match(name_tokens, inner.replace("&", "")):
                name_tokens.append(token)
                index += 1
                continue
            detail_parts.append(inner)
            index += 1
            break
        lead = token.lstrip(".#+-")[:1]
        is_word = lead.isupper() or lead.isdigit()
        is_joiner = token.lower() in {"and", "&", "of", "for", "in", "the", "to", "with", "/"}
        if is_word or (
            is_joiner
            and name_tokens
            and index + 1 < len(tokens)
            and (tokens[index + 1].lstrip(".#+-")[:1].isupper() or tokens[index + 1][:1].isdigit())
        ):
            name_tokens.append(token)
            index += 1
            continue
        break
    rest = re.sub(r"^(?:and|with|plus)\s+", "", " ".join(tokens[index:]).strip())
    if rest:
        detail_parts.append(rest)
    if after.strip():
        detail_parts.append(after.strip())
    name = " ".join(name_tokens).strip(" ,;") or text.strip()
    detail = "; ".join(part for part in detail_parts if part)
    aliases = []
    for acronym in re.finditer(r"\(([A-Z][A-Za-z0-9/&]{1,9})\)", name):
        before = name[: acronym.start()].split()
        spelled = len(acronym.group(1))
        short = " ".join([*before[:-spelled], acronym.group(1)]) + name[acronym.end() :]
        aliases.append(short.strip())
        aliases.append((name[: acronym.start()].rstrip() + name[acronym.end() :]).strip())
    return name, detail, tuple(dict.fromkeys(alias for alias in aliases if alias != name))
