"""The salary explorer page."""

from django.views.generic import ListView

from careerguide.footnotes import Footnotes
from careerguide.views import FilteredListMixin, PublicPageMixin
from roles.models import Role

from .conversion import LOCAL, shown_range
from .filters import SalaryExplorerFilter
from .forms import DisplayCurrencyForm
from .models import ExchangeRate, RegionalSalary


class SalaryExplorerView(PublicPageMixin, FilteredListMixin, ListView):
    filterset_class = SalaryExplorerFilter
    template_name = "salaries/salary_explorer.html"
    paginate_by = 50
    extra_context = {
        "nav": "salaries",
        # Here rather than in the template, where the sentence would not fit on a line.
        "page_description": (
            "Every regional salary range in CareerGuide, in local currency, US dollars or a currency you choose, "
            "each with its source."
        ),
    }

    def get_base_queryset(self):
        return RegionalSalary.objects.published().for_listing()

    def get(self, request, *args, **kwargs):
        self.display = DisplayCurrencyForm(request.GET, rates=ExchangeRate.objects.latest_per_currency())
        response = super().get(request, *args, **kwargs)
        if self.display.errors:
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        display = self.display.cleaned_data.get("currency", LOCAL) if self.display.is_valid() else LOCAL
        rate = self.display.rate
        rows = [shown_range(salary, display=display, rate=rate) for salary in context["object_list"]]
        footnotes = Footnotes().cite_all([rate.source if rate else None, *(row.salary.source for row in rows)])
        return context | {
            "display": self.display,
            "shown": display,
            "rate": rate,
            "rows": rows,
            "footnotes": footnotes,
            "role_choices": Role.objects.published().for_picker(),
        }
