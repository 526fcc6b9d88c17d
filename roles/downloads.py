"""A guide as files to download, linked from its page: the whole guide as JSON (the API's representation) and
its career ladder's pay as CSV, one row per level and region."""

import csv
import io
import json

from careerguide.csv_cells import csv_cell

from .official_figures import check_median_pay
from .serializers.guide import RoleDetailSerializer

LEVEL_PAY_COLUMNS = [
    "role",
    "level_order",
    "level",
    "level_slug",
    "years_total_min",
    "years_total_max",
    "region",
    "currency",
    "median",
    "average",
    "pay_period",
    "source",
    "source_as_of",
]


def guide_json(role, request) -> bytes:
    """The guide as `/api/v1/roles/<slug>/` gives it (`role` from `Role.objects.published().for_guide_page()`),
    with BLS's figures for its occupation beside the key facts (one query)."""
    role.median_pay_check = check_median_pay(role)
    data = RoleDetailSerializer(role, context={"request": request}).data
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()


def level_pay_rows(levels) -> list[dict]:
    """One row per level and region with pay; a level without any pay figure is still a row (no region).

    `levels` come from `CareerLevel.objects.published().of_role(slug).for_ladder()` (salaries prefetched).
    """
    rows = []
    for level in levels:
        base = {
            "role": level.role.title,
            "level_order": level.order,
            "level": level.title,
            "level_slug": level.slug,
            "years_total_min": level.years_total_min,
            "years_total_max": level.years_total_max,
        }
        salaries = sorted(level.salaries.all(), key=lambda salary: salary.region.name)
        for salary in salaries or [None]:
            rows.append(
                base
                | (
                    {
                        "region": salary.region.name,
                        "currency": salary.currency_id,
                        "median": salary.median,
                        "average": salary.average,
                        "pay_period": salary.pay_period,
                        "source": str(salary.source),
                        "source_as_of": salary.source.as_of,
                    }
                    if salary
                    else {}
                )
            )
    return rows


def level_pay_csv(levels) -> bytes:
    """`level_pay_rows` as CSV (cells neutralised against spreadsheet formulas, as every export is)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=LEVEL_PAY_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: csv_cell(value) for key, value in row.items()} for row in level_pay_rows(levels))
    return out.getvalue().encode()
