"""Search at 10,000 roles: both match conditions on the search index table, and prose without positions.

Measured with 10,000 synthetic roles, where "manager" matches every role: the query took ~340 ms, because
the title (trigram) and the document (text) conditions sat on two tables, so PostgreSQL scanned and joined
every row, and ranked every match against documents of ~2.4 KB (most stored out of line, in TOAST).

- `RoleSearchIndex.title`: a copy of the title, written by the same trigger, with its trigram GIN index,
  so `document @@ query OR title %> 'words'` is one bitmap OR over two indexes of one table. The index on
  `roles_role.title` that the old condition used is dropped.
- The prose (weight C) is stored without word positions (`strip`): it still matches, but adds nothing to the
  rank (title and summary/skills do), and the average document shrinks to ~1 KB, kept in line.

PostgreSQL only; on SQLite the column stays empty like the document.
"""

import importlib

from django.db import migrations, models

PROSE = importlib.import_module("roles.migrations.0006_role_search").PROSE
PROSE_SQL = ", ".join(f"r.{name}" for name in PROSE)


def document_function(prose: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION roles_role_search_document(r roles_role) RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('english', translate(coalesce(r.title, ''), '/', ' ')), 'A')
        || setweight(to_tsvector('english', translate(coalesce(r.summary, '') || ' ' || coalesce((
               SELECT string_agg(s.name || ' ' || rs.detail, ' ')
               FROM roles_roleskill rs JOIN roles_skill s ON s.id = rs.skill_id
               WHERE rs.role_id = r.id), ''), '/', ' ')), 'B')
        || setweight({prose}, 'C')
$$;
"""


FORWARD = (
    document_function(f"strip(to_tsvector('english', translate(concat_ws(' ', {PROSE_SQL}), '/', ' ')))")
    + """
CREATE OR REPLACE FUNCTION roles_role_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO roles_rolesearchindex (role_id, document, title)
    VALUES (NEW.id, roles_role_search_document(NEW), NEW.title)
    ON CONFLICT (role_id) DO UPDATE SET document = EXCLUDED.document, title = EXCLUDED.title;
    RETURN NULL;
END $$;
DROP INDEX IF EXISTS roles_role_title_trgm;
-- `title %> 'words'` (trigram word similarity: typos) in Role.objects.search().
CREATE INDEX roles_rolesearchindex_title_trgm ON roles_rolesearchindex USING gin (title gin_trgm_ops);
UPDATE roles_role SET title = title;
"""
)

BACKWARD = (
    document_function(f"to_tsvector('english', translate(concat_ws(' ', {PROSE_SQL}), '/', ' '))")
    + """
CREATE OR REPLACE FUNCTION roles_role_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO roles_rolesearchindex (role_id, document) VALUES (NEW.id, roles_role_search_document(NEW))
    ON CONFLICT (role_id) DO UPDATE SET document = EXCLUDED.document;
    RETURN NULL;
END $$;
DROP INDEX IF EXISTS roles_rolesearchindex_title_trgm;
CREATE INDEX roles_role_title_trgm ON roles_role USING gin (title gin_trgm_ops);
UPDATE roles_role SET title = title;
"""
)


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("roles", "0006_role_search")]

    operations = [
        migrations.AddField(
            model_name="rolesearchindex",
            name="title",
            field=models.CharField(blank=True, default="", max_length=120),
        ),
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
