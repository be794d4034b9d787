"""SQL that lays out a shared station database on PostgreSQL/PostGIS.

The same layer declarations as the GeoPackage, in schema ``wangge``, plus what
a shared server needs and a file does not:

- **Versions enforced by the server**: a trigger bumps ``version`` and
  ``updated_at`` on every update, whoever makes it (Wangge, QGIS, psql).
- **Roles and row-level security**: ``wangge_reviewer`` reads everything and
  writes nothing; ``wangge_officer`` writes households, visits and disputes of
  the grids listed for him in ``wangge.user_grids``; ``wangge_chief`` writes the
  whole station. Users are login roles that are members of one of these.
- **Audit**: a ``SECURITY DEFINER`` trigger appends who (the login role, and
  the person the app acts for), when, which record, its version and the old and
  new values of the changed fields to ``wangge.audit``, in the transaction of
  the edit, whichever program makes it. App roles may not write the table
  directly (so nobody can forge an entry) and triggers refuse to update, delete
  or truncate it, even for its owner.
- **Live refresh**: a trigger sends ``NOTIFY wangge_changes`` with the layer,
  the changed record ids (or only their number, for large loads) and the
  sending backend, so other windows update within seconds.
"""

from __future__ import annotations

from layers.crs import STORAGE_EPSG
from layers.household_status import STALE_TABLE, STATUS_FIELDS, STATUS_TABLE
from layers.schema import (
    GEOMETRY_COLUMN,
    LAYERS,
    PROJECT_KEY,
    Field,
    FieldType,
    Generated,
    LayerSchema,
    new_project_key,
)
from layers.visit_cycles import KeyPersonCycles

SCHEMA = "wangge"
NOTIFY_CHANNEL = "wangge_changes"
NOTIFY_MAX_IDS = 100
ROLE_GROUPS = {"reviewer": "wangge_reviewer", "officer": "wangge_officer", "chief": "wangge_chief"}
OFFICER_LAYERS = ("households", "visits", "disputes")
FIELD_SHEET_LAYERS = ("printed_sheets", "field_photos", "field_marks")
"""Every officer prints sheets and reads them back, whichever grid they show."""

_TYPES = {
    FieldType.TEXT: "text",
    FieldType.INTEGER: "integer",
    FieldType.REAL: "double precision",
    FieldType.BOOLEAN: "boolean",
    FieldType.DATETIME: "timestamptz",
    FieldType.DATE: "date",
    FieldType.BLOB: "bytea",
}


def table(name: str) -> str:
    return f'{SCHEMA}."{name}"'


GENERATED_SQL = {Generated.NEW_UUID: "gen_random_uuid()", Generated.NOW: "now()"}
"""Column defaults for :class:`~layers.schema.Generated` values (``gen_random_uuid`` is core since PostgreSQL 13)."""


def is_uuid(field: Field) -> bool:
    return field.name == "id" or field.references is not None


def _column_sql(field: Field) -> str:
    parts = [f'"{field.name}"', "uuid" if is_uuid(field) else _TYPES[field.type]]
    if field.name == "id":
        parts.append("PRIMARY KEY")
    elif field.required:
        parts.append("NOT NULL")
    if field.unique and field.name != "id":
        parts.append("UNIQUE")
    if field.generated is not None:
        parts.append("DEFAULT " + GENERATED_SQL[field.generated])
    if field.default is not None:
        default = field.default
        parts.append("DEFAULT " + (f"'{default}'" if isinstance(default, str) else str(default).lower()))
    if field.vocabulary is not None:
        codes = ", ".join(f"'{code}'" for code in field.vocabulary.codes())
        parts.append(f'CHECK ("{field.name}" IN ({codes}))')
    if field.name == "version":
        parts.append("CHECK (version >= 1)")
    if field.references:
        parts.append(f"REFERENCES {table(field.references)} (id) DEFERRABLE INITIALLY DEFERRED")
    return " ".join(parts)


_TRANSITION_TABLES = (
    ("INSERT", "NEW TABLE AS new_rows"),
    ("UPDATE", "NEW TABLE AS new_rows OLD TABLE AS old_rows"),
    ("DELETE", "OLD TABLE AS old_rows"),
)


def layer_sql(layer: LayerSchema) -> list[str]:
    columns = [_column_sql(field) for field in layer.fields]
    if layer.is_spatial:
        columns.append(f"{GEOMETRY_COLUMN} geometry({layer.geometry_type.value}, {STORAGE_EPSG})")
    statements = [f"CREATE TABLE {table(layer.name)} (\n  " + ",\n  ".join(columns) + "\n)"]
    if layer.is_spatial:
        statements.append(
            f'CREATE INDEX "{layer.name}_geom_gist" ON {table(layer.name)} USING gist ({GEOMETRY_COLUMN})'
        )
    for field in layer.fields:
        if field.references or field.name in ("visited_at", "reported_at"):
            statements.append(f'CREATE INDEX "{layer.name}_{field.name}_idx" ON {table(layer.name)} ("{field.name}")')
    statements += [
        f"COMMENT ON TABLE {table(layer.name)} IS '{layer.title_zh} — {layer.description}'",
        *[f"COMMENT ON COLUMN {table(layer.name)}.\"{f.name}\" IS '{f.title_zh}'" for f in layer.fields],
        f"CREATE TRIGGER record_version BEFORE UPDATE ON {table(layer.name)} "
        f"FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.bump_version()",
    ]
    for event, rows in _TRANSITION_TABLES:
        for purpose, function in (("audit", "audit_change"), ("notify", "notify_change")):
            statements.append(
                f"CREATE TRIGGER {purpose}_{event.lower()} AFTER {event} ON {table(layer.name)} "
                f"REFERENCING {rows} FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.{function}()"
            )
    return statements


FUNCTIONS = [
    f"""CREATE FUNCTION {SCHEMA}.bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id <> OLD.id THEN
    RAISE EXCEPTION 'the id of a record never changes (%)', OLD.id;
  END IF;
  -- Sync and undo write a record's earlier state as it was (wangge.restoring, set per transaction).
  -- Only a chief (or the owner) may restore: for everyone else the server keeps counting.
  IF current_setting('wangge.restoring', true) IS DISTINCT FROM 'on'
     OR NOT (pg_has_role(current_user, 'wangge_chief', 'MEMBER')
             OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)) THEN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
    NEW.created_at := OLD.created_at;
  END IF;
  RETURN NEW;
END $$""",
    f"""CREATE FUNCTION {SCHEMA}.audit_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SCHEMA}, public AS $$
BEGIN
  -- One statement-level pass over the transition tables: a bulk load of a million rows is one
  -- set-based insert here, not a million trigger calls.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO {SCHEMA}.audit (who, layer, record, action, new_values)
    SELECT session_user, TG_TABLE_NAME, n.id, 'insert', to_jsonb(n) - 'image' FROM new_rows n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO {SCHEMA}.audit (who, layer, record, action, old_values, new_values)
    SELECT session_user, TG_TABLE_NAME, n.id, 'update', to_jsonb(o) - 'image', to_jsonb(n) - 'image'
    FROM new_rows n JOIN old_rows o ON o.id = n.id;
  ELSE
    INSERT INTO {SCHEMA}.audit (who, layer, record, action, old_values)
    SELECT session_user, TG_TABLE_NAME, o.id, 'delete', to_jsonb(o) - 'image' FROM old_rows o;
  END IF;
  RETURN NULL;
END $$""",
    f"""CREATE FUNCTION {SCHEMA}.notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_ids json;
  changed integer;
BEGIN
  -- NOTIFY payloads are limited to 8000 bytes: name up to {NOTIFY_MAX_IDS} records, else only count them.
  IF TG_OP = 'DELETE' THEN
    SELECT count(*), json_agg(id) FILTER (WHERE n <= {NOTIFY_MAX_IDS})
      INTO changed, changed_ids FROM (SELECT id, row_number() OVER () n FROM old_rows) s;
  ELSE
    SELECT count(*), json_agg(id) FILTER (WHERE n <= {NOTIFY_MAX_IDS})
      INTO changed, changed_ids FROM (SELECT id, row_number() OVER () n FROM new_rows) s;
  END IF;
  IF changed > 0 THEN
    PERFORM pg_notify('{NOTIFY_CHANNEL}', json_build_object(
      'layer', TG_TABLE_NAME, 'action', lower(TG_OP), 'count', changed,
      'ids', CASE WHEN changed <= {NOTIFY_MAX_IDS} THEN changed_ids END,
      'backend', pg_backend_pid())::text);
  END IF;
  RETURN NULL;
END $$""",
]

SUPPORT_TABLES = [
    f"""CREATE TABLE {SCHEMA}.schema_version (
  version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL)""",
    f"CREATE TABLE {SCHEMA}.settings (key text PRIMARY KEY, value text NOT NULL)",
    f"""CREATE TABLE {SCHEMA}.audit (
  id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), who text NOT NULL,
  layer text NOT NULL, record uuid NOT NULL, action text NOT NULL, old_values jsonb, new_values jsonb)""",
    f"CREATE INDEX audit_record_idx ON {SCHEMA}.audit (record)",
]

USER_GRIDS = f"""CREATE TABLE {SCHEMA}.user_grids (
  username text NOT NULL, grid_id uuid NOT NULL REFERENCES {table("grids")} (id) ON DELETE CASCADE,
  PRIMARY KEY (username, grid_id))"""


def _officer_scope(layer: str) -> str:
    mine = f"SELECT grid_id FROM {SCHEMA}.user_grids WHERE username = current_user"
    if layer == "visits":
        return f"household_id IN (SELECT id FROM {table('households')} WHERE grid_id IN ({mine}))"
    return f"grid_id IN ({mine})"


def security_sql() -> list[str]:
    """Roles, grants and row-level security; safe to run again (roles are cluster-wide)."""
    groups = list(ROLE_GROUPS.values())
    statements = [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') "
        f"THEN CREATE ROLE {group} NOLOGIN; END IF; END $$"
        for group in groups
    ]
    statements += [
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {', '.join(groups)}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {SCHEMA} TO {', '.join(groups)}",
        f"REVOKE ALL ON {SCHEMA}.audit FROM {ROLE_GROUPS['officer']}",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(table(n) for n in LAYERS)}, {SCHEMA}.settings "
        f"TO {ROLE_GROUPS['chief']}",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(table(n) for n in OFFICER_LAYERS)} TO {ROLE_GROUPS['officer']}",
        f"GRANT INSERT, UPDATE ON {', '.join(table(n) for n in FIELD_SHEET_LAYERS)} TO {ROLE_GROUPS['officer']}",
    ]
    for name in OFFICER_LAYERS:
        statements += [
            f"ALTER TABLE {table(name)} ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY read_station ON {table(name)} FOR SELECT TO {', '.join(groups)} USING (true)",
            f"CREATE POLICY chief_writes ON {table(name)} FOR ALL TO {ROLE_GROUPS['chief']} "
            "USING (true) WITH CHECK (true)",
            f"CREATE POLICY officer_writes_own_grids ON {table(name)} FOR ALL TO {ROLE_GROUPS['officer']} "
            f"USING ({_officer_scope(name)}) WITH CHECK ({_officer_scope(name)})",
        ]
    return statements


def add_missing_columns_sql() -> list[str]:
    """Add the declared fields a database made by an older Wangge lacks (new fields are always optional)."""
    return [
        f"ALTER TABLE {table(layer.name)} ADD COLUMN IF NOT EXISTS {_column_sql(field)}"
        for layer in LAYERS.values()
        for field in layer.fields
    ]


def field_sheets_sql() -> list[str]:
    """Migration 6: the field-sheet layers a database made by an older Wangge lacks, and the project key."""
    statements = []
    for name in FIELD_SHEET_LAYERS:
        quoted = [statement.replace("'", "''") for statement in layer_sql(LAYERS[name])]
        body = " ".join(f"EXECUTE '{statement}';" for statement in quoted)
        statements.append(f"DO $$ BEGIN IF to_regclass('{SCHEMA}.{name}') IS NULL THEN {body} END IF; END $$")
    roles = ", ".join(ROLE_GROUPS.values())
    return statements + [
        f"GRANT SELECT ON {', '.join(table(n) for n in FIELD_SHEET_LAYERS)} TO {roles}",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(table(n) for n in FIELD_SHEET_LAYERS)} TO {ROLE_GROUPS['chief']}",
        f"GRANT INSERT, UPDATE ON {', '.join(table(n) for n in FIELD_SHEET_LAYERS)} TO {ROLE_GROUPS['officer']}",
        f"INSERT INTO {SCHEMA}.settings (key, value) VALUES ('{PROJECT_KEY}', '{new_project_key()}') "
        "ON CONFLICT (key) DO NOTHING",
    ]


def generated_defaults_sql() -> list[str]:
    """Migration 7: the generated fields of a database made by an older Wangge get their defaults."""
    return [
        f'ALTER TABLE {table(layer.name)} ALTER COLUMN "{field.name}" SET DEFAULT {GENERATED_SQL[field.generated]}'
        for layer in LAYERS.values()
        for field in layer.fields
        if field.generated is not None
    ]


def create_schema_sql() -> list[str]:
    """Everything migration 1 creates, in order."""
    statements = ["CREATE EXTENSION IF NOT EXISTS postgis", f"CREATE SCHEMA {SCHEMA}", *SUPPORT_TABLES, *FUNCTIONS]
    for layer in LAYERS.values():
        statements += layer_sql(layer)
    statements.append(USER_GRIDS)
    return statements + security_sql()


BLOB_FIELDS = sorted({f.name for layer in LAYERS.values() for f in layer.fields if f.type is FieldType.BLOB})

AUDIT_LOG_FUNCTIONS = [
    # The same values as the GeoPackage's log: geometry as WKT, photos left out (see layers.store.audit).
    f"""CREATE OR REPLACE FUNCTION {SCHEMA}.audit_values(record_values jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE
SET search_path = {SCHEMA}, public AS $$
  SELECT CASE WHEN jsonb_typeof(record_values -> '{GEOMETRY_COLUMN}') = 'object'
    THEN (record_values - '{{{",".join(BLOB_FIELDS)}}}'::text[])
         || jsonb_build_object('{GEOMETRY_COLUMN}', ST_AsText(ST_GeomFromGeoJSON(record_values -> '{GEOMETRY_COLUMN}')))
    ELSE record_values - '{{{",".join(BLOB_FIELDS)}}}'::text[] END
$$""",
    f"""CREATE OR REPLACE FUNCTION {SCHEMA}.audit_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SCHEMA}, public AS $$
DECLARE
  -- Who the app acts for (set per transaction by the store); the login role is session_user, which
  -- the server vouches for. Inside SECURITY DEFINER current_user is this function's owner.
  acting_for text := nullif(current_setting('wangge.user', true), '');
BEGIN
  -- One statement-level pass over the transition tables: a bulk load of a million rows is one
  -- set-based insert here, not a million trigger calls.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO {SCHEMA}.audit (who, app_user, layer, record, action, version, new_values)
    SELECT session_user, acting_for, TG_TABLE_NAME, n.id, 'insert', n.version, {SCHEMA}.audit_values(to_jsonb(n))
    FROM new_rows n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO {SCHEMA}.audit (who, app_user, layer, record, action, version, old_values, new_values)
    SELECT session_user, acting_for, TG_TABLE_NAME, c.id, 'update', c.version,
      (SELECT jsonb_object_agg(k, c.old_row -> k) FROM jsonb_object_keys(c.new_row) k
       WHERE c.old_row -> k IS DISTINCT FROM c.new_row -> k),
      (SELECT jsonb_object_agg(k, c.new_row -> k) FROM jsonb_object_keys(c.new_row) k
       WHERE c.old_row -> k IS DISTINCT FROM c.new_row -> k)
    FROM (SELECT n.id, n.version, {SCHEMA}.audit_values(to_jsonb(o)) AS old_row,
                 {SCHEMA}.audit_values(to_jsonb(n)) AS new_row
          FROM new_rows n JOIN old_rows o ON o.id = n.id) c;
  ELSE
    INSERT INTO {SCHEMA}.audit (who, app_user, layer, record, action, version, old_values)
    SELECT session_user, acting_for, TG_TABLE_NAME, o.id, 'delete', o.version, {SCHEMA}.audit_values(to_jsonb(o))
    FROM old_rows o;
  END IF;
  RETURN NULL;
END $$""",
    f"""CREATE OR REPLACE FUNCTION {SCHEMA}.refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '{SCHEMA}.audit is append-only: audit entries cannot be changed or deleted (%)', TG_OP;
END $$""",
]


def audit_log_sql() -> list[str]:
    """Migration 4: entries name the app's user and the version, keep only changed fields, refuse rewrites."""
    return [
        f"ALTER TABLE {SCHEMA}.audit ADD COLUMN IF NOT EXISTS app_user text",
        f"ALTER TABLE {SCHEMA}.audit ADD COLUMN IF NOT EXISTS version integer",
        f"CREATE INDEX IF NOT EXISTS audit_at_idx ON {SCHEMA}.audit (at)",
        *AUDIT_LOG_FUNCTIONS,
        f"CREATE TRIGGER refuse_change BEFORE UPDATE OR DELETE ON {SCHEMA}.audit "
        f"FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.refuse_audit_change()",
        f"CREATE TRIGGER refuse_truncate BEFORE TRUNCATE ON {SCHEMA}.audit "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.refuse_audit_change()",
    ]


STATUS_MARKED_BY = ("households", "visits", "disputes")


def household_status_sql() -> list[str]:
    """Migration 8: the kept household status and the triggers that mark it out of date, as in a project file.

    The triggers only mark (one set-based pass per statement, like the audit's);
    the editing store recomputes the marked households before it commits. The
    marking function runs as its owner, so an officer's edit marks households
    whatever his row rights; officers and chiefs, whose edits recompute, may
    write the two tables.
    """
    status, stale = table(STATUS_TABLE), table(STALE_TABLE)
    columns = ",\n  ".join(
        f'"{field.name}" {"uuid" if is_uuid(field) else _TYPES[field.type]}' + (" NOT NULL" if field.required else "")
        for field in STATUS_FIELDS
    )
    household_of = {"households": "id", "visits": "household_id", "disputes": "household_id"}
    marks = []
    for rows in ("new_rows", "old_rows"):
        branches = " ".join(
            f"{'IF' if i == 0 else 'ELSIF'} TG_TABLE_NAME = '{layer}' THEN "
            f"INSERT INTO {stale} SELECT DISTINCT {column} FROM {rows} WHERE {column} IS NOT NULL "
            "ON CONFLICT DO NOTHING;"
            for i, (layer, column) in enumerate(household_of.items())
        )
        follow_up = (
            f"IF TG_TABLE_NAME = 'visits' THEN INSERT INTO {stale} SELECT DISTINCT d.household_id FROM {rows} r "
            f"JOIN {table('disputes')} d ON d.id = r.dispute_id WHERE d.household_id IS NOT NULL "
            "ON CONFLICT DO NOTHING; END IF;"
        )
        marks.append(f"{branches} END IF; {follow_up}")
    statements = [
        f"CREATE TABLE {status} (\n  {columns},\n  PRIMARY KEY (household_id)\n)",
        f"CREATE TABLE {stale} (household_id uuid PRIMARY KEY)",
        f"""CREATE FUNCTION {SCHEMA}.mark_status_stale() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SCHEMA}, public AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN {marks[0]} END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN {marks[1]} END IF;
  RETURN NULL;
END $$""",
        # A grid's cycle sets its households' next visit; the key-person policy every key person's.
        f"""CREATE FUNCTION {SCHEMA}.mark_grid_households_stale() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SCHEMA}, public AS $$
BEGIN
  INSERT INTO {stale} SELECT h.id FROM {table("households")} h JOIN new_rows n ON n.id = h.grid_id
    JOIN old_rows o ON o.id = n.id WHERE o.visit_cycle_days IS DISTINCT FROM n.visit_cycle_days
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$""",
        f"""CREATE FUNCTION {SCHEMA}.mark_key_persons_stale() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {SCHEMA}, public AS $$
BEGIN
  INSERT INTO {stale} SELECT id FROM {table("households")} WHERE trim(coalesce(key_person, '')) <> ''
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$""",
        f"CREATE TRIGGER status_cycle AFTER UPDATE ON {table('grids')} REFERENCING NEW TABLE AS new_rows "
        f"OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.mark_grid_households_stale()",
        f"CREATE TRIGGER status_policy AFTER INSERT OR UPDATE ON {SCHEMA}.settings FOR EACH ROW "
        f"WHEN (NEW.key = '{KeyPersonCycles.setting}') EXECUTE FUNCTION {SCHEMA}.mark_key_persons_stale()",
        f"GRANT SELECT ON {status}, {stale} TO {', '.join(ROLE_GROUPS.values())}",
        f"GRANT INSERT, UPDATE, DELETE ON {status}, {stale} TO {ROLE_GROUPS['officer']}, {ROLE_GROUPS['chief']}",
        f"INSERT INTO {stale} SELECT id FROM {table('households')} ON CONFLICT DO NOTHING",
    ]
    for layer in STATUS_MARKED_BY:
        statements += [
            f"CREATE TRIGGER status_{event.lower()} AFTER {event} ON {table(layer)} "
            f"REFERENCING {rows} FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.mark_status_stale()"
            for event, rows in _TRANSITION_TABLES
        ]
    return statements
