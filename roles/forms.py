"""Forms of the roles pages and of the admin's guide import.

`CompareForm` and `SkillsGapForm` validate role slugs from the query string and nothing more; the
admin's model forms are `careerguide.forms.ContentForm`, whose messages come from the model constraints.
`GuideImportForm` takes the guide files an editor uploads.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from careerguide.filters import SEARCH_MAX_LENGTH
from careerguide.forms import ContentForm, EditorInlineFormSet, ListInput
from careerguide.pickers import SlugOrTitleField, as_slug
from salaries.services import salary_currency_error

from .assessment import MAX_YEARS, Answers, Education, Strength, check_years
from .comparisons import MAX_COMPARED_ROLES, parse_role_slugs


class CompareForm(forms.Form):
    roles = forms.CharField(
        widget=ListInput,
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


class AssessmentForm(forms.Form):
    """The self-assessment's questions for one role (a GET form: the result's address can be shared).

    One radio group per skill of the role (`skill-<slug>`), built from the role loaded with
    `for_assessment()`; the region choices come from `Region.objects.with_groups()`. The limits and the
    checks are `roles.assessment`'s, which the API's serializer uses too.
    """

    SKILL_PREFIX = "skill-"

    years_total = forms.IntegerField(
        label="Total years of experience", min_value=0, max_value=MAX_YEARS, help_text="Whole years, 0 to 60."
    )
    years_at_level = forms.IntegerField(
        label="Years at your current level",
        min_value=0,
        max_value=MAX_YEARS,
        required=False,
        help_text="How long you have held your current position or level; leave empty for 0.",
    )
    certifications = forms.MultipleChoiceField(
        label="Certifications you hold", required=False, widget=forms.CheckboxSelectMultiple
    )
    education = forms.ChoiceField(
        label="Highest education", required=False, choices=[("", "Prefer not to say"), *Education.choices]
    )
    region = forms.ChoiceField(label="Country or region (optional)", required=False)

    def __init__(self, *args, role, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.role = role
        self.regions = {region.slug: region for region in regions}
        self.fields["certifications"].choices = [
            (certification.slug, certification.name) for certification in role.certifications.all()
        ]
        self.fields["region"].choices = [("", "Not chosen")] + [(r.slug, r.name) for r in self.regions.values()]
        for link in role.role_skills.all():
            self.fields[self.SKILL_PREFIX + link.skill.slug] = forms.ChoiceField(
                label=link.skill.name,
                choices=Strength.choices,
                initial=Strength.NONE,
                required=False,
                widget=forms.RadioSelect,
                help_text=link.detail,
            )

    def skill_fields(self):
        """The bound radio groups, one per skill, in the guide's order."""
        return [self[name] for name in self.fields if name.startswith(self.SKILL_PREFIX)]

    def clean(self):
        cleaned = super().clean()
        # Skills, strengths and certifications are choices of their fields, so only the years need a check.
        try:
            check_years(cleaned.get("years_total"), cleaned.get("years_at_level"))
        except forms.ValidationError as error:
            self.add_error(None, error)  # keyed by its field, years_at_level
        return cleaned

    def answers(self) -> Answers:
        """The cleaned form as `roles.assessment.Answers` (call after `is_valid()`)."""
        data = self.cleaned_data
        skills = {
            name.removeprefix(self.SKILL_PREFIX): data.get(name) or Strength.NONE
            for name in self.fields
            if name.startswith(self.SKILL_PREFIX)
        }
        return Answers(
            skills=skills,
            years_total=data["years_total"],
            years_at_level=data.get("years_at_level") or 0,
            certifications=frozenset(data.get("certifications") or []),
            education=data.get("education") or "",
            region=self.regions.get(data.get("region") or ""),
        )


class JobDescriptionForm(forms.Form):
    """`?region=` and `?format=` of a job-description page; the regions come from `Region.objects.with_groups()`."""

    region = forms.ChoiceField(label="Add pay for a country or region", required=False)
    format = forms.ChoiceField(
        required=False, choices=[("", "Web page"), ("md", "Markdown file"), ("txt", "Plain-text file")]
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = {region.slug: region for region in regions}
        self.fields["region"].choices = [("", "None")] + [(r.slug, r.name) for r in self.regions.values()]

    @property
    def chosen_region(self):
        return self.regions.get(self.cleaned_data.get("region") or "")


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


class GuideImportForm(forms.Form):
    files = MultipleFileField(label="Guide files")
    publish = forms.BooleanField(
        required=False, label="Publish at once", help_text="Otherwise each guide is saved as a draft."
    )
    update = forms.BooleanField(
        required=False,
        label="Update guides that exist",
        help_text="Apply the differences to a role that already has a guide; otherwise such a file is refused.",
    )
    force = forms.BooleanField(
        required=False,
        label="Overwrite editors' changes",
        help_text="With “Update”: apply the file even to a guide edited since its last import (the check lists "
        "those edits); otherwise such a file is refused.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = (
            f"Up to {settings.GUIDE_IMPORT_MAX_FILES} plain-text guides (.txt, UTF-8), "
            f"each at most {filesizeformat(settings.GUIDE_IMPORT_MAX_BYTES)}."
        )

    def clean_files(self):
        files = self.cleaned_data["files"]
        most = settings.GUIDE_IMPORT_MAX_FILES
        if len(files) > most:
            raise forms.ValidationError(f"Choose at most {most} files at a time (got {len(files)}).")
        for upload in files:
            if not upload.name.lower().endswith(".txt"):
                raise forms.ValidationError(f"{upload.name}: a guide is a plain-text .txt file.")
            if upload.size > settings.GUIDE_IMPORT_MAX_BYTES:
                limit = filesizeformat(settings.GUIDE_IMPORT_MAX_BYTES)
                raise forms.ValidationError(f"{upload.name}: larger than {limit}; a guide is about 40 kB.")
        return files


# --- Admin: pay figures ---------------------------------------------------------------------------------------------


class SalaryFigureForm(ContentForm):
    """A salary row: also refuses a currency other than the one the region's salaries are quoted in."""

    def clean(self):
        cleaned_data = super().clean()
        region, currency = cleaned_data.get("region"), cleaned_data.get("currency")
        message = region and currency and salary_currency_error(region=region, currency_code=currency.code)
        if message:
            self.add_error("currency", message)
        return cleaned_data


class GrowthProjectionInlineFormSet(EditorInlineFormSet):
    """Projections of one role: at most one may be the headline shown in the key facts."""

    def clean(self):
        super().clean()
        headlines = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", {}).get("is_headline") and not self._should_delete_form(form)
        ]
        if len(headlines) > 1:
            raise ValidationError("Only one projection can be the headline; untick “headline” on all but one.")


class SalaryImportForm(forms.Form):
    file = forms.FileField(label="CSV file")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "UTF-8 CSV with the columns described below, e.g. a file written by “Export CSV”; at most "
            f"{filesizeformat(settings.SALARY_IMPORT_MAX_BYTES)} and {settings.SALARY_IMPORT_MAX_ROWS:,} rows."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused before it is read: the size is known from the upload.
        if upload.size > settings.SALARY_IMPORT_MAX_BYTES:
            limit = filesizeformat(settings.SALARY_IMPORT_MAX_BYTES)
            raise forms.ValidationError(f"{upload.name}: larger than {limit}; split it into smaller files.")
        return upload


class SiteSearchForm(forms.Form):
    """`?q=` on the search page (guides and occupations)."""

    q = forms.CharField(required=False, max_length=SEARCH_MAX_LENGTH, strip=True, label="Search guides and occupations")
