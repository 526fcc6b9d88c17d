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
    assert "    Career levels           3\n" in out
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


# --- Bounded files ------------------------------------------------------------------------------------------


def test_a_nul_byte_is_reported_with_its_line_and_the_other_files_are_imported():
    files = [path("broken_nul_byte.txt"), path("lunar_beekeeper.txt")]
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match=r"1 of 2 files could not be imported: broken_nul_byte\.txt\."):
        call_command("import_guide", *files, stdout=out, stderr=err)

    assert err.getvalue().startswith("broken_nul_byte.txt, line 33: the file has a NUL byte (0x00)")
    assert "lunar_beekeeper.txt: created" in out.getvalue()
    assert list(Role.objects.filter(imported_from__gt="").values_list("imported_from", flat=True)) == [
        "lunar_beekeeper.txt"
    ]


def test_files_over_the_size_or_line_limits_are_named_and_the_others_imported(settings, tmp_path):
    settings.IMPORT_MAX_LINES = 140  # the test guides have 137 lines or fewer
    long = tmp_path / "long_guide.txt"
    long.write_text("Complete Long Guide Career Guide\n" + "x\n" * 140)
    big = tmp_path / "big_guide.txt"
    big.write_bytes(b"x" * (settings.GUIDE_IMPORT_MAX_BYTES + 1))
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match=r"2 of 3 files could not be imported: long_guide\.txt, big_guide\.txt\."):
        call_command("import_guide", str(long), str(big), path("orbital_gardener.txt"), stdout=out, stderr=err)

    assert err.getvalue().splitlines() == [
        "long_guide.txt, line 141: the file has more than 140 lines; split it. Nothing was saved for this file.",
        "big_guide.txt: larger than 1.0\xa0MB (DJANGO_GUIDE_IMPORT_MAX_BYTES); a guide is about 40 kB.",
    ]
    assert "orbital_gardener.txt: created" in out.getvalue()


# --- Updating a guide an editor changed -----------------------------------------------------------------


def edit_summary(username="editor"):
    from django.contrib.auth import get_user_model

    role = Role.objects.get(slug="orbital-gardener")
    role.summary = "Rewritten by an editor after the import."
    role._history_user = get_user_model().objects.create_user(username, password="x" * 12)
    role.save()
    return role


def test_update_refuses_a_guide_edited_since_its_last_import_and_lists_the_edits_until_forced():
    run(path("orbital_gardener.txt"))
    edit_summary()
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match=r"1 of 1 files could not be imported: orbital_gardener\.txt"):
        call_command("import_guide", path("orbital_gardener.txt"), "--update", stdout=out, stderr=err)

    assert out.getvalue().startswith("orbital_gardener.txt: refused “Orbital Gardener”")
    assert "  Edited since the last import (1), would be overwritten:\n    Role: summary, by editor, last on " in (
        out.getvalue()
    )
    assert "“Orbital Gardener” was edited since its last import (1 change listed in the report would be " in (
        err.getvalue()
    )
    assert "import with --force to overwrite them with the file. Nothing was saved" in err.getvalue()
    assert Role.objects.get(slug="orbital-gardener").summary == "Rewritten by an editor after the import."

    out, _ = run(path("orbital_gardener.txt"), "--update", "--force")

    assert out.startswith("orbital_gardener.txt: updated “Orbital Gardener”")
    assert Role.objects.get(slug="orbital-gardener").summary != "Rewritten by an editor after the import."
    # Once the file is applied, it is the last import again: the next update goes through.
    out, _ = run(path("orbital_gardener.txt"), "--update")
    assert out.startswith("orbital_gardener.txt: unchanged “Orbital Gardener”")


def test_update_refuses_when_a_row_of_the_guide_was_edited_and_names_its_section():
    from roles.models import FAQ

    run(path("orbital_gardener.txt"))
    faq = FAQ.objects.filter(role__slug="orbital-gardener").first()
    faq.answer = "An editor's better answer."
    faq.save()
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError):
        call_command("import_guide", path("orbital_gardener.txt"), "--update", stdout=out, stderr=err)

    assert "    FAQ entries: 1 change, by a script, last on " in out.getvalue()
    assert FAQ.objects.get(pk=faq.pk).answer == "An editor's better answer."
