"""What every CareerGuide admin page shares: revision history with a readable diff, and safe revert.

`ContentAdmin` is the base of every content ModelAdmin in `roles/admin.py` and `salaries/admin.py`.
It builds on django-simple-history's admin: the History page lists every version with who saved it
and which fields changed; opening a version shows what that version changed and what reverting to
it would change, with a Revert button.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper


def version_changes(model, newer, older) -> list[dict]:
    """Fields that differ between two historical records of `model`, oldest value first, in form order.

    Each item is `{"field": verbose name, "old": text, "new": text}`. Foreign keys are shown by name,
    which loads each changed related object (one query each, unless already cached).
    """
    if older is None:
        return []
    delta = newer.diff_against(older, foreign_keys_are_objs=True)
    position = {field.name: index for index, field in enumerate(model._meta.get_fields())}
    delta.changes.sort(key=lambda change: position.get(change.field, len(position)))
    return HistoricalRecordContextHelper(model, newer).context_for_delta_changes(delta)


class ContentAdmin(SimpleHistoryAdmin):
    """Base admin for content models: history list and version pages with field-by-field diffs."""

    object_history_list_template = "admin/history/object_history_list.html"
    object_history_form_template = "admin/history/object_history_form.html"

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
