"""Tiny standard data: two grids, a handful of households, visits and disputes.

Small enough to reason about by hand, real enough to exercise every layer.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from shapely import LineString, Point, Polygon

from layers.store import Feature, ProjectStore, new_feature

BEIJING = timezone(timedelta(hours=8))
ONE_PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a2b1d6a70000000049454e44ae426082"
)
STATION = "豫海派出所"


def add_standard_data(store: ProjectStore) -> dict[str, Feature]:
    """Insert the standard records one edit each; returns them by a short name."""
    f: dict[str, Feature] = {}
    f["grid_a"] = store.insert(
        new_feature(
            "grids",
            Polygon([(105.90, 36.90), (105.91, 36.90), (105.91, 36.91), (105.90, 36.91)]),
            code="YH-01",
            name="犁铧嘴村一组",
            station=STATION,
            officer="马文华",
            auxiliary="杨平",
            phone="0953-8012345",
        )
    )
    f["grid_b"] = store.insert(
        new_feature(
            "grids",
            Polygon([(105.91, 36.90), (105.92, 36.90), (105.92, 36.91), (105.91, 36.91)]),
            code="YH-02",
            name="犁铧嘴村二组",
            station=STATION,
            officer="丁海",
            visit_cycle_days=60,
        )
    )
    f["house_1"] = store.insert(
        new_feature(
            "households",
            Point(105.905, 36.905),
            house_no="1",
            head_name="张文华",
            members=3,
            phone="13812341234",
            id_number="640324195001011234",
            grid_id=f["grid_a"].id,
            key_person="elderly_alone",
            anti_fraud_app=True,
            located_by="gps",
        )
    )
    f["house_2"] = store.insert(
        new_feature("households", Point(105.906, 36.904), house_no="2", head_name="李秀兰", grid_id=f["grid_a"].id)
    )
    f["house_3"] = store.insert(
        new_feature(
            "households", Point(105.915, 36.905), house_no="3", head_name="马福", grid_id=f["grid_b"].id, camera=True
        )
    )
    f["visit_1"] = store.insert(
        new_feature(
            "visits",
            Point(105.905, 36.905),
            household_id=f["house_1"].id,
            visited_at=datetime(2026, 3, 31, 23, 59, tzinfo=BEIJING),
            officer="马文华",
            purpose="key_person",
        )
    )
    f["visit_2"] = store.insert(
        new_feature(
            "visits",
            None,
            household_id=f["house_3"].id,
            visited_at=datetime(2026, 4, 2, 10, 0, tzinfo=BEIJING),
            officer="丁海",
            purpose="anti_fraud",
            app_installed=True,
            loss_prevented_yuan=12000.0,
        )
    )
    f["dispute_1"] = store.insert(
        new_feature(
            "disputes",
            Point(105.906, 36.904),
            household_id=f["house_2"].id,
            grid_id=f["grid_a"].id,
            reported_at=datetime(2026, 3, 1, 9, 30, tzinfo=BEIJING),
            grade="red",
            status="open",
            level="county",
            kind="land",
            parties="李秀兰 与 王建国",
            summary="宅基地边界争议",
        )
    )
    f["dispute_2"] = store.insert(
        new_feature(
            "disputes",
            Point(105.915, 36.905),
            household_id=f["house_3"].id,
            grid_id=f["grid_b"].id,
            reported_at=datetime(2026, 2, 1, 9, 30, tzinfo=BEIJING),
            grade="green",
            status="resolved",
            kind="neighbour",
            agreement_signed=True,
            resolved_at=datetime(2026, 2, 3, 16, 0, tzinfo=BEIJING),
            followup_due=date(2026, 2, 18),
        )
    )
    f["police_office"] = store.insert(
        new_feature(
            "landmarks", Point(105.908, 36.906), kind="police_office", name="犁铧嘴警务室", grid_id=f["grid_a"].id
        )
    )
    f["road"] = store.insert(
        new_feature("roads", LineString([(105.90, 36.9055), (105.92, 36.9055)]), kind="main", name="乡道")
    )
    f["officer"] = store.insert(new_feature("officers", name="马文华", role="community_officer", station=STATION))
    f["sketch"] = store.insert(
        new_feature(
            "sketches",
            title="犁铧嘴村网格图",
            grid_id=f["grid_a"].id,
            image=ONE_PIXEL_PNG,
            image_format="PNG",
            width=1,
            height=1,
        )
    )
    f["control_point"] = store.insert(
        new_feature(
            "sketch_control_points",
            Point(105.908, 36.906),
            sketch_id=f["sketch"].id,
            sketch_x=0.5,
            sketch_y=0.5,
            label="警务室",
        )
    )
    f["printed_sheet"] = store.insert(
        new_feature(
            "printed_sheets",
            sheet_id="ABCDEFGHIJ",
            printed_at=datetime(2026, 11, 20, 2, 0, tzinfo=UTC),
            document="grid_sheet",
            grid_code="YH-01",
            page=1,
            paper="A4",
            map_frame_mm="[10.0, 30.0, 190.0, 155.0]",
            extent="[580000.0, 4085000.0, 581000.0, 4085800.0]",
            crs="EPSG:32648",
            markers_mm='{"0": [11.5, 31.5, 8.0], "1": [190.5, 31.5, 8.0], "2": [190.5, 175.5, 8.0], '
            '"3": [11.5, 175.5, 8.0], "qr": [172.5, 168.5, 15.0]}',
            page_image=ONE_PIXEL_PNG,
        )
    )
    f["field_photo"] = store.insert(
        new_feature(
            "field_photos",
            sheet_id="ABCDEFGHIJ",
            read_at=datetime(2026, 11, 21, 8, 0, tzinfo=UTC),
            image=ONE_PIXEL_PNG,
            image_format="PNG",
            width=1,
            height=1,
        )
    )
    f["field_mark"] = store.insert(
        new_feature(
            "field_marks",
            Point(105.906, 36.905),
            colour="red",
            shape="dot",
            sheet_id="ABCDEFGHIJ",
            photo_id=f["field_photo"].id,
            paper_x_mm=60.0,
            paper_y_mm=80.0,
        )
    )
    return f


def damage_geometries(path, layer: str) -> None:
    """Overwrite every geometry of ``layer`` in the project file at ``path`` with half-written bytes.

    The R-tree triggers go first: they would refuse the bytes, as any writer but a crash would.
    """
    import sqlite3

    db = sqlite3.connect(path)
    for (trigger,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (layer,)):
        db.execute(f'DROP TRIGGER "{trigger}"')
    db.execute(f"UPDATE \"{layer}\" SET geom = X'4750000100000000deadbeef' WHERE geom IS NOT NULL")
    db.commit()
    db.close()
