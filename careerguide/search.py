"""Ranked, typo-tolerant search on PostgreSQL and SQLite alike.

`Role.objects.search()`, `Skill.objects.search()` and `Occupation.objects.search()` (the lists, the API's
`search` parameters, the site search, the admin) call `ranked_search`, which picks the implementation from
the database in use, so the interface and the ranking rule are the same on both: rows holding the words
first, best match first, then rows found only through a typo, by title similarity.

On PostgreSQL a row matches when its stored, weighted `tsvector` (kept current by database triggers,
see the roles migrations) matches the words (websearch syntax, English stemming, each word also as a
prefix), or when the title is within trigram distance of them (`pg_trgm`'s word similarity: "tecnical
manger" finds "Technical Manager"). Both conditions are served by GIN indexes on one table, so PostgreSQL
combines them (bitmap OR) rather than scanning every row.

On SQLite a row holds a word when one of the weighted fields has a word starting with it (never a match
inside a word: "RN" does not find "modern"); the typo match is the same word similarity, worked out in
Python over the titles (`careerguide.title_index`), and becomes a condition on primary keys.
"""

import re
from collections import defaultdict
from collections.abc import Callable

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connections
from django.db.models import Case, CharField, F, FloatField, Lookup, Q, TextField, Value, When
from django.db.models.functions import Floor

from . import title_index

SEARCH_CONFIG = "english"
# Words of a search the SQLite side matches (the form allows 200 characters; each word is a condition).
MAX_WORDS = 8
# Typo matches SQLite passes on as primary keys, best first: beyond this, a "typo" matches most titles.
MAX_TYPO_MATCHES = 1000
# Words PostgreSQL's English configuration drops (a subset: the ones a career search contains).
STOP_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with"]
)

# A field holding the words, or a function of one word returning the condition that a row holds it (for
# words held by related rows), and the field's weight (PostgreSQL's A=1.0, B=0.4, C=0.2).
WordField = tuple[str | Callable[[str], Q], float]


def ranked_search(
    queryset,
    text: str,
    *,
    vector: str | None,
    similar: str,
    words_in: list[WordField],
    order: list | None = None,
    extra=None,
    similarity_step: float | None = None,
):
    """`queryset` narrowed to what matches `text`, best match first, annotated with `search_rank`. One query
    (on SQLite, a further one to read the titles when the content changed since this process last did).

    `vector`: the stored tsvector field (PostgreSQL); `similar`: the title compared by trigram similarity;
    `words_in`: the weighted fields holding the words, where there is no `vector` or no PostgreSQL;
    `order`: what breaks ties (default `similar`); `extra`: an optional Q ORed with the match;
    `similarity_step`: when set, a typo match's similarity is rounded down to steps of this size, so that
    `order` decides between near-equal titles ("electrican": Electrical Engineers 0.82, Electricians 0.73).

    Rows holding every word rank from 1 up (more when they hold them in weightier fields); rows found only
    through a typo follow, by similarity (0 to 1).
    """
    text = text.strip()
    if not text:
        return queryset
    postgresql = connections[queryset.db].vendor == "postgresql"
    if postgresql and vector is not None:
        condition, rank = _postgresql_text_match(text, vector=vector, similar=similar, step=similarity_step)
    else:
        if postgresql:
            typos = Q(**{f"{similar}__trigram_word_similar": text})
            similarity = _banded(TrigramWordSimilarity(text, similar), similarity_step)
        else:
            typos, similarity = _python_typo_match(queryset, text, similar=similar, step=similarity_step)
        has_words, words_rank = _word_match(search_words(text), words_in)
        condition = typos if has_words is None else has_words | typos
        cases = [When(has_words, then=words_rank)] if has_words is not None else []
        rank = Case(*cases, default=similarity, output_field=FloatField()) if cases else similarity
    if extra is not None:
        condition |= extra
    order = order or [similar]
    return queryset.filter(condition).annotate(search_rank=rank).order_by("-search_rank", *order, "pk")


def _banded(similarity, step: float | None):
    return similarity if step is None else Floor(similarity / Value(step)) * Value(step)


def _postgresql_text_match(text: str, *, vector, similar, step):
    """PostgreSQL's stored tsvector and title trigrams: (condition, rank)."""
    similarity = TrigramWordSimilarity(text, similar)
    condition = Q(**{f"{similar}__trigram_word_similar": text})
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    words = re.findall(r"\w+", text)
    if words:
        # Every word as a prefix too, so a half-typed word ("kuber") finds its lexeme ("kubernet").
        query |= SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG)
    has_words = Q(**{vector: query})
    # Similarity is worked out for the rows found only through a typo: for a common word that every row
    # holds ("manager" at 10,000 roles) it was a third of the query's time.
    rank = Case(
        When(has_words, then=Value(1.0) + SearchRank(F(vector), query)),
        default=_banded(similarity, step),
        output_field=FloatField(),
    )
    # The word match first: PostgreSQL tries an OR's terms in order, and it is the cheaper one.
    return has_words | condition, rank


def search_words(text: str) -> list[str]:
    """The words looked for in fields: lowercased, stop words dropped (unless nothing else is left), a
    plural's "s" or "ies" cut so that "nurses" also finds "nurse" (each word is matched as a prefix); at
    most `MAX_WORDS`."""
    words = title_index.words_of(text)
    kept = [word for word in words if word not in STOP_WORDS] or words
    stems = []
    for word in kept:
        if len(word) > 4 and word.endswith("ies"):
            word = word[:-3]
        elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        if word not in stems:
            stems.append(word)
    return stems[:MAX_WORDS]


@CharField.register_lookup
@TextField.register_lookup
class WordStartsWith(Lookup):
    """`field__word_startswith=word`: the text has a word starting with `word` (letters and digits, lowercase,
    as `search_words` gives them), never a match inside a word.

    SQLite: a LIKE for the letters anywhere, then two GLOBs for a word's start ("word*" at the start,
    "*[^a-z0-9]word*" after any other character), all run in C; the LIKE first, as the GLOBs cost ten
    times more (10,000 synthetic roles: 29 ms against 320 ms over the descriptions). PostgreSQL: a regular
    expression with its word-start anchor `\\m`.
    """

    lookup_name = "word_startswith"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        word = str(self.rhs)
        sql = f"({lhs} LIKE %s AND (LOWER({lhs}) GLOB %s OR LOWER({lhs}) GLOB %s))"
        return sql, [*params, f"%{word}%", *params, f"{word}*", *params, f"*[^a-z0-9]{word}*"]

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} ~* %s", [*params, rf"\m{self.rhs}"]


def word_match(field: str, word: str) -> Q:
    """Rows whose `field` has a word starting with `word` (a word of `search_words`), on either database."""
    return Q(**{f"{field}__word_startswith": word})


def _word_match(words: list[str], words_in: list[WordField]):
    """(rows holding every word in one of `words_in`, their rank), or (None, None) when nothing to look for."""
    if not words or not words_in:
        return None, None
    has_words = Q()
    weighted = []
    for word in words:
        holds = [(_holds(where, word), weight) for where, weight in words_in]
        has_words &= _any(held for held, _ in holds)
        weighted.append(Case(*(When(held, then=Value(weight)) for held, weight in holds), default=Value(0.0)))
    return has_words, Value(1.0) + sum(weighted) / Value(float(len(words)))


def _python_typo_match(queryset, text: str, *, similar: str, step):
    """SQLite: (rows whose `similar` title is within typo distance, their similarity), from the Python index."""
    index = title_index.title_index(queryset.model, similar, queryset.db)
    typos = sorted(index.similar(text).items(), key=lambda item: -item[1])[:MAX_TYPO_MATCHES]
    # Rows sharing a similarity share one When: at most a few dozen, whatever the number of rows.
    by_score = defaultdict(list)
    for pk, score in typos:
        by_score[round(score, 3) if step is None else int(score / step) * step].append(pk)
    similarity = Case(
        *(When(pk__in=pks, then=Value(score)) for score, pks in by_score.items()),
        default=Value(0.0),
        output_field=FloatField(),
    )
    return Q(pk__in=[pk for pk, _ in typos]), similarity


def _holds(where, word: str) -> Q:
    return where(word) if callable(where) else word_match(where, word)


def _any(conditions) -> Q:
    combined = Q()
    for condition in conditions:
        combined |= condition
    return combined
