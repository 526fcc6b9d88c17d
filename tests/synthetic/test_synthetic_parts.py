"""How `benchmarks.synthetic` is put together: the write order from the registry of guide parts, a builder per
part run in that order, the vocabulary file, and the app installed only when asked for."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from benchmarks.synthetic import parts, schema
from benchmarks.synthetic.schema import PART_MODELS, ROLE_MODELS
from benchmarks.synthetic.services import synthetic_data_generate
from benchmarks.synthetic.vocabulary import PATH, VOCABULARY, load_vocabulary
from roles.models import CareerLevel, Role, guide_relations

ROOT = Path(settings.BASE_DIR)


def test_roles_are_written_before_their_parts_in_the_order_of_the_registry():
    assert ROLE_MODELS[0] is Role
    # Each part's own model, in the registry's order, followed by what its rows own.
    assert list(PART_MODELS) == list(guide_relations())
    assert [models[0] for models in PART_MODELS.values()] == [
        model for model in ROLE_MODELS if any(model is models[0] for models in PART_MODELS.values())
    ]
    level_models = [model._meta.model_name for model in PART_MODELS["levels"]]
    assert level_models == ["careerlevel", "focusarea", "levelsalary"]
    assert ROLE_MODELS.index(CareerLevel) + 2 == ROLE_MODELS.index(PART_MODELS["levels"][-1])


def test_every_guide_part_has_a_builder():
    assert parts.missing_builders() == []
    assert set(parts.BUILDERS) == set(guide_relations())


@pytest.mark.django_db
def test_a_guide_part_without_a_builder_fails_the_check_and_the_run(monkeypatch):
    monkeypatch.setattr(schema, "GUIDE_PARTS", (*guide_relations(), "mentors"))
    errors = parts.check_builders()
    assert [(error.id, error.msg) for error in errors] == [
        ("synthetic.E001", "Guide part 'mentors' (roles.models.parts) has no synthetic builder.")
    ]
    with pytest.raises(ImproperlyConfigured, match="mentors"):
        synthetic_data_generate(roles=1)
    assert not Role.objects.synthetic().exists()


@pytest.mark.django_db
def test_the_builders_run_in_the_order_of_the_registry_once_per_role(monkeypatch):
    calls = []
    for name, builder in parts.BUILDERS.items():

        def record(draft, rng, name=name, builder=builder):
            calls.append((draft.number, name))
            builder(draft, rng)

        monkeypatch.setitem(parts.BUILDERS, name, record)
    synthetic_data_generate(roles=2, seed=2)
    assert calls == [(number, name) for number in (1, 2) for name in guide_relations()]


def test_the_vocabulary_is_read_from_its_data_file():
    assert PATH.name == "vocabulary.yaml" and PATH.parent.name == "synthetic"
    assert len(VOCABULARY["domains"]) * len(VOCABULARY["practices"]) == 400
    assert len(VOCABULARY["soft_cores"]) * len(VOCABULARY["soft_contexts"]) == 100
    assert str(VOCABULARY["usd_per_unit"]["INR"]) == "0.012"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("domains: [Orbital\nnouns: [", r"(?s)bad\.yaml: .*line 2"),
        ("domains: [Orbital]\n", r"bad\.yaml: missing section\(s\): labels, subjects"),
        ("- a list\n", r"bad\.yaml: expected a mapping"),
    ],
)
def test_a_broken_vocabulary_file_is_named_in_the_error(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ImproperlyConfigured, match=message):
        load_vocabulary(path)


def test_a_rate_that_is_not_a_number_is_refused(tmp_path):
    text = PATH.read_text().replace("INR: '0.012'", "INR: 'twelve'")
    path = tmp_path / "vocabulary.yaml"
    path.write_text(text)
    with pytest.raises(ImproperlyConfigured, match="not a number"):
        load_vocabulary(path)


def manage(*args: str, synthetic: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh interpreter with CAREERGUIDE_SYNTHETIC=`synthetic` (debug on, no database)."""
    env = {**os.environ, "CAREERGUIDE_SYNTHETIC": synthetic, "DJANGO_DEBUG": "true"}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_the_command_is_there_only_when_the_setting_asks_for_it():
    assert "benchmarks.synthetic" in settings.INSTALLED_APPS  # the test run asks for it (pyproject.toml)
    result = manage("generate_synthetic_data", "--roles", "1", synthetic="false")
    assert result.returncode == 1
    assert "Unknown command: 'generate_synthetic_data'" in result.stderr


def test_the_deploy_check_warns_when_the_app_is_installed():
    assert "synthetic.W001" in manage("check", "--deploy", synthetic="true").stderr
    assert "synthetic.W001" not in manage("check", "--deploy", synthetic="false").stderr
