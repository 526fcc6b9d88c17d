from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Currency, ExchangeRate, GrowthProjection, KeyFacts, LevelSalary, Region, RegionalSalary


@admin.register(Currency)
class CurrencyAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "symbol"]
    search_fields = ["code", "name"]


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "iso_code", "area", "currency"]
    list_filter = ["kind", "area"]
    list_select_related = ["currency"]
    search_fields = ["name", "iso_code"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]
    autocomplete_fields = ["currency"]


@admin.register(LevelSalary)
class LevelSalaryAdmin(SimpleHistoryAdmin):
    list_display = ["level", "region", "currency", "median", "average", "source"]
    list_filter = ["level__role", "region", "currency"]
    list_select_related = ["level__role", "region", "currency", "source"]
    search_fields = ["level__title", "level__role__title"]
    autocomplete_fields = ["level", "region", "currency", "source"]


@admin.register(RegionalSalary)
class RegionalSalaryAdmin(SimpleHistoryAdmin):
    list_display = ["role", "region", "currency", "local_min", "local_max", "usd_min", "usd_max", "source"]
    list_filter = ["role", "region", "currency"]
    list_select_related = ["role", "region", "currency", "source"]
    search_fields = ["role__title", "region__name"]
    autocomplete_fields = ["role", "region", "currency", "source"]


@admin.register(KeyFacts)
class KeyFactsAdmin(SimpleHistoryAdmin):
    list_display = ["role", "median_pay", "currency", "pay_range_min", "pay_range_max", "annual_openings"]
    list_select_related = ["role", "currency"]
    search_fields = ["role__title"]
    autocomplete_fields = [
        "role",
        "currency",
        "median_pay_source",
        "pay_range_source",
        "annual_openings_source",
        "typical_education_source",
    ]


@admin.register(GrowthProjection)
class GrowthProjectionAdmin(SimpleHistoryAdmin):
    list_display = ["role", "pct_min", "pct_max", "period_start_year", "period_end_year", "is_headline", "source"]
    list_filter = ["role", "is_headline"]
    list_select_related = ["role", "source"]
    search_fields = ["role__title", "occupation"]
    autocomplete_fields = ["role", "source"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(SimpleHistoryAdmin):
    list_display = ["currency", "usd_per_unit", "as_of", "source"]
    list_filter = ["currency"]
    list_select_related = ["currency", "source"]
    search_fields = ["currency__code"]
    autocomplete_fields = ["currency", "source"]
