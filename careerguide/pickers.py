"""Pickers that never list every row: a text input, with a bounded datalist of suggestions, that takes a
slug or the title it was made from.

At 10,000 roles a `<select>` of every role weighed 1.3 MB on the salary explorer; a picker that takes what
the reader types stays the same size at any number of roles and works without JavaScript.
"""

from django import forms
from django.utils.text import slugify


def as_slug(text: str) -> str:
    """What a reader typed in a picker, as a slug: a slug stays itself, a title becomes its slug
    ("Technical Manager" → "technical-manager"), as slugs are made from titles."""
    return slugify(text.strip())


class SlugOrTitleField(forms.CharField):
    """A picker's text: a slug or a title, cleaned to a slug (empty stays empty)."""

    def to_python(self, value):
        text = super().to_python(value)
        return as_slug(text) or text


class SlugOrTitleChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField typed into a text input: the row whose slug is the typed slug or title's slug."""

    widget = forms.TextInput
    default_error_messages = {"invalid_choice": "No published item has that title or slug; check the spelling."}

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            value = as_slug(value) or value
        return super().to_python(value)
