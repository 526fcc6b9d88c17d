"""Differences between two texts, marked word by word for editors (history pages, edit conflicts)."""

import re
from difflib import SequenceMatcher

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


def word_diff(old: str, new: str, *, context: int = 12) -> str:
    """HTML of `new` with the words removed from `old` in <del> and the words added in <ins>.

    Unchanged stretches longer than 2 x `context` words are shortened to their ends around “…”.
    """
    old_words, new_words = ([token for token in re.split(r"(\s+)", text) if token] for text in (old, new))
    parts = []
    opcodes = SequenceMatcher(None, old_words, new_words, autojunk=False).get_opcodes()
    for index, (op, old_start, old_end, new_start, new_end) in enumerate(opcodes):
        if op == "equal":
            words = old_words[old_start:old_end]
            keep = 2 * context  # tokens: the words and the whitespace between them
            if index == 0 and len(words) > keep:
                words = ["… ", *words[-keep:]]
            elif index == len(opcodes) - 1 and len(words) > keep:
                words = [*words[:keep], " …"]
            elif 0 < index < len(opcodes) - 1 and len(words) > 2 * keep:
                words = [*words[:keep], " … ", *words[-keep:]]
            parts.append(escape("".join(words)))
            continue
        if old_end > old_start:
            parts.append(format_html("<del>{}</del>", "".join(old_words[old_start:old_end])))
        if new_end > new_start:
            parts.append(format_html("<ins>{}</ins>", "".join(new_words[new_start:new_end])))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every part is escaped above
