"""Form plumbing shared by every admin page of the content apps.

`ContentForm` is the base form of every content model in the admin. Django's ModelForm already checks
`Meta.constraints`, but files every failure under the whole row; here each constraint's message
(`violation_error_message`) lands on the field it names (`violation_error_code`, see
`careerguide.constraints`), so the editor sees the sentence next to what to change. It also refuses a
save from a page opened before someone else's save (`careerguide.edit_versions`).
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from .constraints import constraint_errors
from .edit_versions import VersionedFormSetMixin, VersionedModelForm


class EditorTextField(forms.CharField):
    """A multi-line text field that stores line breaks as LF, the way fixtures and imports do.

    Browsers submit a textarea's line breaks as CR LF; without this, saving a page unchanged would
    rewrite every long text and fill the history with changes nobody made.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class ContentForm(VersionedModelForm):
    """Base form of every content model in the admin: constraint messages next to the field to fix, and
    no silent overwrite of what another editor saved meanwhile."""

    def validate_constraints(self):
        errors = constraint_errors(self.instance, exclude=self._get_validation_exclusions())
        by_field: dict[str, list[ValidationError]] = {}
        for field, messages in errors.items():
            # A field the form does not show (e.g. the role of an inline row) cannot carry an error.
            by_field.setdefault(field if field in self.fields else NON_FIELD_ERRORS, []).extend(messages)
        if by_field:
            self._update_errors(ValidationError(by_field))


class EditorInlineFormSet(VersionedFormSetMixin, forms.BaseInlineFormSet):
    """Inline formset whose duplicate-row message names the fields in words."""

    def get_unique_error_message(self, unique_check):
        labels = [str(self.model._meta.get_field(name).verbose_name) for name in unique_check if name != self.fk.name]
        return f"Two rows have the same {' and '.join(labels)}; each row must be different. Remove or change one."

    def get_form_error(self):
        return "This row repeats another row."
