"""Forms of the roles app: the compare pages' query-string forms, and the admin's editor forms.

Compare pages: `CompareForm` and `SkillsGapForm` validate role slugs from the query string and nothing more.

Admin: every database constraint is checked first, with a sentence for editors.

Django's ModelForm already runs `Model.validate_constraints()`, but its message for a failed check is
“Constraint “education_cost_min_lte_max” is violated.”. `ReadableConstraintsMixin` runs the same checks
and replaces that message with the one in `CONSTRAINT_MESSAGES`, attached to the field to fix.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import router

from .comparisons import MAX_COMPARED_ROLES, parse_role_slugs


class SlugListInput(forms.TextInput):
    """Reads every value of a repeated parameter (`?roles=a&roles=b`) as well as `?roles=a,b`."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return ",".join(value for value in values if value)


class CompareForm(forms.Form):
    roles = forms.CharField(
        widget=SlugListInput,
        max_length=600,
        required=False,
        help_text=f"Two to {MAX_COMPARED_ROLES} roles.",
    )

    def clean_roles(self):
        return parse_role_slugs(self.cleaned_data["roles"])


class SkillsGapForm(forms.Form):
    current = forms.SlugField(label="Your current role", max_length=120)
    target = forms.SlugField(label="The role you want", max_length=120)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("current") and cleaned.get("current") == cleaned.get("target"):
            raise forms.ValidationError("Choose two different roles to see the skills gap between them.")
        return cleaned


# --- Admin ---------------------------------------------------------------------------------------------
# Constraint name -> (field the editor should fix, or None for the whole row; message).
CONSTRAINT_MESSAGES: dict[str, tuple[str | None, str]] = {
    "source_as_of_has_precision": (
        "as_of_precision",
        "Give the precision (day, month or year) whenever a reference date is set, and leave it empty otherwise.",
    ),
    "role_relation_unique": ("to_role", "This related role is already listed."),
    "role_relation_not_self": ("to_role", "A role cannot be related to itself."),
    "career_level_unique_order": ("order", "Another level of this role already has this position on the ladder."),
    "career_level_unique_slug": ("slug", "Another level of this role already uses this slug."),
    "career_level_years_total_min_lte_max": (
        "years_total_max",
        "The maximum total years must be at least the minimum (leave it empty for open-ended).",
    ),
    "career_level_years_in_role_min_lte_max": (
        "years_in_role_max",
        "The maximum years at this level must be at least the minimum (leave it empty for open-ended).",
    ),
    "role_skill_unique": ("skill", "This skill is already listed for the role."),
    "education_cost_min_gte_0": ("cost_min", "The minimum cost cannot be negative (use 0 for free)."),
    "education_cost_max_gte_0": ("cost_max", "The maximum cost cannot be negative."),
    "education_cost_min_lte_max": ("cost_max", "The maximum cost must be at least the minimum cost."),
    "education_duration_min_lte_max": ("duration_max", "The maximum duration must be at least the minimum."),
    "education_cost_has_currency": ("currency", "Choose the currency the cost is given in."),
    "education_duration_has_unit": ("duration_unit", "Choose the unit (weeks, months or years) of the duration."),
    "entry_timeline_years_min_lte_max": ("years_max", "The maximum years must be at least the minimum."),
    "specialization_unique_slug": ("slug", "Another specialisation of this role already uses this slug."),
}


class EditorTextField(forms.CharField):
    """A multi-line text field that stores line breaks as LF, the way fixtures and imports do.

    Browsers submit a textarea's line breaks as CR LF; without this, saving a page unchanged would
    rewrite every long text and fill the history with changes nobody made.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class ReadableConstraintsMixin:
    """Validate `Meta.constraints` like `ModelForm.validate_constraints()`, with editor-facing messages.

    Set `constraint_messages` to a `CONSTRAINT_MESSAGES`-style mapping. A constraint without an entry
    keeps Django's own message (a test makes sure every constraint has one). Each constraint that needs
    the database (unique ones) runs one query, exactly as Django's own validation does.
    """

    constraint_messages: dict[str, tuple[str | None, str]] = {}

    def validate_constraints(self):
        exclude = self._get_validation_exclusions()
        using = router.db_for_write(type(self.instance), instance=self.instance)
        errors: dict[str, list] = {}
        for model_class, constraints in self.instance.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self.instance, exclude=exclude, using=using)
                except ValidationError as error:
                    field, message = self.constraint_messages.get(constraint.name, (None, None))
                    if message is None:
                        errors.setdefault(NON_FIELD_ERRORS, []).extend(error.messages)
                        continue
                    # A field the form does not show (e.g. the role of an inline row) cannot carry an error.
                    key = field if field in self.fields else NON_FIELD_ERRORS
                    errors.setdefault(key, []).append(ValidationError(message, code=constraint.name))
        if errors:
            self._update_errors(ValidationError(errors))


class RoleContentForm(ReadableConstraintsMixin, forms.ModelForm):
    """Base form for every roles model in the admin."""

    constraint_messages = CONSTRAINT_MESSAGES


class EditorInlineFormSet(forms.BaseInlineFormSet):
    """Inline formset whose duplicate-row message names the fields in words."""

    def get_unique_error_message(self, unique_check):
        labels = [str(self.model._meta.get_field(name).verbose_name) for name in unique_check if name != self.fk.name]
        return f"Two rows have the same {' and '.join(labels)}; each row must be different. Remove or change one."

    def get_form_error(self):
        return "This row repeats another row."
