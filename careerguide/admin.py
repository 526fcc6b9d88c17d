"""What every CareerGuide admin page shares: readable constraint messages, revision history with a
readable diff, and safe revert.

`ContentAdmin` is the base of every content ModelAdmin in `roles/admin.py` and `salaries/admin.py`,
`TabularContentInline` and `StackedContentInline` of every inline.
It builds on django-simple-history's admin: the History page lists every version with who saved it
and which fields changed; opening a version shows what that version changed and what reverting to
it would change, with a Revert button.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import admin
from django.contrib import messages as admin_messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminTextareaWidget, RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms import Textarea
from django.http import HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .checked_uploads import (
    UploadRefused,
    claim_checked_upload,
    delete_expired_uploads,
    retry_when_locked,
    run_locked_confirmation,
    store_checked_upload,
)
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
    # Five lines show a paragraph; Django's ten make a page of long texts twice as tall.
    formfield_overrides = {
        models.TextField: {"form_class": EditorTextField, "widget": AdminTextareaWidget(attrs={"rows": 5})}
    }

    object_history_list_template = "admin/history/object_history_list.html"
    object_history_form_template = "admin/history/object_history_form.html"

    def get_fieldsets(self, request, obj=None):
        # The hidden edit version (careerguide.edit_versions) goes wherever the editor may save a change.
        can_change = obj is not None and self.has_change_permission(request, obj)
        return fieldsets_with_edit_version(super().get_fieldsets(request, obj), can_change=can_change)

    def delete_view(self, request, object_id, extra_context=None):
        """Django's delete page; a refusal says why (the 403 page shows the reason)."""
        if not self.has_delete_permission(request):
            raise PermissionDenied(
                f"Your account may not delete {self.opts.verbose_name_plural}: deleting one removes it, "
                "and everything that belongs to it, from the site for good."
            )
        return super().delete_view(request, object_id, extra_context=extra_context)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        """Versions newest first by time (then id, for rows saved in one bulk insert): each version's
        changes are computed against the next one in this order, so it must be the order they happened."""
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return queryset.order_by("-history_date", "-history_id")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        self.add_error_summary(context)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def add_error_summary(self, context) -> None:
        """Put `error_summary` in the change form's context: every error at the top, each linking to its field."""
        adminform = context.get("adminform")
        if adminform is not None and context.get("errors"):
            context["error_summary"] = error_summary(adminform.form, context.get("inline_admin_formsets", []))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Show one version, what it changed, and what reverting to it would change.

        Reverting (POST) needs change permission; simple-history itself only asks for view permission.
        Queries on top of simple-history's: the version, the one before it, the latest version.
        """
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied(
                f"Your account may view but not change {self.opts.verbose_name_plural}, so it cannot revert."
            )
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


def error_summary(form, inline_admin_formsets) -> list[dict]:
    """Every error of a failed save, in page order, as `{"where", "message", "anchor"}`: `anchor` is the id
    of the field (or row, or table) to jump to, or "" when the error has no place on the page."""
    errors = [*_form_errors(form, where="")]
    for inline in inline_admin_formsets:
        formset = inline.formset
        name = capfirst(inline.opts.verbose_name_plural)
        for message in formset.non_form_errors():
            errors.append({"where": name, "message": message, "anchor": f"{formset.prefix}-group"})
        for index, row in enumerate(formset.forms):
            if row.errors:
                errors.extend(_form_errors(row, where=f"{name}, row {index + 1}", row_id=f"{formset.prefix}-{index}"))
    return errors


def _form_errors(form, *, where: str, row_id: str = ""):
    position = {name: index for index, name in enumerate(form.fields)}
    # Errors of the whole row first, then each field's in the order the fields are shown.
    for name, messages in sorted(form.errors.items(), key=lambda item: position.get(item[0], -1)):
        if name in form.fields and not form.fields[name].widget.is_hidden:
            label = str(form[name].label)
            place, anchor = (f"{where}: {label}" if where else label), form[name].auto_id or ""
        else:
            place, anchor = where or "The whole form", row_id
        for message in messages:
            yield {"where": place, "message": message, "anchor": anchor}


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


# --- Two-step imports: upload and check, then confirm ------------------------------------------------------


@dataclass
class ImportCheck:
    """What an import's dry run found: the page's report (`context`, shown by the kind's report partial)
    and the files that may be imported (name: bytes), kept for the confirmation."""

    context: dict
    importable: dict[str, bytes]


class CheckedImportMixin:
    """An admin's import page in two steps, the same for every kind of file.

    1. The editor uploads files (`import_form_class`); `import_check` runs the import as a dry run and
       the page shows its report (`import_report_template`). Files that passed are kept on the server
       (`careerguide.checked_uploads.store_checked_upload`), not in the page.
    2. "Confirm" posts only the upload's id; `import_apply` imports the kept files once, for the editor
       who checked them, before they expire. Any other confirmation is refused with a message and saves
       nothing: expired, another user's, already used (e.g. a second click or a second tab) or unknown.
    """

    import_kind = ""  # the kind stored with the upload, so one import cannot confirm another's files
    import_form_class: type[forms.Form]
    import_title = ""
    import_form_id = ""  # ids of the page's forms: "<id>-form" and "<id>-confirm"
    import_check_label = "Check the files"
    import_report_template = ""  # partial: the dry run's (or the import's) report
    import_help_template = ""  # partial: what the files hold and what happens
    import_permission_message = "Importing needs permission to add and change these records."

    def import_files(self, form) -> dict[str, bytes]:
        """The uploaded files of a valid form, by name."""
        raise NotImplementedError

    def import_options(self, form) -> dict:
        """The choices made with the upload (JSON), carried to the confirmation."""
        return {}

    def import_check(self, request, files: dict[str, bytes], options: dict) -> ImportCheck:
        raise NotImplementedError

    def import_apply(self, request, files: dict[str, bytes], options: dict):
        """Import the checked files; return the page's context, or a response (e.g. a redirect)."""
        raise NotImplementedError

    def import_confirm_label(self, options: dict) -> str:
        return "Import"

    def import_page_context(self, request) -> dict:
        """What the kind's help partial needs besides the mixin's context."""
        return {}

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied(self.import_permission_message)
        context = {
            **self.admin_site.each_context(request),
            "title": self.import_title,
            "opts": self.opts,
            "form_id": self.import_form_id,
            "check_label": self.import_check_label,
            "report_template": self.import_report_template,
            "help_template": self.import_help_template,
            **self.import_page_context(request),
        }
        if request.method == "POST" and "_confirm" in request.POST:
            outcome = self._confirm_import(request)
            if isinstance(outcome, HttpResponseBase):
                return outcome
            context |= outcome
            form = self.import_form_class()
        elif request.method == "POST":
            form = self.import_form_class(request.POST, request.FILES)
            if form.is_valid():
                context |= self._check_import(request, form)
        else:
            form = self.import_form_class()
        return TemplateResponse(request, "admin/checked_import.html", context | {"form": form})

    def _check_import(self, request, form) -> dict:
        files, options = self.import_files(form), self.import_options(form)
        # A dry run writes and rolls back: on SQLite it waits for another writer instead of failing.
        check = retry_when_locked(lambda: self.import_check(request, files, options))
        context = {**check.context, "checked": True}
        if check.importable:
            upload = store_checked_upload(
                owner=request.user, kind=self.import_kind, files=check.importable, options=options
            )
            context |= {"checked_upload": upload, "confirm_label": self.import_confirm_label(options)}
        return context

    def _confirm_import(self, request):
        def confirm():
            files, options = claim_checked_upload(
                upload_id=request.POST.get("upload", ""), owner=request.user, kind=self.import_kind
            )
            return self.import_apply(request, files, options)

        try:
            outcome = run_locked_confirmation(confirm)
        except UploadRefused as refused:
            admin_messages.error(request, str(refused))
            outcome = HttpResponseRedirect(request.path)
        delete_expired_uploads()
        return outcome if isinstance(outcome, HttpResponseBase) else {**outcome, "checked": True}
