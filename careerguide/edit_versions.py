"""No lost edits in the admin: a save from a page opened before someone else's save is refused.

Every content form (the main form of an admin page and each row of its inlines) carries a hidden
`edit_version`: a signed digest of the saved value of each field the form shows, taken when the page
was built. On save, `clean()` compares it with the row as it is saved now. If a field changed in
between, the form gets an error that lists each such field (this form's value struck through, the
value saved meanwhile highlighted) and who saved last; the editor's input stays on the page. The
refused form carries the new version, so saving again after checking keeps what the form shows.

Granularity is one version per row: the page's object and each inline row are checked on their own,
and only the fields their form shows count. An inline row changed meanwhile refuses the save even when
this editor left it alone, because Django would write the row back with the page's old values; a row
someone else added meanwhile is kept (it is not on this page); one deleted meanwhile fails as Django's
"select a valid choice" on the row. A deleted row that was changed meanwhile is refused by the formset.

The main form reads its row afresh with `SELECT ... FOR UPDATE` inside the admin's transaction, so on
PostgreSQL two saves of one page cannot both pass the check; its inline rows are read after that lock.
A form posted without a version (a page rendered before this check existed) is not checked.
"""

import hashlib
from collections.abc import Iterable

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from .diffs import word_diff

EDIT_VERSION_FIELD = "edit_version"
_SALT = "careerguide.edit-version"  # signing salt: tokens of other forms do not fit


def field_digests(instance: models.Model, names: Iterable[str]) -> dict[str, str]:
    """A short hash of the saved value of each model field in `names` of `instance`, by field name.

    Foreign keys count by id, many-to-many fields by the sorted ids they link (one query each unless
    prefetched). Four bytes of BLAKE2 suffice: a hash only has to differ when a value changes.
    """
    digests = {}
    for name in names:
        field = instance._meta.get_field(name)
        value = field.value_from_object(instance)
        if field.many_to_many:
            value = sorted(related.pk for related in value)
        digests[name] = hashlib.blake2b(repr(value).encode(), digest_size=4).hexdigest()
    return digests


def edit_version(digests: dict[str, str]) -> str:
    return signing.dumps(digests, salt=_SALT)


def fieldsets_with_edit_version(fieldsets, *, can_change: bool) -> list:
    """`fieldsets` with the hidden version at the end of the first fieldset when the user may save, and
    nowhere otherwise (a view-only page would show it as a read-only field)."""
    fieldsets = [
        (name, {**options, "fields": [field for field in options["fields"] if field != EDIT_VERSION_FIELD]})
        for name, options in fieldsets
    ]
    if can_change and fieldsets:
        name, options = fieldsets[0]
        fieldsets[0] = (name, {**options, "fields": [*options["fields"], EDIT_VERSION_FIELD]})
    return fieldsets


class VersionedModelForm(forms.ModelForm):
    """A model form that refuses to overwrite changes saved after it was rendered (see the module)."""

    edit_version = forms.CharField(required=False, widget=forms.HiddenInput)

    # The page's main form reads its row afresh, locked; an inline formset's rows are loaded after
    # that lock, so their own instance is current (`VersionedFormSetMixin` turns this off).
    reads_saved_row = True
    # Names of the fields that changed meanwhile, once `clean()` found any.
    edit_conflict: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            saved = self._saved_row(lock=False)
            if saved is not None:
                self.initial[EDIT_VERSION_FIELD] = edit_version(field_digests(saved, self.versioned_fields()))

    def versioned_fields(self) -> list[str]:
        """The form's fields that are fields of the model, but the primary key: what saving this form writes.

        An inline formset adds the row's id and parent after the form is built; they never change, and the
        check compares only the fields the version was taken of.
        """
        opts = self._meta.model._meta
        model_fields = {field.name for field in [*opts.concrete_fields, *opts.many_to_many] if not field.primary_key}
        return [name for name in self.fields if name in model_fields]

    def _saved_row(self, *, lock: bool) -> models.Model | None:
        """The row as saved now: the form's own instance, or read again (one query) when the instance is
        a historical version (the revert page) or, with `lock`, for the page's main form."""
        instance = self.instance
        is_historical = hasattr(instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME)
        if not is_historical and not (lock and self.reads_saved_row):
            return instance
        rows = type(instance)._default_manager.filter(pk=instance.pk)
        connection = connections[rows.db]
        if lock and connection.in_atomic_block and connection.features.has_select_for_update:
            rows = rows.select_for_update()
        return rows.first()

    def clean(self):
        cleaned_data = super().clean()
        self._check_edit_version(cleaned_data.get(EDIT_VERSION_FIELD))
        return cleaned_data

    def _check_edit_version(self, token: str | None) -> None:
        if not token or self.instance.pk is None:
            return
        try:
            loaded = signing.loads(token, salt=_SALT)
        except signing.BadSignature:
            loaded = None
        if not isinstance(loaded, dict):
            raise ValidationError(
                "This page's edit marker is damaged, so it cannot tell whether someone else saved meanwhile. "
                "Copy your changes, reload the page and make them again.",
                code="bad_edit_version",
            )
        saved = self._saved_row(lock=True)
        if saved is None:
            return  # deleted meanwhile: the admin (missing object) and formsets (invalid row) already say so
        names = [name for name in self.versioned_fields() if name in loaded]
        now = field_digests(saved, names)
        changed = [name for name in names if loaded.get(name) != now[name]]
        if not changed:
            return
        self.edit_conflict = changed
        # Saving again after reading the message keeps what the form shows: it now carries the new version.
        self.data = self.data.copy()
        self.data[self.add_prefix(EDIT_VERSION_FIELD)] = edit_version(now)
        raise ValidationError(self._conflict_message(saved, changed), code="edit_conflict")

    def _conflict_message(self, saved: models.Model, changed: list[str]) -> str:
        """HTML: who saved last, and each changed field with this form's value against the saved one.
        Queries: the latest history record, and each changed foreign key or many-to-many field."""
        opts = self._meta.model._meta
        history = getattr(type(saved), getattr(opts, "simple_history_manager_attribute", ""), None)
        latest = (
            history.filter(**{opts.pk.attname: saved.pk}).select_related("history_user").first() if history else None
        )
        saved_by = ""
        if latest is not None:
            when = date_format(timezone.localtime(latest.history_date), "DATETIME_FORMAT")
            saved_by = f" (last saved {f'by {latest.history_user} ' if latest.history_user else ''}on {when})"
        items = format_html_join(
            "",
            "<li>{}: {}</li>",
            ((self.fields[name].label or name, self._difference(saved, name)) for name in changed),
        )
        return format_html(
            "Someone else saved “{}”{} after you opened the page. Saving now would overwrite what they "
            "changed in these fields (struck through: this form; highlighted: saved meanwhile):"
            "<ul>{}</ul>Check them, then save again to keep what this form shows, or reload the page to "
            "start from the saved version.",
            saved,
            saved_by,
            items,
        )

    def _difference(self, saved: models.Model, name: str) -> str:
        model_field = self._meta.model._meta.get_field(name)
        ours = self.cleaned_data[name] if name in self.cleaned_data else self[name].value()
        theirs = getattr(saved, name)
        if model_field.many_to_many:
            theirs = list(theirs.all())
        ours, theirs = (_shown(model_field, value) for value in (ours, theirs))
        if model_field.choices is None and isinstance(model_field, models.CharField | models.TextField):
            return word_diff(ours, theirs)
        return format_html("<del>{}</del> → <ins>{}</ins>", ours, theirs)


def _shown(model_field, value) -> str:
    """A field's value in words: choices by label, related objects by name, empty as “(empty)”."""
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | models.QuerySet):
        return ", ".join(str(item) for item in value) or "(none)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


class VersionedFormSetMixin:
    """For inline formsets of `VersionedModelForm`s: rows use the instance the formset loaded, and a row
    marked for deletion that someone changed meanwhile is refused (Django ignores deleted rows' errors)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.reads_saved_row = False
        return form

    def clean(self):
        super().clean()
        stale = [
            str(form.instance)
            for form in self.forms
            if self.can_delete and self._should_delete_form(form) and getattr(form, "edit_conflict", None)
        ]
        if stale:
            raise ValidationError(
                f"Someone else changed {', '.join(stale)} after you opened the page, and you marked it for "
                "deletion. Untick “Delete?” to keep it, or save again to delete it anyway.",
                code="edit_conflict",
            )
