"""careerguide.title_index: pg_trgm's word similarity in Python (no database)."""

from careerguide.title_index import TitleIndex, ordered_trigrams, word_similarity


def similarity(text: str, title: str) -> float:
    query = frozenset(ordered_trigrams(text))
    return word_similarity(query, ordered_trigrams(title))


def test_word_similarity_agrees_with_pg_trgm():
    # pg_trgm's documented example: word_similarity('word', 'two words') = 0.8
    assert similarity("word", "two words") == 0.8
    assert similarity("nurce", "Orbital Nurses") == 0.5
    assert round(similarity("electrican", "Lunar Electricians"), 3) == 0.727
    assert similarity("Lunar Electricians", "lunar electricians") == 1.0


def test_two_letters_are_not_a_typo_of_every_word_starting_with_one_of_them():
    assert similarity("RN", "Registered Orbital Nurses") < 0.4
    index = TitleIndex.of_rows([(1, "Registered Orbital Nurses"), (2, "Modern Turners"), (3, "RN Liaison")])
    assert index.similar("RN") == {3: 1.0}


def test_the_index_scores_only_titles_sharing_enough_trigrams():
    index = TitleIndex.of_rows([(1, "Orbital Nurses"), (2, "Lunar Electricians"), (3, "Electrical Dreamers")])
    assert set(index.similar("nurce")) == {1}
    assert set(index.similar("electrican")) == {2, 3}
    assert index.similar("") == {}
    assert index.similar("—") == {}
