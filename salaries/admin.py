"""Admin pages of the pay statistics that stand without a guide: sources, currencies, regions, exchange rates."""

from django.contrib import admin

from careerguide.admin import ContentAdmin

from .models import Currency, ExchangeRate, Region, Source


@admin.register(Source)
class SourceAdmin(ContentAdmin):
    list_display = ["title", "id", "publisher", "kind", "as_of", "occupation", "soc_code"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "publisher", "occupation", "soc_code", "measures"]


@admin.register(Currency)
class CurrencyAdmin(ContentAdmin):
    list_display = ["code", "name", "symbol"]
    search_fields = ["code", "name"]


@admin.register(Region)
class RegionAdmin(ContentAdmin):
    list_display = ["name", "kind", "iso_code", "area", "currency"]
    list_filter = ["kind", "area", "currency"]
    list_select_related = ["currency"]
    search_fields = ["name", "iso_code"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]
    autocomplete_fields = ["currency"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ContentAdmin):
    list_display = ["currency", "usd_per_unit", "as_of", "source"]
    list_filter = ["currency"]
    list_select_related = ["currency", "source"]
    search_fields = ["currency__code"]
    autocomplete_fields = ["currency", "source"]
