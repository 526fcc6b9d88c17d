"""The salary editor in the admin: access, validation with readable messages, the level page, CSV upload."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from careerguide.formatting import currency_prefix
from roles.models import CareerLevel, GrowthProjection, KeyFacts, LevelSalary, RegionalSalary
from salaries.models import Currency, ExchangeRate, Region, Source
from tests import factories
from tests.admin_helpers import (
    PAY_MODELS,
    add_inline_row,
    admin_url,
    declared_constraints,
    expected_constraint_error,
    form_data,
    form_errors,
    inline_errors,
    with_values,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls")]

# --- Every database constraint has a sentence for editors ----------------------------------------------


def _regional(**values):
    return RegionalSalary, {
        "role": factories.RoleFactory().pk,
        "region": factories.RegionFactory().pk,
        "currency": "USD",
        "local_min": "70000",
        "local_max": "110000",
        "usd_min": "75000",
        "usd_max": "120000",
        "usd_is_approximate": "on",
        "source": factories.SourceFactory().pk,
        **values,
    }


def _level_salary(**values):
    return LevelSalary, {
        "level": factories.CareerLevelFactory().pk,
        "region": factories.RegionFactory().pk,
        "currency": "USD",
        "median": "128000",
        "average": "135000",
        "source": factories.SourceFactory().pk,
        **values,
    }


def _key_facts(**values):
    source = factories.SourceFactory().pk
    return KeyFacts, {
        "role": factories.RoleFactory().pk,
        "currency": factories.CurrencyFactory().pk,
        "median_pay": "164070",
        "median_pay_source": source,
        "pay_range_min": "115000",
        "pay_range_max": "220000",
        "pay_range_source": source,
        "annual_openings": "85000",
        "annual_openings_source": source,
        **values,
    }


def _growth(role=None, **values):
    return GrowthProjection, {
        "role": (role or factories.RoleFactory()).pk,
        "pct_min": "16",
        "pct_max": "16",
        "period_start_year": "2022",
        "period_end_year": "2032",
        "source": factories.SourceFactory().pk,
        **values,
    }


def _existing(factory, build):
    return build(factory())


CONSTRAINT_CASES = {
    "currency_code_iso_4217": lambda: (Currency, {"code": "eur", "name": "Euro"}),
    "region_unique_iso_code": lambda: (
        Region,
        {"name": "Germany again", "slug": "germany-again", "kind": "country", "iso_code": _iso_of_existing()},
    ),
    "region_country_has_iso_code": lambda: (Region, {"name": "Nowhere", "slug": "nowhere", "kind": "country"}),
    "level_salary_unique_region": lambda: _existing(
        factories.LevelSalaryFactory, lambda s: _level_salary(level=s.level_id, region=s.region_id)
    ),
    "level_salary_median_gte_0": lambda: _level_salary(median="-1"),
    "level_salary_average_gte_0": lambda: _level_salary(average="-1"),
    "level_salary_has_figure": lambda: _level_salary(median="", average=""),
    "regional_salary_unique_region": lambda: _existing(
        factories.RegionalSalaryFactory, lambda s: _regional(role=s.role_id, region=s.region_id)
    ),
    "regional_salary_local_min_gte_0": lambda: _regional(local_min="-1"),
    "regional_salary_usd_min_gte_0": lambda: _regional(usd_min="-1"),
    "regional_salary_local_min_lte_max": lambda: _regional(local_min="120000", local_max="110000"),
    "regional_salary_usd_min_lte_max": lambda: _regional(usd_min="130000"),
    "key_facts_median_pay_gte_0": lambda: _key_facts(median_pay="-1"),
    "key_facts_pay_range_min_gte_0": lambda: _key_facts(pay_range_min="-1"),
    "key_facts_pay_range_min_lte_max": lambda: _key_facts(pay_range_min="300000"),
    "key_facts_median_pay_has_source": lambda: _key_facts(median_pay_source=""),
    "key_facts_pay_range_has_source": lambda: _key_facts(pay_range_source=""),
    "key_facts_openings_has_source": lambda: _key_facts(annual_openings_source=""),
    "growth_projection_one_headline_per_role": lambda: _existing(
        factories.GrowthProjectionFactory, lambda g: _growth(role=g.role, is_headline="on")
    ),
    "growth_projection_pct_min_lte_max": lambda: _growth(pct_min="20", pct_max="10"),
    "growth_projection_period_start_lte_end": lambda: _growth(period_start_year="2032", period_end_year="2022"),
    "exchange_rate_unique_date": lambda: _existing(
        factories.ExchangeRateFactory,
        lambda r: (
            ExchangeRate,
            {"currency": r.currency_id, "usd_per_unit": "1.1", "as_of": "2025-01-01", "source": r.source_id},
        ),
    ),
    "source_as_of_has_precision": lambda: (
        Source,
        {"publisher": "BLS", "title": "T", "measures": "M", "kind": "official_statistic", "as_of": "2024-01-01"},
    ),
    "exchange_rate_positive": lambda: (
        ExchangeRate,
        {"currency": "USD", "usd_per_unit": "0", "as_of": "2025-01-01", "source": factories.SourceFactory().pk},
    ),
}


def pay_and_salaries_constraints():
    return {**declared_constraints("salaries"), **declared_constraints("roles", models=PAY_MODELS)}


def _iso_of_existing():
    return factories.RegionFactory(iso_code="DE").iso_code


# BLS's OEWS figures have no admin form: `import_oews` is their only writer (its refusals are tested in
# test_oews_import.py); their messages are still checked below, and the database rejection in test_constraints.py.
IMPORTED_ONLY = {"occupation_soc_code_format", "wage_estimate_unique_cell"}


def test_every_salaries_constraint_has_a_message_and_an_admin_test():
    factories.CurrencyFactory()  # USD, used by several cases
    constraints = pay_and_salaries_constraints()
    assert set(constraints) - IMPORTED_ONLY == set(CONSTRAINT_CASES)
    for constraint in constraints.values():
        assert constraint.violation_error_message != constraint.default_violation_error_message, constraint.name


@pytest.mark.parametrize("constraint", sorted(CONSTRAINT_CASES))
def test_admin_form_explains_each_constraint_and_saves_nothing(admin_client, constraint):
    factories.CurrencyFactory()  # USD
    model, values = CONSTRAINT_CASES[constraint]()
    url = admin_url(model, "add")
    data = with_values(form_data(admin_client.get(url), f"{model._meta.model_name}_form"), **values)
    count = model.objects.count()

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert form_errors(response) == expected_constraint_error(pay_and_salaries_constraints()[constraint])
    assert model.objects.count() == count


# --- Salary editing rules -------------------------------------------------------------------------------


@pytest.mark.parametrize("make_case", [_regional, _level_salary], ids=["regional", "level"])
def test_salary_in_another_currency_than_its_region_is_refused(admin_client, make_case):
    poland = factories.RegionFactory(name="Poland", currency=factories.CurrencyFactory(code="PLN", name="Złoty"))
    eur = factories.CurrencyFactory(code="EUR", name="Euro")
    model, values = make_case(region=poland.pk, currency=eur.pk)
    url = admin_url(model, "add")

    response = admin_client.post(
        url, with_values(form_data(admin_client.get(url), f"{model._meta.model_name}_form"), **values)
    )

    assert form_errors(response) == {
        "currency": ["Salaries in Poland are quoted in PLN, not EUR. Use PLN, or change the region's currency first."]
    }
    assert not model.objects.exists()


def test_eastern_europe_salaries_are_accepted_in_euro_as_the_guide_quotes_them(admin_client):
    eur = factories.CurrencyFactory(code="EUR", name="Euro")
    eastern_europe = factories.RegionFactory(name="Eastern Europe", kind="region", iso_code="", currency=eur)
    model, values = _regional(
        region=eastern_europe.pk, currency="EUR", local_min="40000", local_max="60000", usd_min="43000", usd_max="65000"
    )
    url = admin_url(model, "add")

    response = admin_client.post(url, with_values(form_data(admin_client.get(url), "regionalsalary_form"), **values))

    assert response.status_code == 302
    assert RegionalSalary.objects.get().region == eastern_europe


def test_region_without_a_currency_accepts_any_currency(admin_client):
    factories.CurrencyFactory(code="EUR", name="Euro")
    model, values = _regional(region=factories.RegionFactory(currency=None).pk, currency="EUR")
    url = admin_url(model, "add")

    response = admin_client.post(url, with_values(form_data(admin_client.get(url), "regionalsalary_form"), **values))

    assert response.status_code == 302


def test_invalid_change_to_a_salary_leaves_it_unchanged(admin_client):
    salary = factories.RegionalSalaryFactory()
    url = admin_url(RegionalSalary, "change", salary.pk)
    data = with_values(form_data(admin_client.get(url), "regionalsalary_form"), local_max="1", note="changed")

    response = admin_client.post(url, data)

    assert form_errors(response) == {"local_max": ["The maximum must be at least the minimum."]}
    salary.refresh_from_db()
    assert (salary.local_max, salary.note) == (Decimal("110000.00"), "")


def test_salary_source_is_chosen_from_the_source_list(admin_client):
    page = admin_client.get(admin_url(RegionalSalary, "add"))
    source_field = page.context["adminform"].form.fields["source"]
    assert source_field.required
    assert isinstance(source_field.widget.widget, AutocompleteSelect)
    assert "Choose from the source list" in source_field.help_text


@pytest.mark.parametrize(("query", "expected"), [("role", 1), ("region", 1), ("currency", 1)])
def test_regional_salary_list_filters_by_role_region_and_currency(admin_client, query, expected):
    eur = factories.CurrencyFactory(code="EUR", name="Euro")
    kept = factories.RegionalSalaryFactory(region=factories.RegionFactory(currency=eur), currency=eur)
    factories.RegionalSalaryFactory()
    value = {"role": kept.role_id, "region": kept.region_id, "currency": "EUR"}[query]
    lookup = {"role": "role__id__exact", "region": "region__id__exact", "currency": "currency__code__exact"}[query]

    response = admin_client.get(f"{admin_url(RegionalSalary, 'changelist')}?{lookup}={value}")

    assert [salary.pk for salary in response.context["cl"].result_list] == [kept.pk]


@pytest.mark.parametrize("rows", [1, 6])
def test_regional_salary_list_query_count_does_not_grow_with_rows(admin_client, rows, django_assert_num_queries):
    for _ in range(rows):
        factories.RegionalSalaryFactory()
    url = admin_url(RegionalSalary, "changelist")
    admin_client.get(url)
    # session, user, roles / regions / currencies for the three filters, count, count without filters,
    # the page of salaries with role, region, currency and source joined
    with django_assert_num_queries(8):
        response = admin_client.get(url)
    assert len(response.context["cl"].result_list) == rows


def test_level_salary_list_filters_by_role(admin_client):
    kept = factories.LevelSalaryFactory()
    factories.LevelSalaryFactory()
    response = admin_client.get(f"{admin_url(LevelSalary, 'changelist')}?level__role__id__exact={kept.level.role_id}")
    assert [salary.pk for salary in response.context["cl"].result_list] == [kept.pk]


# --- The level page: pay and focus areas of one rung ----------------------------------------------------


def test_level_page_adds_pay_and_focus_area(admin_client):
    level = factories.CareerLevelFactory()
    us = factories.RegionFactory(iso_code="US", name="United States")
    url = admin_url(CareerLevel, "change", level.pk)
    data = form_data(admin_client.get(url), "careerlevel_form")
    data = add_inline_row(
        data,
        "salaries",
        region=us.pk,
        currency="USD",
        median="98000",
        average="",
        pay_period="year",
        source=factories.SourceFactory().pk,
    )
    data = add_inline_row(data, "focus_areas", order=1, text="Lead a project end to end")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert level.salaries.get().median == Decimal("98000")
    assert level.focus_areas.get().text == "Lead a project end to end"


def test_level_page_refuses_a_negative_median_in_the_pay_inline(admin_client):
    level = factories.CareerLevelFactory()
    url = admin_url(CareerLevel, "change", level.pk)
    data = form_data(admin_client.get(url), "careerlevel_form")
    data = add_inline_row(
        data,
        "salaries",
        region=factories.RegionFactory().pk,
        currency="USD",
        median="-5",
        average="",
        pay_period="year",
        source=factories.SourceFactory().pk,
    )

    response = admin_client.post(url, data)

    assert inline_errors(response) == [("salaries", {"median": ["The median cannot be negative."]})]
    assert not level.salaries.exists()


# --- CSV upload in the admin ----------------------------------------------------------------------------

HEADER = "role,region,currency,local_min,local_max,usd_min,usd_max,usd_is_approximate,source,note\n"


@pytest.fixture
def reference():
    """A role, two regions and a source for CSV rows to point at."""
    eur = factories.CurrencyFactory(code="EUR", name="Euro")
    return {
        "role": factories.RoleFactory(slug="technical-manager"),
        "usa": factories.RegionFactory(slug="united-states", name="United States", iso_code="US"),
        "western_europe": factories.RegionFactory(
            slug="western-europe", name="Western Europe", kind="region", iso_code="", currency=eur
        ),
        "source": factories.SourceFactory(),
    }


def _upload(client, text: str, dry_run=False):
    """Upload and check a file; unless `dry_run`, confirm it as the page's button does (if it may be imported)."""
    upload = SimpleUploadedFile("salaries.csv", text.encode(), content_type="text/csv")
    checked = client.post(admin_url(RegionalSalary, "import"), {"file": upload})
    if dry_run or checked.status_code != 200 or 'id="salary-import-confirm"' not in checked.content.decode():
        return checked
    confirm = form_data(checked, "salary-import-confirm")
    return client.post(admin_url(RegionalSalary, "import"), {**confirm, "_confirm": "Import"})


def _good_file(reference):
    source = reference["source"].pk
    return (
        HEADER
        + f"technical-manager,united-states,USD,120000,180000,120000,180000,false,{source},\n"
        + f"technical-manager,western-europe,EUR,70000,110000,75000,120000,true,{source},Germany or the UK\n"
    )


def test_changelist_links_to_import_and_export(admin_client):
    content = admin_client.get(admin_url(RegionalSalary, "changelist")).content.decode()
    assert f'href="{admin_url(RegionalSalary, "import")}"' in content
    assert f'href="{admin_url(RegionalSalary, "export")}"' in content


def test_import_page_documents_every_column(admin_client):
    content = admin_client.get(admin_url(RegionalSalary, "import")).content.decode()
    for column in HEADER.strip().split(","):
        assert f"<dt>{column}</dt>" in content


def test_uploading_a_good_file_applies_it(admin_client, reference):
    response = _upload(admin_client, _good_file(reference))

    assert response.status_code == 302
    assert response["Location"] == admin_url(RegionalSalary, "changelist")
    salaries = {s.region.slug: s for s in RegionalSalary.objects.select_related("region")}
    assert salaries["western-europe"].local_max == Decimal("110000")
    assert salaries["western-europe"].note == "Germany or the UK"
    assert not salaries["united-states"].usd_is_approximate
    assert salaries["united-states"].history.get().history_user.username == "admin"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["salaries.csv: Created 2, updated 0, left 0 unchanged (2 rows)."]


def test_uploading_a_file_with_bad_rows_lists_every_problem_and_applies_nothing(admin_client, reference):
    source = reference["source"].pk
    text = (
        _good_file(reference)
        + f"no-such-role,united-states,USD,1,2,1,2,true,{source},\n"
        + f"technical-manager,united-states,USD,9,8,1,2,true,{source},\n"
        + "technical-manager,western-europe,GBP,1,2,1,2,maybe,999,\n"
    )

    response = _upload(admin_client, text)

    assert response.status_code == 200
    errors = [(e.line, e.column) for e in response.context["report"].errors]
    assert errors == [
        (4, "role"),
        (5, "local_max"),
        (6, "currency"),
        (6, "usd_is_approximate"),
        (6, "source"),
    ]
    content = response.content.decode()
    assert 'id="import-errors"' in content
    assert "Rejected: 5 problem(s) on 3 line(s). Nothing was changed" in content
    assert "no role has this slug" in content
    assert not RegionalSalary.objects.exists()


def test_dry_run_upload_reports_without_saving(admin_client, reference):
    response = _upload(admin_client, _good_file(reference), dry_run=True)

    assert response.status_code == 200
    assert "salaries.csv: Would create 2, update 0, left 0 unchanged (2 rows). Dry run: nothing was changed." in (
        response.content.decode()
    )
    assert not RegionalSalary.objects.exists()


def test_check_only_lists_each_change_and_keeps_the_file_for_the_import_button(admin_client, reference):
    _upload(admin_client, _good_file(reference))
    changed = _good_file(reference).replace(",70000,110000,", ",72000,110000,")

    response = _upload(admin_client, changed, dry_run=True)

    assert response.status_code == 200
    report = response.context["report"]
    assert [(c.line, c.role, c.region, c.created, c.fields) for c in report.changes] == [
        (3, "technical-manager", "Western Europe", False, [("local_min", "70000.00", "72000.00")])
    ]
    content = response.content.decode()
    assert 'id="import-changes"' in content
    assert "salaries.csv: Would create 0, update 1, left 1 unchanged" in content
    assert RegionalSalary.objects.get(region__slug="western-europe").local_min == Decimal("70000")

    confirm = form_data(response, "salary-import-confirm")
    applied = admin_client.post(admin_url(RegionalSalary, "import"), {**confirm, "_confirm": "Import"})

    assert applied.status_code == 302
    assert [str(m) for m in applied.wsgi_request._messages] == [
        "salaries.csv: Created 0, updated 1, left 1 unchanged (2 rows)."
    ]
    europe = RegionalSalary.objects.get(region__slug="western-europe")
    assert europe.local_min == Decimal("72000")
    assert europe.history.first().history_change_reason == "Imported from salaries.csv"


def test_a_changed_checked_file_is_refused_and_nothing_is_saved(admin_client, reference):
    response = _upload(admin_client, _good_file(reference), dry_run=True)
    confirm = form_data(response, "salary-import-confirm")
    confirm["upload"] = [confirm["upload"][0][:-3] + "abc"]

    refused = admin_client.post(admin_url(RegionalSalary, "import"), {**confirm, "_confirm": "Import"})

    assert refused.status_code == 302
    assert refused["Location"] == admin_url(RegionalSalary, "import")
    assert [str(m) for m in refused.wsgi_request._messages] == [
        "These files were never checked here, or were removed; upload them again."
    ]
    assert not RegionalSalary.objects.exists()


def test_anonymous_upload_is_sent_to_login_and_changes_nothing(client, reference):
    response = _upload(client, _good_file(reference))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not RegionalSalary.objects.exists()


def test_upload_without_a_file_shows_the_form_error(admin_client):
    response = admin_client.post(admin_url(RegionalSalary, "import"), {})
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["This field is required."]}


def test_editor_can_import_but_a_view_only_user_cannot(editor_client, client, django_user_model, reference):
    assert _upload(editor_client, _good_file(reference)).status_code == 302
    assert RegionalSalary.objects.count() == 2

    viewer = django_user_model.objects.create_user("viewer", password="password", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_regionalsalary"))
    client.force_login(viewer)
    assert client.get(admin_url(RegionalSalary, "import")).status_code == 403
    assert client.get(admin_url(RegionalSalary, "export")).status_code == 200


def test_export_download_is_the_import_format(admin_client, reference):
    _upload(admin_client, _good_file(reference))

    response = admin_client.get(admin_url(RegionalSalary, "export"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="regional-salaries-')
    source = reference["source"].pk
    # Written with the pay_period column the uploaded file (written before it existed) leaves out: yearly.
    assert response.content.decode() == (
        HEADER.replace("usd_is_approximate,", "usd_is_approximate,pay_period,")
        + f"technical-manager,united-states,USD,120000.00,180000.00,120000.00,180000.00,false,year,{source},\n"
        + f"technical-manager,western-europe,EUR,70000.00,110000.00,75000.00,120000.00,true,year,{source},"
        "Germany or the UK\n"
    )


def test_export_download_neutralises_formulas_and_imports_back_exactly(admin_client, reference):
    note = '=HYPERLINK("http://evil.example","x")'
    _upload(admin_client, _good_file(reference))
    RegionalSalary.objects.filter(region=reference["usa"]).update(note=note)

    exported = admin_client.get(admin_url(RegionalSalary, "export")).content.decode()

    [row, _] = csv.DictReader(io.StringIO(exported))
    assert row["region"] == "united-states"
    assert row["note"] == "'" + note
    RegionalSalary.objects.all().delete()
    assert _upload(admin_client, exported).status_code == 302
    assert RegionalSalary.objects.get(region=reference["usa"]).note == note
    assert admin_client.get(admin_url(RegionalSalary, "export")).content.decode() == exported


def test_uploading_a_file_that_is_not_utf8_names_the_line(admin_client, reference):
    text = _good_file(reference).replace("Germany or the UK", "Zürich")
    upload = SimpleUploadedFile("latin1.csv", text.encode("latin-1"), content_type="text/csv")

    response = admin_client.post(admin_url(RegionalSalary, "import"), {"file": upload})

    assert [(e.line, e.reason) for e in response.context["report"].errors] == [
        (3, "the file is not UTF-8 text; save it as “CSV UTF-8”")
    ]
    assert not RegionalSalary.objects.exists()


def test_salary_list_shows_each_range_in_one_column(admin_client):
    factories.RegionalSalaryFactory(
        local_min=Decimal("70000"), local_max=Decimal("110000"), usd_min=Decimal("75000"), usd_max=Decimal("120000")
    )

    response = admin_client.get(admin_url(RegionalSalary, "changelist"))

    model_admin = response.context["cl"].model_admin
    salary = response.context["cl"].result_list[0]
    currency = salary.currency
    assert model_admin.local_range(salary) == f"{currency_prefix(currency)}70,000–110,000"
    assert model_admin.usd_range(salary).endswith("$75,000–120,000")


def test_a_csv_with_a_nul_byte_is_a_row_error_in_the_admin_never_a_server_error(admin_client, reference):
    text = _good_file(reference).replace("Germany or the UK", "Germany\x00")

    response = _upload(admin_client, text)

    assert response.status_code == 200
    assert [(e.line, e.reason[:32]) for e in response.context["report"].errors] == [
        (3, "the file has a NUL byte (0x00), ")
    ]
    assert 'id="salary-import-confirm"' not in response.content.decode()
    assert not RegionalSalary.objects.exists()


def test_a_csv_over_the_size_limit_is_a_form_error_naming_it(admin_client, reference, settings):
    settings.SALARY_IMPORT_MAX_BYTES = 100

    response = _upload(admin_client, _good_file(reference))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["salaries.csv: larger than 100\xa0bytes; split it into smaller files."]
    }
    assert not RegionalSalary.objects.exists()


def test_the_checked_csv_is_confirmed_by_its_id_alone_and_only_once(admin_client, reference):
    checked = _upload(admin_client, _good_file(reference), dry_run=True)
    confirm = form_data(checked, "salary-import-confirm")
    assert sorted(confirm) == ["csrfmiddlewaretoken", "upload"]

    admin_client.post(admin_url(RegionalSalary, "import"), {**confirm, "_confirm": "Import"})
    again = admin_client.post(admin_url(RegionalSalary, "import"), {**confirm, "_confirm": "Import"})

    assert RegionalSalary.objects.count() == 2
    assert RegionalSalary.history.count() == 2
    assert [str(m) for m in again.wsgi_request._messages][-1].startswith("These files were already imported")
