"""Typo-tolerant title matching without PostgreSQL: pg_trgm's word similarity, computed in Python.

SQLite (the default install) has no trigram index, so `careerguide.search` asks this module which rows'
titles are within typo distance of the search text, then filters on their primary keys. The titles of a
model (a few thousand occupations and roles; 10,000 synthetic roles take a few MB) are read in one query
and kept in this process's memory per content version (`careerguide.content_version`): any change to the
content is a new version, so an index is never read after its titles changed (tests that write without
the ORM's signals call `forget()`).

Similarity follows pg_trgm's `word_similarity(text, title)`: the words are lowercased and padded (two
spaces before, one after) and cut into trigrams; the score is the best, over every continuous extent of
the title's ordered trigrams, of shared / (text's trigrams + extent's trigrams - shared). "nurce" scores
0.5 against "Registered Nurses", "RN" 0.33 (below the threshold) against anything starting with R.
"""

import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from . import content_version

# PostgreSQL's `pg_trgm.word_similarity_threshold` on the site's connections (careerguide.settings).
SIMILARITY_THRESHOLD = 0.4
WORD = re.compile(r"[^\W_]+")


def words_of(text: str) -> list[str]:
    """The lowercased words of `text` as pg_trgm splits them (letters and digits; the rest separates)."""
    return WORD.findall(text.lower())


def trigrams_of_word(word: str) -> list[str]:
    padded = f"  {word} "
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


def ordered_trigrams(text: str) -> list[str]:
    """The trigrams of every word of `text`, word by word, in order (pg_trgm's extent order)."""
    return [trigram for word in words_of(text) for trigram in trigrams_of_word(word)]


def word_similarity(query: frozenset[str], title: list[str]) -> float:
    """pg_trgm's word similarity of the query's trigram set and a title's ordered trigrams (0 to 1).

    Only extents starting on a shared trigram can be best, so the loop starts there: O(shared x length).
    """
    best = 0.0
    size = len(query)
    for start, trigram in enumerate(title):
        if trigram not in query:
            continue
        seen, shared = set(), set()
        for current in title[start:]:
            seen.add(current)
            if current in query:
                shared.add(current)
                best = max(best, len(shared) / (size + len(seen) - len(shared)))
        if best == 1.0:
            break
    return best


@dataclass
class TitleIndex:
    """Every row's title as ordered trigrams, and which rows hold each trigram."""

    titles: dict[int, list[str]] = field(default_factory=dict)
    rows_by_trigram: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def of_rows(cls, rows) -> "TitleIndex":
        index = cls()
        for pk, title in rows:
            trigrams = ordered_trigrams(title or "")
            index.titles[pk] = trigrams
            for trigram in set(trigrams):
                index.rows_by_trigram[trigram].add(pk)
        return index

    def similar(self, text: str, threshold: float = SIMILARITY_THRESHOLD) -> dict[int, float]:
        """{pk: similarity} of every title whose word similarity to `text` is at least `threshold` (no query).

        A title can reach `threshold` only if it shares that share of the text's trigrams, so only those
        titles are scored."""
        query = frozenset(trigram for word in words_of(text) for trigram in trigrams_of_word(word))
        if not query:
            return {}
        shared = defaultdict(int)
        for trigram in query:
            for pk in self.rows_by_trigram.get(trigram, ()):
                shared[pk] += 1
        needed = threshold * len(query)
        found = {}
        for pk, count in shared.items():
            if count >= needed:
                score = word_similarity(query, self.titles[pk])
                if score >= threshold:
                    found[pk] = score
        return found


# (database alias, model label, field) -> (content version, index); swapped whole, so threads need no lock
# to read it, and two threads building the same index at once only waste one build.
_indexes: dict[tuple[str, str, str], tuple[str, TitleIndex]] = {}
_building = threading.Lock()


def title_index(model, field_name: str, using: str) -> TitleIndex:
    """The index of `model`'s `field_name` in database `using`: built by one query (every row's pk and
    title) when the content version changed since it was last built in this process, else no query."""
    key = (using, model._meta.label, field_name)
    version = content_version.current()
    kept = _indexes.get(key)
    if kept is not None and version is not None and kept[0] == version:
        return kept[1]
    index = TitleIndex.of_rows(model._base_manager.using(using).values_list("pk", field_name).iterator())
    if version is not None:
        with _building:
            _indexes[key] = (version, index)
    return index


def forget() -> None:
    """Drop every index this process keeps: the next search reads the titles again."""
    _indexes.clear()
