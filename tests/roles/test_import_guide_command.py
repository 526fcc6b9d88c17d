"""manage.py import_guide: reports, exit status, several files with one bad."""

from io import StringIO

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from roles.models import Role
from tests.conftest import GUIDES_DIR

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_guide", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def path(name: str) -> str:
    return str(GUIDES_DIR / name)


def test_one_file_prints_its_report_and_saves_a_draft():
    out, err = run(path("orbital_gardener.txt"))

    assert out.startswith("orbital_gardener.txt: created “Orbital Gardener” (orbital-gardener, draft)\n  Sections:\n")
    assert "    Career levels         3\n" in out
    assert "Empty sections (1):\n    Education Requirements (line 36)" in out
    assert "line 33: Every seed packet is counted by hand" in out
    assert "Conflicts (2):" in out
    assert err == ""
    assert Role.objects.drafts().filter(slug="orbital-gardener").exists()


def test_dry_run_and_publish():
    out, _ = run(path("orbital_gardener.txt"), "--dry-run", "--publish")

    assert out.startswith("orbital_gardener.txt: would create “Orbital Gardener” (orbital-gardener, published)")
    assert out.rstrip().endswith("Dry run: nothing was saved.")
    assert not Role.objects.exists()

    run(path("orbital_gardener.txt"), "--publish")

    assert Role.objects.published().filter(slug="orbital-gardener").exists()


def test_several_files_one_bad_does_not_stop_the_others_and_the_command_fails():
    files = [path("orbital_gardener.txt"), path("broken_bad_utf8.txt"), path("volcano_sommelier.txt")]
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match=r"1 of 3 files could not be imported: broken_bad_utf8\.txt\."):
        call_command("import_guide", *files, stdout=out, stderr=err)

    assert "orbital_gardener.txt: created" in out.getvalue()
    assert "volcano_sommelier.txt: created" in out.getvalue()
    assert out.getvalue().rstrip().endswith("2 of 3 files imported; failed: broken_bad_utf8.txt.")
    assert err.getvalue() == (
        "broken_bad_utf8.txt, line 5: the file is not UTF-8 text (byte 0xa3); save it as UTF-8. "
        "Nothing was saved for this file.\n"
    )
    assert sorted(Role.objects.filter(imported_from__endswith=".txt").values_list("slug", flat=True)) == [
        "orbital-gardener",
        "volcano-sommelier",
    ]


def test_an_existing_guide_prints_its_report_and_is_refused_until_update():
    run(path("orbital_gardener.txt"))
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError):
        call_command("import_guide", path("orbital_gardener.txt"), stdout=out, stderr=err)

    assert out.getvalue().startswith("orbital_gardener.txt: refused “Orbital Gardener”")
    assert "import with --update to apply the differences. Nothing was saved" in err.getvalue()

    out, _ = run(path("orbital_gardener.txt"), "--update")

    assert out.startswith("orbital_gardener.txt: unchanged “Orbital Gardener”")


def test_a_missing_file_is_reported():
    with pytest.raises(CommandError, match=r"1 of 1 files could not be imported: nowhere\.txt"):
        run(str(GUIDES_DIR / "nowhere.txt"))


@pytest.mark.parametrize(
    ("names", "status"),
    [(["orbital_gardener.txt"], 0), (["broken_empty.txt"], 1), (["lunar_beekeeper.txt", "broken_not_a_guide.txt"], 1)],
)
def test_exit_status_as_run_from_the_command_line(names, status, capsys):
    utility = ManagementUtility(["manage.py", "import_guide", *(path(name) for name in names)])

    if status:
        with pytest.raises(SystemExit) as exit_:
            utility.execute()
        assert exit_.value.code == status
        assert "line 1:" in capsys.readouterr().err
    else:
        utility.execute()
        assert "created" in capsys.readouterr().out
