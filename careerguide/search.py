"""Full-text search with ranking and typo tolerance on PostgreSQL, a substring fallback elsewhere.

`Role.objects.search()` and `Skill.objects.search()` (the role list, `/api/v1/roles/?search=`, the skill
list, the admin) call `ranked_search`, which picks the implementation from the database in use, so the
interface is the same on PostgreSQL and SQLite.

On PostgreSQL a row matches when its stored, weighted `tsvector` (kept current by database triggers,
see the roles migrations) matches the words (websearch syntax, English stemming, each word also as a
prefix), or when the title is within trigram distance of them (`pg_trgm`'s word similarity: "tecnical
manger" finds "Technical Manager"). Both conditions are served by GIN indexes on one table, so PostgreSQL
combines them (bitmap OR) rather than scanning every row. Matches come best first: rows holding the words
by text rank, then rows found only through a typo by title similarity. On SQLite a row matches when one
of the named fields contains the text.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connections
from django.db.models import Case, F, FloatField, Q, Value, When

SEARCH_CONFIG = "english"


def ranked_search(
    queryset, text: str, *, vector: str | None, similar: str, contains: list[str], order: str | None = None, extra=None
):
    """`queryset` narrowed to what matches `text`, best match first (on PostgreSQL).

    `vector`: the stored tsvector field, or None for a model without one; `similar`: the field compared
    by trigram similarity; `order`: the field that breaks ties (default `similar`); `contains`: the fields
    the SQLite fallback searches; `extra`: an optional Q ORed with the match (e.g. rows whose skills
    match). Annotates `search_rank` on PostgreSQL.
    """
    text = text.strip()
    if not text:
        return queryset
    if connections[queryset.db].vendor != "postgresql":
        condition = Q()
        for field in contains:
            condition |= Q(**{f"{field}__icontains": text})
        return queryset.filter(condition | extra if extra is not None else condition)
    similarity = TrigramWordSimilarity(text, similar)
    condition = Q(**{f"{similar}__trigram_word_similar": text})
    rank = similarity
    if vector is not None:
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        words = re.findall(r"\w+", text)
        if words:
            # Every word as a prefix too, so a half-typed word ("kuber") finds its lexeme ("kubernet").
            query |= SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG)
        has_words = Q(**{vector: query})
        # The word match first: PostgreSQL tries an OR's terms in order, and it is the cheaper one.
        condition = has_words | condition
        # Rows that hold the words come first, by weighted text rank (always >= 1); rows found only through
        # a typo follow, by title similarity (0 to 1). Similarity is worked out for those rows alone: for a
        # common word that every row holds ("manager" at 10,000 roles) it was a third of the query's time.
        rank = Case(
            When(has_words, then=Value(1.0) + SearchRank(F(vector), query)),
            default=similarity,
            output_field=FloatField(),
        )
    if extra is not None:
        condition |= extra
    return queryset.filter(condition).annotate(search_rank=rank).order_by("-search_rank", order or similar, "pk")
