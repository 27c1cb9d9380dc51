"""Make approved, published and superseded versions unchangeable in the database itself.

The actions refuse such changes and ``PlanRow.save`` does too; these triggers catch everything else
(a raw query, a bulk update, a future bug):

- rows, and their audiences, channels and senders, change only while their version is a draft;
- a version from approval on keeps its content; its status only moves forward
  (approved → published → superseded), and only a draft can be deleted.

On PostgreSQL the row triggers read the version's status ``FOR SHARE``, so an edit cannot slip in
while another transaction submits the version.
"""

from django.db import migrations

LINK_TABLES = ("plan_planrow_audiences", "plan_planrow_channels", "plan_planrow_senders")
MESSAGE = "plan rows change only while their version is a draft"
VERSION_MESSAGE = "an approved or published plan version cannot be changed"

# Columns a version keeps from approval on; the publication columns are frozen from publication on.
FROZEN = (
    "plan_id", "number", "based_on_id", "change_reason", "author_id", "reviewer_id", "approver_id",
    "author_name", "reviewer_name", "approver_name", "created_at", "submitted_at", "reviewed_at", "approved_at",
)
FROZEN_WHEN_PUBLISHED = ("published_at", "publisher_id")
ALLOWED_MOVES = (
    ("approved", "approved"), ("approved", "published"), ("published", "published"),
    ("published", "superseded"), ("superseded", "superseded"),
)


def _version_change_refused(distinct: str) -> str:
    """A boolean SQL expression over OLD/NEW: true when an update of a frozen version is not allowed."""
    changed = " OR ".join(distinct.format(col=col) for col in FROZEN)
    published_changed = " OR ".join(distinct.format(col=col) for col in FROZEN_WHEN_PUBLISHED)
    moves = " OR ".join(f"(OLD.status = '{a}' AND NEW.status = '{b}')" for a, b in ALLOWED_MOVES)
    superseded = distinct.format(col="superseded_at")
    return (
        f"OLD.status IN ('approved', 'published', 'superseded') AND ("
        f"{changed} OR NOT ({moves}) "
        f"OR (OLD.status IN ('published', 'superseded') AND ({published_changed})) "
        f"OR (OLD.status = 'superseded' AND {superseded}))"
    )


def _sqlite() -> list[str]:
    status_of = "(SELECT status FROM plan_planversion WHERE id = {ref}.version_id)"
    link_status = (
        "(SELECT v.status FROM plan_planrow r JOIN plan_planversion v ON v.id = r.version_id "
        "WHERE r.id = {ref}.planrow_id)"
    )
    refuse = f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
    statements = [
        f"CREATE TRIGGER plan_row_frozen_insert BEFORE INSERT ON plan_planrow "
        f"WHEN {status_of.format(ref='NEW')} <> 'draft' {refuse}",
        f"CREATE TRIGGER plan_row_frozen_update BEFORE UPDATE ON plan_planrow "
        f"WHEN {status_of.format(ref='OLD')} <> 'draft' OR {status_of.format(ref='NEW')} <> 'draft' {refuse}",
        f"CREATE TRIGGER plan_row_frozen_delete BEFORE DELETE ON plan_planrow "
        f"WHEN {status_of.format(ref='OLD')} <> 'draft' {refuse}",
    ]
    for table in LINK_TABLES:
        statements += [
            f"CREATE TRIGGER {table}_frozen_insert BEFORE INSERT ON {table} "
            f"WHEN {link_status.format(ref='NEW')} <> 'draft' {refuse}",
            f"CREATE TRIGGER {table}_frozen_update BEFORE UPDATE ON {table} "
            f"WHEN {link_status.format(ref='OLD')} <> 'draft' OR {link_status.format(ref='NEW')} <> 'draft' {refuse}",
            f"CREATE TRIGGER {table}_frozen_delete BEFORE DELETE ON {table} "
            f"WHEN {link_status.format(ref='OLD')} <> 'draft' {refuse}",
        ]
    statements += [
        f"CREATE TRIGGER plan_version_frozen_update BEFORE UPDATE ON plan_planversion "
        f"WHEN {_version_change_refused('NEW.{col} IS NOT OLD.{col}')} "
        f"BEGIN SELECT RAISE(ABORT, '{VERSION_MESSAGE}'); END;",
        f"CREATE TRIGGER plan_version_frozen_delete BEFORE DELETE ON plan_planversion "
        f"WHEN OLD.status <> 'draft' BEGIN SELECT RAISE(ABORT, '{VERSION_MESSAGE}'); END;",
    ]
    return statements


def _sqlite_reverse() -> list[str]:
    names = ["plan_row_frozen_insert", "plan_row_frozen_update", "plan_row_frozen_delete"]
    for table in LINK_TABLES:
        names += [f"{table}_frozen_insert", f"{table}_frozen_update", f"{table}_frozen_delete"]
    names += ["plan_version_frozen_update", "plan_version_frozen_delete"]
    return [f"DROP TRIGGER {name};" for name in names]


def _postgres_guard(name: str, status_query: str) -> str:
    return f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE current_status text;
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                {status_query.format(ref='OLD')}
                IF current_status IS NOT NULL AND current_status <> 'draft' THEN
                    RAISE EXCEPTION '{MESSAGE}';
                END IF;
            END IF;
            IF TG_OP IN ('UPDATE', 'INSERT') THEN
                {status_query.format(ref='NEW')}
                IF current_status IS NOT NULL AND current_status <> 'draft' THEN
                    RAISE EXCEPTION '{MESSAGE}';
                END IF;
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END; $$;"""


def _postgres() -> list[str]:
    row_status = "SELECT status INTO current_status FROM plan_planversion WHERE id = {ref}.version_id FOR SHARE;"
    link_status = (
        "SELECT v.status INTO current_status FROM plan_planrow r JOIN plan_planversion v ON v.id = r.version_id "
        "WHERE r.id = {ref}.planrow_id FOR SHARE OF v;"
    )
    statements = [
        _postgres_guard("plan_row_guard", row_status),
        _postgres_guard("plan_row_link_guard", link_status),
        "CREATE TRIGGER plan_row_frozen BEFORE INSERT OR UPDATE OR DELETE ON plan_planrow "
        "FOR EACH ROW EXECUTE FUNCTION plan_row_guard();",
    ]
    for table in LINK_TABLES:
        statements.append(
            f"CREATE TRIGGER {table}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION plan_row_link_guard();"
        )
    statements += [
        f"""CREATE FUNCTION plan_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    IF OLD.status <> 'draft' THEN RAISE EXCEPTION '{VERSION_MESSAGE}'; END IF;
                    RETURN OLD;
                END IF;
                IF {_version_change_refused('NEW.{col} IS DISTINCT FROM OLD.{col}')} THEN
                    RAISE EXCEPTION '{VERSION_MESSAGE}';
                END IF;
                RETURN NEW;
            END; $$;""",
        "CREATE TRIGGER plan_version_frozen BEFORE UPDATE OR DELETE ON plan_planversion "
        "FOR EACH ROW EXECUTE FUNCTION plan_version_guard();",
    ]
    return statements


def _postgres_reverse() -> list[str]:
    statements = ["DROP TRIGGER plan_row_frozen ON plan_planrow;"]
    statements += [f"DROP TRIGGER {table}_frozen ON {table};" for table in LINK_TABLES]
    statements += [
        "DROP TRIGGER plan_version_frozen ON plan_planversion;",
        "DROP FUNCTION plan_row_guard();",
        "DROP FUNCTION plan_row_link_guard();",
        "DROP FUNCTION plan_version_guard();",
    ]
    return statements


def forwards(apps, schema_editor):
    statements = _postgres() if schema_editor.connection.vendor == "postgresql" else _sqlite()
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = _postgres_reverse() if schema_editor.connection.vendor == "postgresql" else _sqlite_reverse()
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("plan", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
