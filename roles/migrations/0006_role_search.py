"""Search: a weighted tsvector per role (`RoleSearchIndex`), kept current by PostgreSQL triggers, and GIN indexes.

On PostgreSQL only (on SQLite the column stays empty and search falls back to substrings):
- `roles_role_search_document(role)`: title (weight A), summary and skill names with the role's examples
  for them (B), prose (C).
- an AFTER trigger on roles_role writes the document of every inserted or changed role; triggers on
  roles_roleskill and roles_skill touch the roles whose skills changed, so bulk inserts, imports and
  `loaddata` keep it current too (no Python code has to remember it);
- GIN indexes for `document @@ query` and for trigram similarity on role titles and skill names.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

PROSE = [
    "description",
    "work_environment",
    "skills_overview",
    "how_to_become",
    "education_overview",
    "compensation_overview",
    "career_path_overview",
    "global_overview",
    "remote_work",
    "visa_overview",
    "market_overview",
    "specializations_overview",
]

FORWARD = f"""
-- "/" becomes a space first: the parser would read "Docker/Kubernetes" as one file-path token.
CREATE FUNCTION roles_role_search_document(r roles_role) RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('english', translate(coalesce(r.title, ''), '/', ' ')), 'A')
        || setweight(to_tsvector('english', translate(coalesce(r.summary, '') || ' ' || coalesce((
               SELECT string_agg(s.name || ' ' || rs.detail, ' ')
               FROM roles_roleskill rs JOIN roles_skill s ON s.id = rs.skill_id
               WHERE rs.role_id = r.id), ''), '/', ' ')), 'B')
        || setweight(to_tsvector('english', translate(
               concat_ws(' ', {", ".join(f"r.{name}" for name in PROSE)}), '/', ' ')), 'C')
$$;

CREATE FUNCTION roles_role_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO roles_rolesearchindex (role_id, document) VALUES (NEW.id, roles_role_search_document(NEW))
    ON CONFLICT (role_id) DO UPDATE SET document = EXCLUDED.document;
    RETURN NULL;
END $$;

-- Re-saving the role (a no-op update) lets the role trigger above recompute its vector.
CREATE FUNCTION roles_roleskill_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE roles_role SET title = title
    WHERE id IN (SELECT role_id FROM changed_links);
    RETURN NULL;
END $$;

CREATE FUNCTION roles_skill_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE roles_role SET title = title WHERE id IN (
        SELECT rs.role_id FROM roles_roleskill rs JOIN changed_skills s ON s.id = rs.skill_id);
    RETURN NULL;
END $$;

CREATE TRIGGER roles_role_search AFTER INSERT OR UPDATE ON roles_role
    FOR EACH ROW EXECUTE FUNCTION roles_role_search_refresh();
CREATE TRIGGER roles_roleskill_search_insert AFTER INSERT ON roles_roleskill
    REFERENCING NEW TABLE AS changed_links FOR EACH STATEMENT EXECUTE FUNCTION roles_roleskill_search_refresh();
CREATE TRIGGER roles_roleskill_search_update AFTER UPDATE ON roles_roleskill
    REFERENCING NEW TABLE AS changed_links FOR EACH STATEMENT EXECUTE FUNCTION roles_roleskill_search_refresh();
CREATE TRIGGER roles_roleskill_search_delete AFTER DELETE ON roles_roleskill
    REFERENCING OLD TABLE AS changed_links FOR EACH STATEMENT EXECUTE FUNCTION roles_roleskill_search_refresh();
CREATE TRIGGER roles_skill_search_update AFTER UPDATE ON roles_skill
    REFERENCING NEW TABLE AS changed_skills FOR EACH STATEMENT EXECUTE FUNCTION roles_skill_search_refresh();

-- `document @@ websearch_to_tsquery(...)` in Role.objects.search().
CREATE INDEX roles_rolesearchindex_document_gin ON roles_rolesearchindex USING gin (document);
-- `title %> 'words'` (trigram word similarity: typos) in Role.objects.search().
CREATE INDEX roles_role_title_trgm ON roles_role USING gin (title gin_trgm_ops);
-- `name %> 'words'` in Skill.objects.search().
CREATE INDEX roles_skill_name_trgm ON roles_skill USING gin (name gin_trgm_ops);
-- `detail %> 'words'` in Skill.objects.search(): a skill is found by the examples roles give for it.
CREATE INDEX roles_roleskill_detail_trgm ON roles_roleskill USING gin (detail gin_trgm_ops);

UPDATE roles_role SET title = title;
"""

BACKWARD = """
DROP INDEX IF EXISTS roles_roleskill_detail_trgm;
DROP INDEX IF EXISTS roles_skill_name_trgm;
DROP INDEX IF EXISTS roles_role_title_trgm;
DROP INDEX IF EXISTS roles_rolesearchindex_document_gin;
DROP TRIGGER IF EXISTS roles_skill_search_update ON roles_skill;
DROP TRIGGER IF EXISTS roles_roleskill_search_delete ON roles_roleskill;
DROP TRIGGER IF EXISTS roles_roleskill_search_update ON roles_roleskill;
DROP TRIGGER IF EXISTS roles_roleskill_search_insert ON roles_roleskill;
DROP TRIGGER IF EXISTS roles_role_search ON roles_role;
DROP FUNCTION IF EXISTS roles_skill_search_refresh();
DROP FUNCTION IF EXISTS roles_roleskill_search_refresh();
DROP FUNCTION IF EXISTS roles_role_search_refresh();
DROP FUNCTION IF EXISTS roles_role_search_document(roles_role);
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # A plain cursor: the SQL holds "%" (trigram operators in comments), which is not a parameter.
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("roles", "0005_editors_steps_and_industries")]

    operations = [
        TrigramExtension(),  # does nothing on other databases
        migrations.CreateModel(
            name="RoleSearchIndex",
            fields=[
                (
                    "role",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.DB_CASCADE,
                        primary_key=True,
                        related_name="search_index",
                        serialize=False,
                        to="roles.role",
                    ),
                ),
                ("document", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={"verbose_name_plural": "role search index"},
        ),
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
