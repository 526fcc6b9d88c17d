"""Forms of the roles pages and of the admin's guide import.

`CompareForm` and `SkillsGapForm` validate role slugs from the query string and nothing more; the
admin's model forms are `careerguide.forms.ContentForm`, whose messages come from the model constraints.
`GuideImportForm` takes the guide files an editor uploads.
"""

from django import forms

from careerguide.pickers import SlugOrTitleField, as_slug

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
        typed = (self.cleaned_data["roles"] or "").split(",")
        return parse_role_slugs(",".join(as_slug(text) or text for text in typed))


class SkillsGapForm(forms.Form):
    current = SlugOrTitleField(label="Your current role", max_length=120)
    target = SlugOrTitleField(label="The role you want", max_length=120)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("current") and cleaned.get("current") == cleaned.get("target"):
            raise forms.ValidationError("Choose two different roles to see the skills gap between them.")
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,text/plain"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [file for file in (data if isinstance(data, list | tuple) else [data]) if file]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


GUIDE_FILE_MAX_BYTES = 1_000_000
GUIDE_FILES_MAX = 20


class GuideImportForm(forms.Form):
    files = MultipleFileField(
        label="Guide files",
        help_text=f"Up to {GUIDE_FILES_MAX} plain-text guides (.txt, UTF-8), each at most 1 MB.",
    )
    publish = forms.BooleanField(
        required=False, label="Publish at once", help_text="Otherwise each guide is saved as a draft."
    )
    update = forms.BooleanField(
        required=False,
        label="Update guides that exist",
        help_text="Apply the differences to a role that already has a guide; otherwise such a file is refused.",
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > GUIDE_FILES_MAX:
            raise forms.ValidationError(f"Choose at most {GUIDE_FILES_MAX} files at a time (got {len(files)}).")
        for upload in files:
            if not upload.name.lower().endswith(".txt"):
                raise forms.ValidationError(f"{upload.name}: a guide is a plain-text .txt file.")
            if upload.size > GUIDE_FILE_MAX_BYTES:
                raise forms.ValidationError(f"{upload.name}: larger than 1 MB; a guide is about 40 kB.")
        return files
