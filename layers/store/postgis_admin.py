"""Setting up a shared station database: schema, roles and users.

Run by the database owner (``wangge db init``, ``wangge db add-user``). Users
are PostgreSQL login roles in one of the groups reviewer, officer or chief;
an officer's grids are listed in ``wangge.user_grids`` and the row-level
security policies read them. Passwords are never set or stored here: the
administrator gives them with ``psql`` (``\\password NAME``) or uses the
server's other authentication methods.
"""

from __future__ import annotations

from psycopg import sql

from layers.errors import InvalidValueError, UnknownGridError
from layers.store import postgis_schema as ddl
from layers.store.postgis import MIGRATIONS, PostGISStore, connect, schema_version_of


def initialise(url: str) -> list[int]:
    """Create (or bring up to date) the Wangge schema in the database at ``url``; returns versions applied.

    All pending migrations run in one transaction: a failure leaves the database as it was.
    """
    with connect(url) as connection:
        current = schema_version_of(connection)
        applied = []
        for version, description, statements in MIGRATIONS:
            if version <= current:
                continue
            for statement in statements():
                connection.execute(statement)
            connection.execute(
                f"INSERT INTO {ddl.SCHEMA}.schema_version VALUES (%s, %s, now())", (version, description)
            )
            applied.append(version)
    if applied:  # a migration may have marked households whose status it could not compute in SQL
        with PostGISStore.open(url) as store:
            store.refresh_household_status()
    return applied


def add_user(url: str, name: str, role: str, grid_codes: list[str] | None = None) -> list[str]:
    """Create (or update) login role ``name`` in ``role``'s group; for officers, set his grids.

    Returns the grid codes the user may edit. An unknown grid code is refused by name.
    """
    if role not in ddl.ROLE_GROUPS:
        raise InvalidValueError(
            layer="users", record=name, field="role", value=role, reason=f"must be one of: {', '.join(ddl.ROLE_GROUPS)}"
        )
    with connect(url) as connection:
        if schema_version_of(connection) == 0:
            raise InvalidValueError(
                layer="users",
                record=name,
                field="url",
                value=url.split("@")[-1],
                reason="no Wangge schema here; run wangge db init first",
            )
        exists = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))
        for group in ddl.ROLE_GROUPS.values():
            connection.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), sql.Identifier(name)))
        connection.execute(
            sql.SQL("GRANT {} TO {}").format(sql.Identifier(ddl.ROLE_GROUPS[role]), sql.Identifier(name))
        )
        connection.execute(f"DELETE FROM {ddl.SCHEMA}.user_grids WHERE username = %s", (name,))
        codes = list(grid_codes or []) if role == "officer" else []
        for code in codes:
            found = connection.execute(f"SELECT id FROM {ddl.table('grids')} WHERE code = %s", (code,)).fetchone()
            if found is None:
                raise UnknownGridError(code=code)
            connection.execute(f"INSERT INTO {ddl.SCHEMA}.user_grids VALUES (%s, %s)", (name, found[0]))
    return codes
