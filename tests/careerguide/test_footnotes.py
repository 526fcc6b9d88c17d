"""careerguide.footnotes and the {% cite %} tag: notes are numbered before a page renders, in citation order."""

from types import SimpleNamespace

from django.template import Context, Template

from careerguide.footnotes import Footnotes


def test_footnotes_number_sources_in_order_of_first_citation():
    first, second = SimpleNamespace(pk=7), SimpleNamespace(pk=3)
    notes = Footnotes().cite_all([first, None, second, first])
    assert notes.sources == [first, second]
    assert notes.cite(second) == 2
    assert not Footnotes()


def test_footnotes_number_looks_up_without_assigning():
    cited, other = SimpleNamespace(pk=7), SimpleNamespace(pk=3)
    notes = Footnotes().cite_all([cited])

    assert notes.number(cited) == 1
    assert notes.number(other) is None
    assert notes.number(None) is None
    assert notes.sources == [cited]  # looking up `other` did not number it
    assert notes.cite(other) == 2


def test_cite_tag_links_a_numbered_source_and_shows_nothing_for_another():
    cited = SimpleNamespace(pk=7, as_of_display="May 2023")
    other = SimpleNamespace(pk=3, as_of_display="")
    notes = Footnotes().cite_all([cited])
    template = Template("{% load guide %}{% cite source %}")

    assert 'href="#source-1"' in template.render(Context({"footnotes": notes, "source": cited}))
    assert template.render(Context({"footnotes": notes, "source": other})) == ""
    assert notes.sources == [cited]
