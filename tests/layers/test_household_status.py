"""The household status kept by the store: right for the demo village, kept through edits of other programs and
through migrations, and read without a single visit."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime

import pandas as pd
import psycopg

from layers.assessment.dashboard_figures import dashboard_figures, read_for_dashboard
from layers.assessment.monthly import figures_table, month_period
from layers.household_status import summarise_grids
from layers.store import GeoPackageStore, gpkg_geometry, new_feature, open_project
from layers.store.migrations import MIGRATIONS
from layers.store.offline import push
from layers.visit_cycles import KeyPersonCycles
from layers.vocabulary import Grade
from tests.household_status_recount import assert_status_kept, comparable, recount


def test_the_demo_village_keeps_every_households_status(demo_village_path):
    with GeoPackageStore.open(demo_village_path) as store:
        assert_status_kept(store)
        status = store.household_status()
    assert len(status) == 570
    assert status["last_visit"].notna().sum() > 400, "a year of visits leaves few households never visited"
    assert set(status["hardest_open_grade"].dropna()) <= {grade.value for grade in Grade}
    assert status["open_disputes"].sum() > 0


def test_reading_the_status_reads_no_visit(make_project):
    store = make_project()
    read = []
    store._db.set_trace_callback(read.append)
    store.household_status()
    store._db.set_trace_callback(None)
    assert read and not any("visits" in statement for statement in read), read


def test_an_edit_by_another_program_is_counted_when_read_and_kept_at_the_next_edit(make_project, tmp_path):
    store = make_project()
    house = store.standard["house_2"]
    store.close()
    path = tmp_path / "station.gpkg"
    with sqlite3.connect(path) as qgis:  # as QGIS or QField writes a visit: its own SQL, its local time
        gpkg_geometry.register_functions(qgis)  # the R-tree triggers' functions, which GDAL provides
        qgis.execute(
            "INSERT INTO visits (id, household_id, visited_at, officer, purpose, outcome, app_installed, "
            "camera_installed, version) VALUES ('v-from-qgis', ?, '2026-11-20T09:30:00', '马文华', 'routine', 'met', "
            "0, 0, 1)",
            (house.id,),
        )
    before = path.read_bytes()
    with GeoPackageStore.open(path) as reader:
        assert reader.households_out_of_date() == [house.id]
        status = reader.household_status().set_index("household_id")
        assert status.loc[house.id, "last_visit"] == datetime(2026, 11, 20, 1, 30, tzinfo=UTC)  # Beijing time
        assert comparable(reader.household_status()) == comparable(recount(reader))
    assert path.read_bytes() == before, "reading the status wrote to the file"
    with GeoPackageStore.open(path) as editor:
        editor.set_setting("note", "an edit")
        assert_status_kept(editor)


def test_a_file_from_before_the_kept_status_gains_it(make_project, tmp_path):
    store = make_project()
    store.insert(new_feature("visits", None, household_id=store.standard["house_2"].id,
                             visited_at=datetime(2026, 5, 1, tzinfo=UTC), officer="马文华"))  # fmt: skip
    store.close()
    path = tmp_path / "station.gpkg"
    with sqlite3.connect(path) as connection:  # as an older Wangge left it
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE name LIKE 'wangge_status_%'"):
            connection.execute(f'DROP TRIGGER "{name}"')
        connection.execute("DROP TABLE household_status")
        connection.execute("DROP TABLE household_status_stale")
        connection.execute("DELETE FROM wangge_schema_version WHERE version >= 9")  # the table and its index
    old = tmp_path / "old.gpkg"
    shutil.copy(path, old)
    with GeoPackageStore.open(old) as reader:  # migrated in memory: computed, the file untouched
        assert comparable(reader.household_status()) == comparable(recount(reader))
    assert old.read_bytes() == path.read_bytes()
    with GeoPackageStore.open(old) as editor:
        editor.set_setting("note", "first edit")
        assert editor.schema_version() == len(MIGRATIONS)
        assert_status_kept(editor)


def test_a_visit_added_on_the_server_in_sql_is_kept_at_the_next_edit(make_project, postgis_url):
    with open_project(postgis_url) as server:
        push(make_project(), server)
        house = server.read("households", columns=["id", "house_no"]).set_index("house_no").loc["3", "id"]
        assert_status_kept(server)
    with psycopg.connect(postgis_url, autocommit=True) as connection:  # QGIS on the shared database
        connection.execute(
            "INSERT INTO wangge.visits (household_id, visited_at, officer) VALUES (%s, '2026-11-21T10:00+08', '丁海')",
            (house,),
        )
    with open_project(postgis_url) as server:
        assert server.households_out_of_date() == [house]
        assert comparable(server.household_status()) == comparable(recount(server))
        server.set_setting("note", "an edit")
        assert_status_kept(server)


def test_the_status_of_the_households_in_an_extent_is_read_by_the_spatial_index(make_project):
    store = make_project()
    west = store.household_status(bbox=(105.90, 36.90, 105.91, 36.91))
    houses = {store.standard[name].id for name in ("house_1", "house_2")}
    assert set(west["household_id"]) == houses
    assert len(store.household_status(bbox=(100.0, 30.0, 100.1, 30.1))) == 0


def _counted_by_the_database_and_by_frames(store, as_of) -> pd.DataFrame:
    summary = store.grid_summaries(as_of)
    households = store.read("households", columns=["id", "grid_id", "key_person"])
    disputes = store.read("disputes", columns=["household_id", "grid_id", "grade", "status"])
    by_frames = summarise_grids(households, store.household_status(), disputes, pd.Timestamp(as_of))
    key = ["grid_id"]
    assert (
        summary.sort_values(key, na_position="first")
        .reset_index(drop=True)
        .equals(by_frames.sort_values(key, na_position="first").reset_index(drop=True))
    )
    return summary


def test_the_overview_counts_each_grid_as_the_dashboard_and_the_bulletin_do(demo_village_path):
    month = month_period("2026-11")
    with GeoPackageStore.open(demo_village_path) as store:
        summary = _counted_by_the_database_and_by_frames(store, month.end)
        summary = summary.dropna(subset=["grid_id"]).set_index("grid_id")
        cycles = KeyPersonCycles.from_settings(store.settings())
        data = read_for_dashboard(store, month.end, cycles)  # the dashboard's reading: the visits that decide
    dashboard = dashboard_figures(data, cycles=cycles).by_grid.counts.loc[summary.index]
    bulletin = figures_table(month, data.grids, data.households, data.disputes, data.visits, cycles=cycles)
    bulletin = bulletin.loc[summary.index]
    assert summary["households"].sum() == 570
    assert summary["in_cycle"].tolist() == dashboard["in_cycle"].tolist()
    assert summary["key_persons_overdue"].tolist() == dashboard["key_persons_overdue"].tolist()
    assert summary["key_persons_overdue"].tolist() == bulletin["key_persons_overdue"].tolist()
    assert summary["households"].tolist() == bulletin["households"].tolist()
    for grade in Grade:
        assert summary[f"open_{grade.value}"].tolist() == bulletin[f"disputes_open.{grade.value}"].tolist(), grade
    assert summary[[f"open_{grade.value}" for grade in Grade]].to_numpy().sum() > 0


def test_the_server_counts_each_grid_as_the_file_does(make_project, postgis_url):
    local = make_project()
    as_of = datetime(2026, 4, 20, tzinfo=UTC)
    in_file = _counted_by_the_database_and_by_frames(local, as_of)
    with open_project(postgis_url) as server:
        push(local, server)
        on_server = _counted_by_the_database_and_by_frames(server, as_of)
    assert (
        on_server.sort_values("grid_id")
        .reset_index(drop=True)
        .equals(in_file.sort_values("grid_id").reset_index(drop=True))
    )
    assert in_file["in_cycle"].sum() > 0 and in_file["open_red"].sum() == 1


def test_the_status_of_chosen_households_is_theirs_on_both_backends(make_project, postgis_url):
    local = make_project()
    chosen = [local.standard["house_1"].id, local.standard["house_3"].id]
    with open_project(postgis_url) as server:
        push(local, server)
        for store in (local, server):
            every = comparable(store.household_status())
            some = comparable(store.household_status(households=chosen))
            assert some == [row for row in every if row["household_id"] in chosen]
