"""Forms of the roles pages: the compare pages' query-string forms.

`CompareForm` and `SkillsGapForm` validate role slugs from the query string and nothing more; the
admin's forms are `careerguide.forms.ContentForm`, whose messages come from the model constraints.
"""

from django import forms

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
