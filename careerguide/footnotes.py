"""Numbered source notes: every figure on a page points at the `Source` it comes from.

A page numbers its notes in Python, in the order it will show them, before it renders; the template only
looks the numbers up (`Footnotes.number`), so rendering never changes the numbering.
"""

from dataclasses import dataclass, field


@dataclass
class Footnotes:
    """Numbers each distinct source in the order a page first cites it; `sources` is the list to print."""

    sources: list = field(default_factory=list)
    _numbers: dict = field(default_factory=dict)

    def cite(self, source) -> int | None:
        """The note number of `source` (a `Source` or None), giving it the next number on first use. No query."""
        if source is None:
            return None
        if source.pk not in self._numbers:
            self.sources.append(source)
            self._numbers[source.pk] = len(self.sources)
        return self._numbers[source.pk]

    def cite_all(self, sources) -> "Footnotes":
        """Cite several sources in order (None is skipped); returns self for chaining."""
        for source in sources:
            self.cite(source)
        return self

    def number(self, source) -> int | None:
        """The note number `source` was given, or None if it was never cited. Never assigns one. No query."""
        if source is None:
            return None
        return self._numbers.get(source.pk)

    def __bool__(self) -> bool:
        return bool(self.sources)
