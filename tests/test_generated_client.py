"""The API through a client that no one here wrote: openapi-python-client (pinned in the test extras)
generates a Python client from the schema the server serves, and every operation of the schema is
called through it against a live server, CSV and Markdown downloads included. A call that errors, an
answer of the wrong type or content, or an operation left uncalled fails the test.
"""

import csv
import importlib
import io
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle

from roles.models import Role
from salaries.models import Source
from tests.api_data import full_guide

pytestmark = pytest.mark.django_db(transaction=True)

PACKAGE = "careerguide_client"
GENERATOR = Path(sys.executable).with_name("openapi-python-client")


@pytest.fixture
def site(live_server, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute"})
    full_guide(2, title="Technical Manager", slug="technical-manager")
    return live_server.url


@pytest.fixture
def schema(site):
    response = httpx.get(f"{site}/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def client_package(schema, tmp_path):
    """The client generated from the served schema, imported; removed from `sys.modules` afterwards."""
    (tmp_path / "schema.json").write_text(json.dumps(schema))
    # No post hooks: the generator would run ruff over the code, which is style, not behaviour.
    (tmp_path / "config.json").write_text(json.dumps({"post_hooks": [], "package_name_override": PACKAGE}))
    result = subprocess.run(
        [GENERATOR, "generate", "--path", "schema.json", "--config", "config.json", "--meta", "none"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The generator skips what it cannot express (an unsupported media type, say) with a warning.
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name == PACKAGE or name.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


class Driver:
    """Calls operations of the generated client by operationId and records which were called."""

    def __init__(self, package, schema, site, token):
        self.package = package
        self.anonymous = package.Client(base_url=site, raise_on_unexpected_status=True)
        self.editor = package.AuthenticatedClient(
            base_url=site, token=token, prefix="Token", raise_on_unexpected_status=True
        )
        self.tags = {
            operation["operationId"]: (operation.get("tags") or ["default"])[0]
            for operations in schema["paths"].values()
            for operation in operations.values()
        }
        self.called = set()

    def model(self, name):
        return getattr(importlib.import_module(f"{self.package.__name__}.models"), name)

    def __call__(self, operation_id, *, status=200, editor=False, **kwargs):
        module = importlib.import_module(f"{self.package.__name__}.api.{self.tags[operation_id]}.{operation_id}")
        response = module.sync_detailed(client=self.editor if editor else self.anonymous, **kwargs)
        assert response.status_code == status, (operation_id, response.status_code, response.content[:300])
        self.called.add(operation_id)
        return response.parsed


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_every_operation_works_through_a_generated_client(client_package, schema, site):
    editor = User.objects.create_user("client-editor", password="fictional-password")
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["roles", "salaries"]))
    call = Driver(client_package, schema, site, Token.objects.create(user=editor).key)
    model = call.model

    # The API's own description.
    assert set(call("root_retrieve").additional_properties) >= {"roles", "levels", "salaries", "compare"}
    assert call("about_retrieve").api_version == "v1"

    # Roles: lists with filters and a two-key ordering sent as the generator sends arrays (repeated).
    ordering = model("RolesListOrderingItem")
    listed = call("roles_list", ordering=[ordering("growth"), ordering("title")], page_size=2)
    # The guide has the only growth figure; the tie after it is broken by title ("Role ..." first).
    assert listed.results[0].slug == "technical-manager"
    assert listed.results[1].title.startswith("Role ")
    assert listed.count == 3  # the guide, its director, a related role (not the unpublished one)
    assert [r["slug"] for r in csv_rows(call("roles_csv_retrieve", skill="skill-000"))] == ["technical-manager"]
    guide = call("roles_retrieve", slug="technical-manager")
    assert guide.title == "Technical Manager" and len(guide.levels) == 2
    gap = call("roles_gap_retrieve", slug="technical-manager", to_slug="technical-director")
    assert gap.to_role.slug == "technical-director"
    compared = call("compare_retrieve", roles=["technical-manager", "technical-director"])
    assert [role.slug for role in compared.roles] == ["technical-manager", "technical-director"]
    answers = model("AssessmentInputRequest").from_dict({"years_total": 4})
    assert call("roles_assessment_create", slug="technical-manager", body=answers).role.slug == "technical-manager"
    description = call("roles_levels_job_description_retrieve", slug="technical-manager", level_slug="level-1")
    assert description.title
    markdown = call("roles_levels_job_description_md_retrieve", slug="technical-manager", level_slug="level-1")
    assert markdown.startswith(f"# {description.title}")
    text = call("roles_levels_job_description_txt_retrieve", slug="technical-manager", level_slug="level-1")
    assert description.title in text.splitlines()[0] and not text.startswith("#")

    # Levels, skills, salaries, regions and currencies: list, CSV, one object.
    levels = call("levels_list", role="technical-manager", ordering=[model("LevelsListOrderingItem")("-order")])
    assert [level.slug for level in levels.results] == ["level-2", "level-1"]
    level_rows = csv_rows(call("levels_csv_retrieve", role="technical-manager"))
    assert [row["slug"] for row in level_rows] == ["level-1", "level-2"]
    assert call("levels_retrieve", id=levels.results[0].id).slug == "level-2"
    skills = call("skills_list", category=model("SkillsListCategory")("soft"))
    assert [skill.slug for skill in skills.results] == ["skill-001"]
    assert {row["slug"] for row in csv_rows(call("skills_csv_retrieve"))} >= {"skill-000", "skill-001"}
    assert call("skills_retrieve", slug="skill-000").name == "Skill 000"
    salaries = call("salaries_list", region="germany")
    assert [salary.region.slug for salary in salaries.results] == ["germany"]
    assert [row["region.slug"] for row in csv_rows(call("salaries_csv_retrieve", region="germany"))] == ["germany"]
    assert call("salaries_retrieve", id=salaries.results[0].id).usd_min == "75000.00"
    assert "germany" in {region.slug for region in call("regions_list").results}
    assert "germany" in {row["slug"] for row in csv_rows(call("regions_csv_retrieve"))}
    assert call("regions_retrieve", slug="germany").name == "Germany"
    assert {currency.code for currency in call("currencies_list").results} == {"USD", "EUR"}
    assert {row["code"] for row in csv_rows(call("currencies_csv_retrieve"))} == {"USD", "EUR"}
    assert call("currencies_retrieve", code="EUR").name == "Euro"

    # Writes, with a token: create, replace, change and delete one object of each kind.
    role_body = {"title": "Client Test Role", "slug": "client-test-role", "is_published": False}
    created = call("roles_create", status=201, editor=True, body=model("RoleWriteRequest").from_dict(role_body))
    assert created.slug == "client-test-role"
    replaced = {**role_body, "title": "Client Test Role, Renamed"}
    body = model("RoleWriteRequest").from_dict(replaced)
    assert call("roles_update", editor=True, slug="client-test-role", body=body).title == replaced["title"]
    body = model("PatchedRoleWriteRequest").from_dict({"summary": "Made by a generated client."})
    assert call("roles_partial_update", editor=True, slug="client-test-role", body=body).summary.startswith("Made")

    level_body = {
        "role": "client-test-role",
        "order": 1,
        "title": "Client Level",
        "slug": "client-level",
        "years_total_min": 0,
        "years_in_role_min": 0,
        "scope": "Fictional scope.",
    }
    level = call("levels_create", status=201, editor=True, body=model("CareerLevelWriteRequest").from_dict(level_body))
    body = model("CareerLevelWriteRequest").from_dict({**level_body, "title": "Client Level 1"})
    assert call("levels_update", editor=True, id=level.id, body=body).title == "Client Level 1"
    body = model("PatchedCareerLevelWriteRequest").from_dict({"years_total_max": 3})
    assert call("levels_partial_update", editor=True, id=level.id, body=body).years_total_max == 3
    call("levels_destroy", status=204, editor=True, id=level.id)

    skill_body = {"name": "Client Skill", "slug": "client-skill", "category": "technical"}
    call("skills_create", status=201, editor=True, body=model("SkillWriteRequest").from_dict(skill_body))
    body = model("SkillWriteRequest").from_dict({**skill_body, "name": "Client Skill 2"})
    assert call("skills_update", editor=True, slug="client-skill", body=body).name == "Client Skill 2"
    body = model("PatchedSkillWriteRequest").from_dict({"description": "Fictional."})
    assert call("skills_partial_update", editor=True, slug="client-skill", body=body).description == "Fictional."
    call("skills_destroy", status=204, editor=True, slug="client-skill")

    salary_body = {
        "role": "client-test-role",
        "region": "germany",
        "currency": "EUR",
        "local_min": "50000.00",
        "local_max": "60000.00",
        "usd_min": "55000.00",
        "usd_max": "66000.00",
        "source": Source.objects.order_by("pk").values_list("pk", flat=True).last(),
    }
    body = model("RegionalSalaryWriteRequest").from_dict(salary_body)
    salary = call("salaries_create", status=201, editor=True, body=body)
    body = model("RegionalSalaryWriteRequest").from_dict({**salary_body, "usd_max": "67000.00"})
    assert call("salaries_update", editor=True, id=salary.id, body=body).usd_max == "67000.00"
    body = model("PatchedRegionalSalaryWriteRequest").from_dict({"note": "Fictional."})
    assert call("salaries_partial_update", editor=True, id=salary.id, body=body).note == "Fictional."
    call("salaries_destroy", status=204, editor=True, id=salary.id)
    call("roles_destroy", status=204, editor=True, slug="client-test-role")
    assert not Role.objects.filter(slug="client-test-role").exists()

    # Every operation the schema offers, and only those, went through the generated client.
    assert call.called == set(call.tags)
    print(f"\ngenerated client: {len(call.called)} operations called, all answered as documented")


def test_array_parameters_accept_the_repeated_and_the_comma_form(site):
    for query in ("roles=technical-manager&roles=technical-director", "roles=technical-manager,technical-director"):
        response = httpx.get(f"{site}/api/v1/compare/?{query}")
        assert response.status_code == 200, query
        assert [role["slug"] for role in response.json()["roles"]] == ["technical-manager", "technical-director"]
    # Both keys count: only the guide has a growth figure, and the title orders the others ("Role ..."
    # before "Technical Director"). The last key alone would put the guide last; the first alone would
    # leave the tie in creation order (the director first).
    for query in ("ordering=growth&ordering=title", "ordering=growth,title", "ordering=growth,&ordering=title"):
        titles = [role["title"] for role in httpx.get(f"{site}/api/v1/roles/?{query}").json()["results"]]
        assert titles[0] == "Technical Manager" and titles[2] == "Technical Director", query
        assert titles[1].startswith("Role "), query
