"""Helpers for admin tests: submit admin forms the way a browser does, and build one row of any model."""

from html.parser import HTMLParser

from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests import factories


def factory_for(model):
    """The factory_boy factory for `model` (every content model has one in tests/factories.py)."""
    return getattr(factories, f"{model.__name__}Factory")


def registered_models(app_label: str) -> list:
    return sorted(
        (model for model in admin.site._registry if model._meta.app_label == app_label), key=lambda m: m.__name__
    )


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


class _FormFields(HTMLParser):
    """Collect what a browser would submit from one <form>: inputs, checked boxes, selected options, textareas."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._select = None
        self._option_value = None
        self._textarea = None

    def _add(self, name, value):
        # Like a browser, this includes the hidden "__prefix__" template rows of inlines; Django ignores them.
        if name:
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(attrs.get("name"), attrs.get("value", "on" if kind in {"checkbox", "radio"} else ""))
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select:
            self._option_value = attrs.get("value", "")
            if "selected" in attrs:
                self._add(self._select, self._option_value)
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self._add(self._textarea, "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.inside:
            values = self.data[self._textarea]
            # The admin starts textareas with a newline the browser drops.
            values[-1] += data.removeprefix("\n") if not values[-1] else data


def form_data(response, form_id: str) -> dict[str, list[str]]:
    """The data a browser would POST for the form with this id on the page `response` rendered."""
    parser = _FormFields(form_id)
    parser.feed(response.content.decode())
    assert parser.data, f"no form #{form_id} on the page"
    return parser.data


def with_values(data: dict[str, list[str]], **values) -> dict[str, list[str]]:
    """A copy of form data with fields set (None removes a field, as an unticked checkbox)."""
    data = {name: list(value) for name, value in data.items()}
    for name, value in values.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = [str(item) for item in value] if isinstance(value, list) else [str(value)]
    return data


def add_inline_row(data: dict[str, list[str]], prefix: str, **values) -> dict[str, list[str]]:
    """Append one new row to the inline formset `prefix`, as “Add another” would."""
    index = int(data[f"{prefix}-TOTAL_FORMS"][0])
    data = with_values(data, **{f"{prefix}-TOTAL_FORMS": index + 1})
    return with_values(data, **{f"{prefix}-{index}-{name}": value for name, value in values.items()})


# The figures a guide states: roles' models, whose admin pages and constraint cases live in test_pay_admin.py.
PAY_MODELS = ("keyfacts", "growthprojection", "levelsalary", "regionalsalary")


def declared_constraints(
    *app_labels: str, models: tuple[str, ...] | None = None, exclude: tuple[str, ...] = ()
) -> dict:
    """Every `Meta.constraints` entry of these apps' models (only `models`, none of `exclude`, by model
    name), by constraint name."""
    return {
        constraint.name: constraint
        for app_label in app_labels
        for model in apps.get_app_config(app_label).get_models()
        if (models is None or model._meta.model_name in models) and model._meta.model_name not in exclude
        for constraint in model._meta.constraints
    }


def expected_constraint_error(constraint) -> dict[str, list[str]]:
    """How the admin form shows a broken constraint: its own sentence on the field it names."""
    return {constraint.violation_error_code or "__all__": [constraint.violation_error_message]}


def form_errors(response) -> dict[str, list[str]]:
    """Errors of the main admin form, by field (`__all__` for the whole form)."""
    return {name: list(errors) for name, errors in response.context["adminform"].form.errors.items()}


def inline_errors(response) -> list:
    """Errors of every inline row and formset on an admin change page, as (prefix, errors) pairs."""
    found = []
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        if formset.non_form_errors():
            found.append((formset.prefix, {"__formset__": list(formset.non_form_errors())}))
        for form in formset.forms:
            if form.errors:
                found.append((formset.prefix, {name: list(errors) for name, errors in form.errors.items()}))
    return found


def editors_group():
    """The "Editors" group migration roles 0003 creates (view, add, change and delete on every content model of
    roles and salaries, but not deleting roles). Made again the same way when a transactional test that ran
    earlier emptied the tables: a flush brings back content types and permissions, not groups."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    group, created = Group.objects.get_or_create(name="Editors")
    if created:
        wanted = Q(pk__in=[])
        for label in ("roles", "salaries"):
            for model in apps.get_app_config(label).get_models():
                name = model._meta.model_name
                if name.startswith("historical"):
                    continue
                actions = ("view", "add", "change") if model._meta.label_lower == "roles.role" else ACTIONS
                wanted |= Q(content_type__app_label=label, codename__in=[f"{action}_{name}" for action in actions])
        group.permissions.set(Permission.objects.filter(wanted))
    return group


ACTIONS = ("view", "add", "change", "delete")
