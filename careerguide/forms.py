"""Form plumbing shared by every admin page of the content apps.

`ContentForm` is the base form of every content model in the admin. Django's ModelForm already checks
`Meta.constraints`, but files every failure under the whole row; here each constraint's message
(`violation_error_message`) lands on the field it names (`violation_error_code`, see
`careerguide.constraints`), so the editor sees the sentence next to what to change. It also refuses a
save from a page opened before someone else's save (`careerguide.edit_versions`).
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from .constraints import compared_fields, constraint_errors
from .edit_versions import VersionedFormSetMixin, VersionedModelForm


class ListInput(forms.TextInput):
    """Reads every value of a repeated parameter (`?roles=a&roles=b`) as well as `?roles=a,b`: the pickers of
    the compare page (roles, occupations)."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return ",".join(value for value in values if value)


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
            for message in messages:
                for target in self.constraint_error_fields(field, message):
                    # A field the form does not show (e.g. the role of an inline row) cannot carry an error.
                    by_field.setdefault(target if target in self.fields else NON_FIELD_ERRORS, []).append(message)
        if by_field:
            self._update_errors(ValidationError(by_field))

    def constraint_error_fields(self, field: str, error: ValidationError) -> list[str]:
        """Where a broken constraint's message goes: on `field` (its `violation_error_code`), unless the
        constraint compares fields and the editor left `field` alone but changed the other one; then on
        that one, which they most likely got wrong (a raised minimum, not the maximum it now exceeds)."""
        constraint = next((c for c in self.instance._meta.constraints if c.name == error.code), None)
        if constraint is None or field in self.changed_data:
            return [field]
        changed = [name for name in self.fields if name in compared_fields(constraint) and name in self.changed_data]
        return changed or [field]


class EditorInlineFormSet(VersionedFormSetMixin, forms.BaseInlineFormSet):
    """Inline formset whose duplicate-row message names the fields in words."""

    def get_unique_error_message(self, unique_check):
        labels = [str(self.model._meta.get_field(name).verbose_name) for name in unique_check if name != self.fk.name]
        return f"Two rows have the same {' and '.join(labels)}; each row must be different. Remove or change one."

    def get_form_error(self):
        return "This row repeats another row."

    def add_fields(self, form, index):
        super().add_fields(form, index)
        self.name_row_fields(form, index)

    @staticmethod
    def name_row_fields(form, index) -> None:
        """Give every field of a row an accessible name with its row number (“Order, row 2”): in a table
        row the column header is the only label, which assistive technology does not tie to the input.
        Required fields also say so (`aria-required`) before anything is saved."""
        row = "new row" if index is None else f"row {index + 1}"
        for field in form.fields.values():
            # The admin wraps a foreign key's widget (RelatedFieldWidgetWrapper); the attributes go on the inner one.
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs.setdefault("aria-label", f"{field.label or 'Field'}, {row}")
            if field.required:
                widget.attrs.setdefault("aria-required", "true")
