"""The PostGIS project store on a real server: round trips, concurrent edits, roles, audit, live refresh."""

from __future__ import annotations

import itertools
import socket
import threading
import time
from datetime import UTC, datetime

import geopandas as gpd
import pandas as pd
import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from shapely import LineString, Point

from layers.errors import (
    ConflictError,
    InvalidValueError,
    NotAProjectError,
    PermissionDeniedError,
    RecordNotFoundError,
    WanggeError,
)
from layers.schema import LAYERS, FieldType
from layers.store import Change, ProjectStore, create_project, new_feature, open_project
from layers.store.postgis_admin import add_user, initialise
from tests.standard_data import BEIJING, STATION, add_standard_data

# Login roles are cluster-wide; add_user re-grants them for each test database.
REVIEWER, OFFICER, CHIEF = "wg_test_reviewer", "wg_test_officer", "wg_test_chief"
ROLES = {"reviewer": REVIEWER, "officer": OFFICER, "chief": CHIEF}
HOSTILE = [
    "'); DROP TABLE households;--",
    "x" * 100_000,
    "tab\tnewline\ncarriage\rbell\x07escape\x1b",
    "😀 马 \u202e reversed",
    "\"quoted\" 'single' \\ backslash \\N \\.",
]
_clones = itertools.count()
HOUSEHOLD_TEXT_FIELDS = [
    f.name
    for f in LAYERS["households"].fields
    if f.type is FieldType.TEXT and f.vocabulary is None and f.references is None and f.name != "id"
]


def load_standard_data(source: ProjectStore, url: str) -> None:
    """Copy the settings and every layer of ``source`` into the database, each layer after those it references."""
    with open_project(url) as target:
        for key, value in source.settings().items():
            target.set_setting(key, value)
        for layer in LAYERS:
            target.bulk_load(layer, source.read(layer))


@pytest.fixture(scope="module")
def station_template(postgis_cluster, tmp_path_factory):
    """The standard data and the test users in a database, loaded once and cloned for each test."""
    url = postgis_cluster.create_database("t_postgis_store_template")
    initialise(url)
    source = create_project(tmp_path_factory.mktemp("station") / "station.gpkg", STATION)
    standard = add_standard_data(source)
    load_standard_data(source, url)
    source.close()
    add_user(url, REVIEWER, "reviewer")
    add_user(url, OFFICER, "officer", ["YH-01"])
    add_user(url, CHIEF, "chief")
    return conninfo_to_dict(url)["dbname"], standard


@pytest.fixture
def station_db(station_template, postgis_cluster, request):
    """A fresh database with the standard data: (superuser URL, the standard features)."""
    template, standard = station_template
    name = f"t_{next(_clones)}_" + "".join(c if c.isalnum() else "_" for c in request.node.name.lower())[:50]
    with psycopg.connect(postgis_cluster.admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template)))
    return postgis_cluster.url(name), standard


@pytest.fixture
def users(station_db, postgis_cluster):
    """URLs of the station database as a reviewer, an officer of grid YH-01 and a chief."""
    database = conninfo_to_dict(station_db[0])["dbname"]
    return {role: postgis_cluster.url(database, name) for role, name in ROLES.items()}


def sql_as(url: str) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True)


def by_id(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("id").reset_index(drop=True)


def wait_for(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def without_timestamps(attributes) -> dict:
    return {name: value for name, value in attributes.items() if name not in ("created_at", "updated_at")}


def writes(table: str, record_id: str | None = None) -> list[tuple[str, tuple]]:
    """An INSERT, UPDATE and DELETE on ``table`` (of one record, or of every row)."""
    if table == "settings":
        return [
            ("INSERT INTO wangge.settings VALUES ('district', '海原县')", ()),
            ("UPDATE wangge.settings SET value = value", ()),
            ("DELETE FROM wangge.settings", ()),
        ]
    where, parameters = ("WHERE id = %s", (record_id,)) if record_id else ("", ())
    return [
        (f"INSERT INTO wangge.{table} (id) VALUES (gen_random_uuid())", ()),
        (f"UPDATE wangge.{table} SET version = version {where}", parameters),
        (f"DELETE FROM wangge.{table} {where}", parameters),
    ]


def new_visit_sql(household_id: str) -> tuple[str, tuple]:
    return (
        "INSERT INTO wangge.visits (id, created_at, updated_at, household_id, visited_at, officer) "
        "VALUES (gen_random_uuid(), now(), now(), %s, now(), '马文华')",
        (household_id,),
    )


# -- round trip ------------------------------------------------------------


def test_every_layer_reads_back_as_in_the_geopackage(make_project, postgis_url):
    source = make_project()
    load_standard_data(source, postgis_url)
    with open_project(postgis_url) as store:
        for layer, schema in LAYERS.items():
            expected, actual = by_id(source.read(layer)), by_id(store.read(layer))
            assert len(actual) == len(expected) > 0
            pd.testing.assert_frame_equal(actual, expected, obj=layer)  # geometries included, exactly
            if schema.is_spatial:  # which the frame comparison leaves out
                assert isinstance(actual, gpd.GeoDataFrame) and actual.crs == expected.crs


def test_get_returns_the_same_record_as_the_geopackage(make_project, postgis_url):
    source = make_project()
    load_standard_data(source, postgis_url)
    with open_project(postgis_url) as store:
        for feature in source.standard.values():
            mine, theirs = store.get(feature.layer, feature.id), source.get(feature.layer, feature.id)
            assert mine.attributes == theirs.attributes, feature.layer
            if theirs.geometry is None:
                assert mine.geometry is None
            else:
                assert mine.geometry.equals_exact(theirs.geometry, 1e-12)


def test_a_missing_record_is_not_found_whatever_its_id_looks_like(station_db):
    with open_project(station_db[0]) as store:
        for record_id in ("no-such-id", "00000000-0000-4000-8000-000000000000"):
            with pytest.raises(RecordNotFoundError):
                store.get("households", record_id)
            with pytest.raises(RecordNotFoundError):
                store.update("households", record_id, {"members": 1}, expected_version=1)
            with pytest.raises(RecordNotFoundError):
                store.delete("households", record_id, expected_version=1)


@pytest.mark.parametrize("grid_id", ["nope", "00000000-0000-4000-8000-000000000000"])
def test_a_reference_to_a_missing_record_is_refused_naming_the_field(station_db, grid_id):
    with open_project(station_db[0]) as store:
        with pytest.raises(InvalidValueError, match="no such record in layer 'grids'") as refused:
            store.insert(new_feature("households", Point(105.9, 36.9), house_no="9", head_name="王", grid_id=grid_id))
        assert (refused.value.params["layer"], refused.value.params["field"]) == ("households", "grid_id")
        assert store.count("households") == 3


# -- two sessions editing at once --------------------------------------------


def test_the_second_of_two_conflicting_edits_is_refused_and_the_first_kept(station_db):
    url, standard = station_db
    house = standard["house_2"]
    with open_project(url) as first, open_project(url) as second:
        first.update("households", house.id, {"members": 5}, expected_version=1)
        with pytest.raises(ConflictError) as conflict:
            second.update("households", house.id, {"members": 6}, expected_version=1)
        assert conflict.value.params == {"layer": "households", "record": house.id, "expected": 1, "actual": 2}
        assert "version 1" in str(conflict.value) and "version 2" in str(conflict.value)
        for store in (first, second):
            stored = store.get("households", house.id)
            assert (stored.version, stored["members"]) == (2, 5)


def test_an_edit_waiting_for_another_sessions_lock_is_refused_once_that_edit_commits(station_db):
    """Both edits run at the same time: the server makes the second wait, then it sees version 2."""
    url, standard = station_db
    house = standard["house_2"]
    outcome: list[BaseException | None] = []

    def second_edit(store: ProjectStore) -> None:
        try:
            store.update("households", house.id, {"members": 6}, expected_version=1)
            outcome.append(None)
        except BaseException as error:  # handed to the test's thread
            outcome.append(error)

    with open_project(url) as first, open_project(url) as second, sql_as(url) as watch:
        with first.edit():
            first.update("households", house.id, {"members": 5}, expected_version=1)
            thread = threading.Thread(target=second_edit, args=(second,))
            thread.start()
            assert wait_for(
                lambda: (
                    watch.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND wait_event_type = 'Lock'"
                    ).fetchone()[0]
                    == 1
                )
            ), "the second edit never waited for the first"
        thread.join(timeout=10)
        assert isinstance(outcome[0], ConflictError)
        assert (outcome[0].params["expected"], outcome[0].params["actual"]) == (1, 2)
        assert first.get("households", house.id)["members"] == 5


def test_edits_of_different_fields_with_the_right_versions_both_land(station_db):
    url, standard = station_db
    house = standard["house_2"]
    with open_project(url) as first, open_project(url) as second:
        first.update("households", house.id, {"members": 4}, expected_version=1)
        second.update("households", house.id, {"phone": "13900000000"}, expected_version=2)
        stored = first.get("households", house.id)
        assert (stored.version, stored["members"], stored["phone"]) == (3, 4, "13900000000")


def test_edits_of_different_records_from_two_sessions_both_land(station_db):
    url, standard = station_db
    one, two = standard["house_1"], standard["house_2"]
    with open_project(url) as first, open_project(url) as second:
        first.update("households", one.id, {"members": 7}, expected_version=1)
        second.update("households", two.id, {"members": 8}, expected_version=1)
        assert first.get("households", two.id)["members"] == 8
        assert second.get("households", one.id)["members"] == 7


def test_a_delete_against_an_old_version_is_refused(station_db):
    url, standard = station_db
    landmark = standard["police_office"]
    with open_project(url) as first, open_project(url) as second:
        first.update("landmarks", landmark.id, {"name": "新警务室"}, expected_version=1)
        with pytest.raises(ConflictError) as conflict:
            second.delete("landmarks", landmark.id, expected_version=1)
        assert (conflict.value.params["expected"], conflict.value.params["actual"]) == (1, 2)
        assert second.get("landmarks", landmark.id)["name"] == "新警务室"


def test_an_edit_of_a_record_deleted_meanwhile_says_it_is_gone(station_db):
    url, standard = station_db
    road = standard["road"]
    with open_project(url) as first, open_project(url) as second:
        first.delete("roads", road.id, expected_version=1)
        with pytest.raises(RecordNotFoundError):
            second.update("roads", road.id, {"name": "x"}, expected_version=1)
        assert second.count("roads") == 0


def test_the_server_bumps_the_version_even_for_an_update_made_outside_wangge(station_db):
    url, standard = station_db
    house = standard["house_2"]
    with sql_as(url) as raw:
        # Someone in psql even tries to keep the version and backdate the change: the trigger decides.
        raw.execute(
            "UPDATE wangge.households SET members = 9, version = 1, "
            "updated_at = '2000-01-01T00:00Z', created_at = '2000-01-01T00:00Z' WHERE id = %s",
            (house.id,),
        )
    with open_project(url) as store:
        stored = store.get("households", house.id)
        assert (stored.version, stored["members"]) == (2, 9)
        assert stored["updated_at"] > house["updated_at"]
        assert stored["created_at"] == house["created_at"]
        with pytest.raises(ConflictError) as conflict:
            store.update("households", house.id, {"members": 3}, expected_version=1)
        assert conflict.value.params["actual"] == 2
        assert store.get("households", house.id)["members"] == 9


# -- roles, enforced by the server ---------------------------------------------


def test_a_reviewer_reads_every_layer_and_the_server_refuses_all_his_writes(station_db, users):
    url, standard = station_db
    counts = {layer: sum(f.layer == layer for f in standard.values()) for layer in LAYERS}
    with sql_as(users["reviewer"]) as db:
        for layer in LAYERS:
            assert db.execute(f"SELECT count(*) FROM wangge.{layer}").fetchone()[0] == counts[layer]
        # Refused for want of privileges, before row-level security is even consulted.
        targets = [(f.layer, f.id) for f in standard.values()] + [("settings", None)]
        for table, record_id in targets:
            for statement, parameters in writes(table, record_id):
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match=f"permission denied for table {table}"):
                    db.execute(statement, parameters)
    with open_project(url) as store:
        assert all(store.get(f.layer, f.id).version == 1 for f in standard.values())


def test_an_officer_writes_households_and_visits_of_his_own_grids_only(station_db, users):
    url, standard = station_db
    mine, theirs = standard["house_1"], standard["house_3"]
    with sql_as(users["officer"]) as db:
        assert db.execute("UPDATE wangge.households SET members = 4 WHERE id = %s", (mine.id,)).rowcount == 1
        assert db.execute(*new_visit_sql(mine.id)).rowcount == 1
        # Row-level security hides the other grid's rows from his writes: nothing matches, nothing changes.
        assert db.execute("UPDATE wangge.households SET members = 4 WHERE id = %s", (theirs.id,)).rowcount == 0
        assert db.execute("DELETE FROM wangge.visits WHERE id = %s", (standard["visit_2"].id,)).rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            db.execute(*new_visit_sql(theirs.id))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            db.execute(
                "INSERT INTO wangge.disputes (id, created_at, updated_at, household_id, grid_id, reported_at, "
                "grade, kind) VALUES (gen_random_uuid(), now(), now(), %s, %s, now(), 'green', 'family')",
                (theirs.id, standard["grid_b"].id),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            db.execute(  # nor can he hand his household over to another grid
                "UPDATE wangge.households SET grid_id = %s WHERE id = %s", (standard["grid_b"].id, mine.id)
            )
        for table in ("grids", "sketches", "landmarks", "roads", "officers", "sketch_control_points", "settings"):
            for statement, parameters in writes(table):
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match=f"permission denied for table {table}"):
                    db.execute(statement, parameters)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied for table user_grids"):
            db.execute(  # nor give himself more grids
                "INSERT INTO wangge.user_grids VALUES (%s, %s)", (OFFICER, standard["grid_b"].id)
            )
    with open_project(url) as store:
        assert store.get("households", mine.id)["members"] == 4
        assert store.get("households", theirs.id).version == 1
        assert store.count("visits") == 3 and store.count("disputes") == 2


def test_a_chief_writes_every_layer_and_the_settings(station_db, users):
    url, standard = station_db
    with sql_as(users["chief"]) as db:
        for feature in standard.values():
            updated = db.execute(f"UPDATE wangge.{feature.layer} SET version = version WHERE id = %s", (feature.id,))
            assert updated.rowcount == 1, feature.layer
        assert db.execute(*new_visit_sql(standard["house_3"].id)).rowcount == 1
        deleted = db.execute("DELETE FROM wangge.visits WHERE id = %s", (standard["visit_2"].id,))
        assert deleted.rowcount == 1
        assert db.execute("DELETE FROM wangge.roads").rowcount == 1
        assert db.execute("UPDATE wangge.settings SET value = 'Asia/Urumqi' WHERE key = 'timezone'").rowcount == 1
        assert db.execute("INSERT INTO wangge.settings VALUES ('district', '海原县')").rowcount == 1
    with open_project(url) as store:
        assert store.get("grids", standard["grid_b"].id).version == 2
        assert store.settings()["timezone"] == "Asia/Urumqi"


def test_a_refused_edit_names_the_user_and_the_layer(station_db, users):
    url, standard = station_db
    grid, theirs = standard["grid_a"], standard["house_3"]
    with open_project(users["reviewer"]) as store:
        with pytest.raises(PermissionDeniedError) as refused:
            store.update("grids", grid.id, {"name": "改名"}, expected_version=1)
        assert REVIEWER in str(refused.value) and "'grids'" in str(refused.value)
        with pytest.raises(PermissionDeniedError, match=f"'roads'.*{REVIEWER}"):
            store.delete("roads", standard["road"].id, expected_version=1)
        with pytest.raises(PermissionDeniedError, match=f"'roads'.*{REVIEWER}"):
            store.bulk_load(
                "roads", gpd.GeoDataFrame({"kind": ["lane"]}, geometry=[LineString([(105.9, 36.9), (105.91, 36.9)])])
            )
    with open_project(users["officer"]) as store:
        with pytest.raises(PermissionDeniedError) as refused:
            store.update("households", theirs.id, {"members": 4}, expected_version=1)
        assert refused.value.params["user"] == OFFICER and refused.value.params["layer"] == "households"
        assert "outside the grids" in str(refused.value)
        with pytest.raises(PermissionDeniedError, match=f"'visits'.*{OFFICER}"):
            store.insert(
                new_feature("visits", None, household_id=theirs.id, visited_at=datetime.now(UTC), officer="马")
            )
        with pytest.raises(PermissionDeniedError, match=f"'settings'.*{OFFICER}"):
            store.set_setting("station", "别的所")
        # The refusals rolled back cleanly: the same connection still edits its own grid.
        assert store.update("households", standard["house_1"].id, {"members": 2}, expected_version=1).version == 2
    with open_project(url) as store:
        assert store.get("grids", grid.id)["name"] == grid["name"]
        assert store.get("households", theirs.id).version == 1
        assert store.count("roads") == 1 and store.count("visits") == 2
        assert store.settings()["station"] == "豫海派出所"


# -- audit -------------------------------------------------------------------


def audit_rows(url: str, who: str) -> list[tuple]:
    with sql_as(url) as db:
        return db.execute(
            "SELECT layer, record::text, action, old_values, new_values FROM wangge.audit WHERE who = %s ORDER BY id",
            (who,),
        ).fetchall()


def test_every_edit_is_audited_with_the_session_user_and_the_values(station_db, users):
    url, standard = station_db
    loaded = audit_rows(url, "postgres")
    assert sorted(row[1] for row in loaded) == sorted(f.id for f in standard.values())
    assert {row[2] for row in loaded} == {"insert"}
    sketch = [row for row in loaded if row[0] == "sketches"][0]
    assert "image" not in sketch[4] and sketch[4]["title"] == "犁铧嘴村网格图"  # no photos in the audit

    house = standard["house_2"]
    with open_project(users["chief"]) as store:
        store.update("households", house.id, {"members": 5}, expected_version=1)
        road = store.insert(new_feature("roads", LineString([(105.90, 36.907), (105.91, 36.907)]), kind="lane"))
        store.delete("roads", road.id, expected_version=1)
    with sql_as(users["officer"]) as db:
        db.execute("UPDATE wangge.households SET notes = '已走访' WHERE id = %s", (standard["house_1"].id,))

    chief = audit_rows(url, CHIEF)
    assert [row[:3] for row in chief] == [
        ("households", house.id, "update"),
        ("roads", road.id, "insert"),
        ("roads", road.id, "delete"),
    ]
    (_, _, _, old, new), (_, _, _, no_old, inserted), (_, _, _, removed, no_new) = chief
    assert (old["members"], old["version"], new["members"], new["version"]) == (1, 1, 5, 2)
    assert no_old is None and inserted["kind"] == "lane" and inserted["id"] == road.id
    assert removed["kind"] == "lane" and no_new is None
    [(layer, record, action, old, new)] = audit_rows(url, OFFICER)
    assert (layer, record, action) == ("households", standard["house_1"].id, "update")
    assert (old["notes"], new["notes"]) == (None, "已走访")


def test_no_app_role_can_change_the_audit_and_an_officer_cannot_read_it(station_db, users):
    url, _ = station_db
    with sql_as(url) as db:
        before = db.execute("SELECT count(*), max(id) FROM wangge.audit").fetchone()
    for role, role_url in users.items():
        with sql_as(role_url) as db:
            for statement in (
                "UPDATE wangge.audit SET who = 'nobody'",
                "DELETE FROM wangge.audit",
                "TRUNCATE wangge.audit",
                "INSERT INTO wangge.audit (who, layer, record, action) "
                "VALUES ('nobody', 'households', gen_random_uuid(), 'update')",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied for table audit"):
                    db.execute(statement)
            if role == "officer":
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied for table audit"):
                    db.execute("SELECT * FROM wangge.audit")
            else:
                assert db.execute("SELECT count(*) FROM wangge.audit").fetchone()[0] == before[0]
    with sql_as(url) as db:
        assert db.execute("SELECT count(*), max(id) FROM wangge.audit").fetchone() == before


# -- hostile text ----------------------------------------------------------------


def test_hostile_text_is_stored_and_read_back_unchanged_on_both_backends(make_project, station_db):
    url, _ = station_db
    gpkg = make_project(with_data=False)
    features = [
        new_feature("households", Point(105.9, 36.9), **{name: text for name in HOUSEHOLD_TEXT_FIELDS})
        for text in HOSTILE
    ]
    with open_project(url) as postgis:
        for store in (postgis, gpkg):
            for feature in features:
                store.insert(feature)
            frame = store.read("households").set_index("id")
            for text, feature in zip(HOSTILE, features):
                stored = store.get("households", feature.id)
                assert {name: stored[name] for name in HOUSEHOLD_TEXT_FIELDS} == dict.fromkeys(
                    HOUSEHOLD_TEXT_FIELDS, text
                ), store.location
                assert frame.loc[feature.id, HOUSEHOLD_TEXT_FIELDS].tolist() == [text] * len(HOUSEHOLD_TEXT_FIELDS)
        for feature in features:
            # Both keep every character; only the timestamps' precision differs (microseconds, milliseconds).
            mine, theirs = postgis.get("households", feature.id), gpkg.get("households", feature.id)
            assert without_timestamps(mine.attributes) == without_timestamps(theirs.attributes)
        assert postgis.count("households") == 3 + len(HOSTILE)


def test_hostile_text_survives_a_bulk_load(station_db):
    """Bulk loads go through COPY, whose text format gives tabs, newlines and backslashes a meaning."""
    frame = gpd.GeoDataFrame(
        {name: HOSTILE for name in HOUSEHOLD_TEXT_FIELDS}, geometry=[Point(105.9, 36.9)] * len(HOSTILE)
    )
    with open_project(station_db[0]) as store:
        assert store.bulk_load("households", frame) == len(HOSTILE)
        stored = store.read("households").set_index("house_no", drop=False).loc[HOSTILE]
        for name in HOUSEHOLD_TEXT_FIELDS:
            assert stored[name].tolist() == HOSTILE


@pytest.mark.parametrize("how", ["insert", "update", "bulk_load"])
def test_a_nul_character_is_refused_naming_the_field_and_nothing_is_written(station_db, how):
    """PostgreSQL text cannot hold NUL: the user must learn which field, not see a driver error."""
    url, standard = station_db
    house = standard["house_2"]
    with open_project(url) as store:
        with pytest.raises(WanggeError) as refused:
            if how == "insert":
                store.insert(
                    new_feature("households", Point(105.9, 36.9), house_no="2", head_name="王", notes="a\x00b")
                )
            elif how == "update":
                store.update("households", house.id, {"notes": "a\x00b"}, expected_version=1)
            else:
                frame = gpd.GeoDataFrame(
                    {"house_no": ["2"], "head_name": ["王"], "notes": ["a\x00b"]}, geometry=[Point(105.9, 36.9)]
                )
                store.bulk_load("households", frame)
        assert "notes" in str(refused.value)
        assert store.count("households") == 3
        assert store.get("households", house.id).version == 1


# -- live refresh ------------------------------------------------------------------


def test_a_listening_store_hears_other_sessions_edits_but_not_its_own(station_db):
    url, standard = station_db
    one, two = standard["house_1"], standard["house_2"]
    watcher, other = open_project(url), open_project(url)
    heard: list[Change] = []
    try:
        watcher.changed.connect(heard.append)
        watcher.listen()
        other.update("households", one.id, {"members": 2}, expected_version=1)
        assert wait_for(lambda: len(heard) >= 1), "no change arrived from the other session"
        assert heard == [Change("households", updated=(one.id,))]

        watcher.update("households", two.id, {"members": 2}, expected_version=1)
        assert heard[1:] == [Change("households", updated=(two.id,))]  # once, from the edit itself

        visit = other.insert(
            new_feature("visits", None, household_id=two.id, visited_at=datetime.now(BEIJING), officer="马")
        )
        other.delete("visits", visit.id, expected_version=1)
        # Notifications arrive in commit order: had the watcher's own edit come back, it would come first.
        assert wait_for(lambda: len(heard) >= 4), heard
        assert heard[2:] == [Change("visits", inserted=(visit.id,)), Change("visits", deleted=(visit.id,))]
    finally:
        watcher.close()
        other.close()
    assert not [thread for thread in threading.enumerate() if thread.name == "wangge-listen"]


# -- opening -----------------------------------------------------------------------


def test_a_database_without_the_schema_says_how_to_initialise_it(postgis_cluster):
    with pytest.raises(NotAProjectError, match="wangge db init"):
        open_project(postgis_cluster.url("postgres"))


def test_a_server_that_is_not_there_is_a_one_line_error(postgis_cluster):
    with socket.socket() as nobody_listens:
        nobody_listens.bind(("127.0.0.1", 0))
        port = nobody_listens.getsockname()[1]
        with pytest.raises(NotAProjectError, match="cannot connect") as refused:
            open_project(f"postgresql://postgres@127.0.0.1:{port}/postgres")
    assert "\n" not in str(refused.value)


def test_a_malformed_url_is_a_one_line_error(postgis_cluster):
    with pytest.raises(NotAProjectError) as refused:
        open_project(f"postgresql://ma:s3cret@127.0.0.1:{postgis_cluster.port}/postgres?sslmod=require")
    assert "\n" not in str(refused.value) and "s3cret" not in str(refused.value)


@pytest.mark.parametrize(
    "template",
    [
        "postgresql://{user}:s3cret@127.0.0.1:{port}/{database}",
        "postgresql://{user}@127.0.0.1:{port}/{database}?password=s3cret",
    ],
)
def test_the_password_never_shows(postgis_cluster, station_db, template):
    database, port = conninfo_to_dict(station_db[0])["dbname"], postgis_cluster.port
    add_user(station_db[0], "ma", "reviewer")  # the test server trusts loopback: any password is accepted
    with open_project(template.format(user="ma", port=port, database=database)) as store:
        assert store.location == f"postgresql://ma@127.0.0.1:{port}/{database}"
        with pytest.raises(PermissionDeniedError) as refused:
            store.set_setting("station", "x")
        assert "s3cret" not in str(refused.value)
    with socket.socket() as nobody_listens:
        nobody_listens.bind(("127.0.0.1", 0))
        for user, port_, database_ in [
            ("ma", nobody_listens.getsockname()[1], database),  # no server there
            ("ma", port, "postgres"),  # no Wangge schema
            ("ma", port, "no_such_database"),
            ("nobody", port, database),  # no such user
        ]:
            with pytest.raises(NotAProjectError) as refused:
                open_project(template.format(user=user, port=port_, database=database_))
            assert "s3cret" not in str(refused.value) and "s3cret" not in repr(refused.value.params)
