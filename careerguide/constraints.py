"""Database constraints that explain themselves, to editors in the admin and to API clients alike.

Every constraint in `roles/models.py` and `salaries/models.py` carries its reader-facing sentence in
`violation_error_message`, and in `violation_error_code` the name of the field the message belongs
to: the one an editor should change to fix the row (`None` when no single field is at fault, e.g.
"give the median, the average or both"). `constraint_errors()` turns a row's violations into
errors keyed by those fields; the admin's form base and the API's write serializer both use it.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, router
from django.db.models import F, Q


def constraint_errors(instance, *, exclude=None) -> dict[str, list[ValidationError]]:
    """Check `instance` against its model's `Meta.constraints`; errors keyed by field (or NON_FIELD_ERRORS).

    Like `Model.validate_constraints()`, which would key them all to NON_FIELD_ERRORS. A unique
    constraint runs one query, exactly as Django's own validation does; check constraints run none.
    """
    using = router.db_for_write(type(instance), instance=instance)
    errors: dict[str, list[ValidationError]] = {}
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            try:
                constraint.validate(model_class, instance, exclude=exclude, using=using)
            except ValidationError as error:
                key = constraint.violation_error_code or NON_FIELD_ERRORS
                errors.setdefault(key, []).append(ValidationError(error.messages[0], code=constraint.name))
    return errors


def compared_fields(constraint) -> set[str]:
    """The fields a check constraint compares with each other (`local_min__lte=F("local_max")`): a
    violation is as much either field's fault, so the admin reports it on the one the editor changed.
    Empty for other constraints ("give a source when there is a figure" is the source's fault). No query."""
    names: set[str] = set()

    def walk(node):
        if isinstance(node, Q):
            for child in node.children:
                walk(child)
        elif isinstance(node, tuple) and isinstance(node[1], F):  # (lookup, F(...)) inside a Q
            names.update({node[0].split("__")[0], node[1].name.split("__")[0]})

    walk(getattr(constraint, "condition", None))
    return names


def non_negative(field: str, *, prefix: str, message: str) -> models.CheckConstraint:
    """`field` is empty or at least 0; named `<prefix>_<field>_gte_0`."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
        name=f"{prefix}_{field}_gte_0",
        violation_error_code=field,
        violation_error_message=message,
    )


def non_negative_fields(model) -> set[str]:
    """Names of the fields of `model` that a `non_negative()` constraint keeps at 0 or above."""
    return {
        constraint.violation_error_code
        for constraint in model._meta.constraints
        if isinstance(constraint, models.CheckConstraint)
        and constraint.condition
        == Q(**{f"{constraint.violation_error_code}__isnull": True})
        | Q(**{f"{constraint.violation_error_code}__gte": 0})
    }


def min_lte_max(low: str, high: str, *, name: str, message: str) -> models.CheckConstraint:
    """`low` is at most `high` when both are given; the message belongs to `high`."""
    return models.CheckConstraint(
        condition=Q(**{f"{low}__isnull": True}) | Q(**{f"{high}__isnull": True}) | Q(**{f"{low}__lte": F(high)}),
        name=name,
        violation_error_code=high,
        violation_error_message=message,
    )
