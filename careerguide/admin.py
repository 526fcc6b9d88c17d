"""What every CareerGuide admin page shares: readable constraint messages, revision history with a
readable diff, and safe revert.

`ContentAdmin` is the base of every content ModelAdmin in `roles/admin.py` and `salaries/admin.py`,
`TabularContentInline` and `StackedContentInline` of every inline.
It builds on django-simple-history's admin: the History page lists every version with who saved it
and which fields changed; opening a version shows what that version changed and what reverting to
it would change, with a Revert button.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms import Textarea
from django.shortcuts import get_object_or_404
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .diffs import word_diff
from .edit_versions import fieldsets_with_edit_version
from .forms import ContentForm, EditorInlineFormSet, EditorTextField


def version_changes(model, newer, older) -> list[dict]:
    """Fields that differ between two historical records of `model`, in form order.

    Each item is `{"field": verbose name, "old": text, "new": text, "diff": HTML}`: `diff` marks the
    words taken out (<del>) and put in (<ins>), so a one-word fix in a long text is easy to spot.
    Foreign keys are shown by name, which loads each changed related object (one query each).
    """
    if older is None:
        return []
    delta = newer.diff_against(older, foreign_keys_are_objs=True)
    position = {field.name: index for index, field in enumerate(model._meta.get_fields())}
    delta.changes.sort(key=lambda change: position.get(change.field, len(position)))
    helper = HistoricalRecordContextHelper(model, newer)
    changes = []
    for change in delta.changes:
        shown = helper.format_delta_change(change)
        if isinstance(change.old, str) and isinstance(change.new, str):
            diff = word_diff(change.old, change.new)
        else:
            diff = format_html("<del>{}</del> → <ins>{}</ins>", shown.old, shown.new)
        changes.append({"field": shown.field, "old": shown.old, "new": shown.new, "diff": diff})
    return changes


class ContentAdmin(SimpleHistoryAdmin):
    """Base admin for content models: constraint messages on their fields (`ContentForm`), history list
    and version pages with field-by-field diffs."""

    form = ContentForm
    formfield_overrides = {models.TextField: {"form_class": EditorTextField}}

    object_history_list_template = "admin/history/object_history_list.html"
    object_history_form_template = "admin/history/object_history_form.html"

    def get_fieldsets(self, request, obj=None):
        # The hidden edit version (careerguide.edit_versions) goes wherever the editor may save a change.
        can_change = obj is not None and self.has_change_permission(request, obj)
        return fieldsets_with_edit_version(super().get_fieldsets(request, obj), can_change=can_change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Show one version, what it changed, and what reverting to it would change.

        Reverting (POST) needs change permission; simple-history itself only asks for view permission.
        Queries on top of simple-history's: the version, the one before it, the latest version.
        """
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        versions = self.model.history.filter(**{self.model._meta.pk.attname: unquote(object_id)})
        version = get_object_or_404(versions, history_id=version_id)
        latest = versions.latest()
        context = {
            "version": version,
            "changes_in_version": version_changes(self.model, version, version.prev_record),
            "changes_on_revert": version_changes(self.model, version, latest) if latest != version else [],
            "is_latest_version": latest == version,
            **(extra_context or {}),
        }
        return super().history_form_view(request, object_id, version_id, extra_context=context)


class ContentInlineMixin:
    """Shared by every inline: compact multi-line text stored with LF line breaks and, in table rows,
    foreign keys without the add/change/delete/view buttons (they make a row too wide to read; the
    related objects have their own pages)."""

    formfield_overrides = {
        models.TextField: {"form_class": EditorTextField, "widget": Textarea(attrs={"rows": 2, "cols": 40})}
    }

    def get_fieldsets(self, request, obj=None):
        # Each row carries its own edit version (careerguide.edit_versions); `obj` is the page's object.
        can_change = obj is not None and self.has_change_permission(request, obj)
        return fieldsets_with_edit_version(super().get_fieldsets(request, obj), can_change=can_change)

    def get_queryset(self, request):
        """Rows with their foreign keys joined: each row's title (`__str__`) names them (one query)."""
        foreign_keys = [field.name for field in self.model._meta.fields if field.many_to_one or field.one_to_one]
        return super().get_queryset(request).select_related(*foreign_keys)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(self, admin.TabularInline) and isinstance(
            getattr(formfield, "widget", None), RelatedFieldWidgetWrapper
        ):
            widget = formfield.widget
            widget.can_add_related = widget.can_change_related = widget.can_delete_related = False
            widget.can_view_related = False
        return formfield


class TabularContentInline(ContentInlineMixin, admin.TabularInline):
    """Rows of one section of a page (a guide's FAQ, a level's pay), edited in their `order`."""

    form = ContentForm
    formset = EditorInlineFormSet
    extra = 0


class StackedContentInline(ContentInlineMixin, admin.StackedInline):
    """Like `TabularContentInline`, for rows with too many fields to fit a table row."""

    form = ContentForm
    formset = EditorInlineFormSet
    extra = 0
