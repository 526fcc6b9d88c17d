"""SQLite, the default database, with two writers at once: the production front (scripts/serve-prod: nginx in
front of 2 sync gunicorn workers) on a SQLite file, two API clients creating skills side by side and two
editors saving in the admin side by side. Nothing is lost and no write answers 503 ("database is locked"):
WAL lets readers and the writer work together, the busy timeout lets a second writer wait its turn, and
`BEGIN IMMEDIATE` takes the write lock at the start of a transaction, where SQLite can wait for it, instead of
upgrading a read lock midway, where it cannot (settings.DATABASES).

About SQLite itself, so they run in the SQLite run only; the database is the module's own file.
"""

import http.cookiejar
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.servers import front, manage, query

pytestmark = pytest.mark.sqlite_only

# Each writer's number of writes: enough that the two overlap many times (before WAL and IMMEDIATE, 9 of 20
# API writes and 5 of 16 admin saves failed), few enough to stay a few seconds.
WRITES = 10
SAVES = 8

SETUP = """
from django.contrib.auth.models import Group, Permission, User
from rest_framework.authtoken.models import Token
from roles.models import Skill
writer = User.objects.create_user("api-writer", password="x" * 20)
writer.user_permissions.add(*Permission.objects.filter(codename__in=["add_skill", "change_skill"]))
Token.objects.create(user=writer, key="{token}")
editors = Group.objects.get(name="Editors")
for number in (1, 2):
    User.objects.create_user(f"editor-{{number}}", password="Zebra-Quilt-{token}", is_staff=True).groups.add(editors)
    Skill.objects.create(name=f"Editor {{number}} skill", slug=f"editor-{{number}}-skill", category="technical")
"""
TOKEN = "f1c71a1f1c71a1f1c71a1f1c71a1f1c71a1f1c71"


@pytest.fixture(scope="module")
def site(tmp_path_factory, site_databases, static_root):
    """The front with 2 workers on a migrated SQLite file holding the API writer and two editors; yields
    (base URL, database URL). Shared by the tests here, which write different rows."""
    database_url = site_databases.new()
    manage(database_url, "shell", "-v0", "-c", SETUP.format(token=TOKEN))
    env = {"DJANGO_RESPONSE_CACHE_SECONDS": "0"}
    workdir = tmp_path_factory.mktemp("sqlite-writers")
    with front(database_url=database_url, env=env, workdir=workdir, static_root=static_root) as running:
        yield running.url, database_url


def run_side_by_side(*writers) -> list:
    """Runs each callable in its own thread, all released at once; returns their results in order."""
    start = threading.Barrier(len(writers))
    results = [None] * len(writers)

    def run(index, writer):
        start.wait()
        results[index] = writer()

    threads = [threading.Thread(target=run, args=(index, writer)) for index, writer in enumerate(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def status_of(request: urllib.request.Request, opener=None) -> int:
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_two_api_writers_at_once_lose_nothing(site):
    base, database_url = site

    def writer(name: str):
        def write():
            statuses = []
            for number in range(WRITES):
                body = {"name": f"Skill {name} {number}", "slug": f"skill-{name}-{number}", "category": "soft"}
                request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 only
                    f"{base}/api/v1/skills/", data=json.dumps(body).encode(), method="POST"
                )
                request.add_header("Content-Type", "application/json")
                request.add_header("Authorization", f"Token {TOKEN}")
                statuses.append(status_of(request))
            return statuses

        return write

    first, second = run_side_by_side(writer("a"), writer("b"))

    print(f"two API writers: {(first + second).count(201)} of {2 * WRITES} writes answered 201")
    assert first + second == [201] * (2 * WRITES)
    assert query(database_url, "SELECT count(*) FROM roles_skill WHERE slug LIKE 'skill-%'") == [(2 * WRITES,)]


def signed_in(base: str, username: str):
    """A urllib opener signed in to the admin as `username` (its cookies kept); and a reader of CSRF tokens."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    login = f"{base}/admin/login/"
    with opener.open(login, timeout=30) as response:
        token = csrf_token(response.read().decode())
    form = {"username": username, "password": f"Zebra-Quilt-{TOKEN}", "csrfmiddlewaretoken": token, "next": "/admin/"}
    request = urllib.request.Request(login, data=urllib.parse.urlencode(form).encode())  # noqa: S310
    request.add_header("Referer", login)
    with opener.open(request, timeout=30) as response:
        assert response.url.endswith("/admin/"), f"{username} could not sign in"
    return opener


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def saved(opener, request: urllib.request.Request) -> bool:
    """Whether the admin kept the change: a saved change form redirects to the list; anything else (the form
    again with an error, a 503) is a lost save."""
    try:
        with opener.open(request, timeout=60) as response:
            return response.status == 200 and response.url.endswith("/admin/roles/skill/")
    except urllib.error.HTTPError:
        return False


def test_two_admin_editors_saving_at_once_lose_nothing(site):
    base, database_url = site
    skill_ids = dict(
        query(database_url, "SELECT substr(slug, 8, 1) + 0, id FROM roles_skill WHERE slug LIKE 'editor-%'")
    )

    def editor(number: int):
        opener = signed_in(base, f"editor-{number}")
        change = f"{base}/admin/roles/skill/{skill_ids[number]}/change/"

        def save():
            statuses = []
            for version in range(SAVES):
                with opener.open(change, timeout=60) as response:
                    page = response.read().decode()
                form = {
                    "csrfmiddlewaretoken": csrf_token(page),
                    "name": f"Editor {number} skill",
                    "slug": f"editor-{number}-skill",
                    "category": "technical",
                    "description": f"Saved {version + 1} times.",
                    "_save": "Save",
                }
                # The edit version (careerguide.edit_versions) comes back as the page gave it.
                form.update(re.findall(r'<input type="hidden" name="(edit_version)" value="([^"]*)"', page))
                request = urllib.request.Request(change, data=urllib.parse.urlencode(form).encode())  # noqa: S310
                request.add_header("Referer", change)
                statuses.append(saved(opener, request))
            return statuses

        return save

    first, second = run_side_by_side(editor(1), editor(2))

    print(f"two admin editors: {(first + second).count(True)} of {2 * SAVES} saves kept")
    assert first + second == [True] * (2 * SAVES)
    assert (
        query(database_url, "SELECT description FROM roles_skill WHERE slug LIKE 'editor-%'")
        == [(f"Saved {SAVES} times.",)] * 2
    )
