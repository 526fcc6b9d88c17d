"""Rules on pay figures that hold wherever a figure is written (admin, API, CSV import, guide import)."""

from .models import Region


def salary_currency_error(*, region: Region, currency_code: str) -> str | None:
    """Why `currency_code` cannot be used for a salary in `region`, or None when it can.

    `Region.currency` says which currency salaries there are quoted in (Eastern Europe is quoted in EUR,
    as the guide does); a region without one accepts any currency. No query when `region.currency_id`
    is loaded.
    """
    if region.currency_id and currency_code != region.currency_id:
        return (
            f"Salaries in {region.name} are quoted in {region.currency_id}, not {currency_code}. "
            f"Use {region.currency_id}, or change the region's currency first."
        )
    return None
