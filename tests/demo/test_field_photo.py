import io

import cv2
import numpy as np
import pytest
from PIL import Image, ImageOps

from demo.field_photo import (
    CameraShot,
    PenMark,
    circle_marks,
    draw_pen_marks,
    not_a_sheet_photo,
    photograph_sheet,
    random_pen_marks,
)

PX_PER_MM = 8.0
A4 = (210.0, 297.0)
SQUARE_MM = 3.0
TARGETS_MM = np.array(
    [[40, 50], [170, 50], [105, 148.5], [40, 250], [170, 250], [105, 22], [60, 200]], float
)  # 10 mm from grey lines
MARKER_MM = 20.0
MARKERS_AT_MM = {0: (10.0, 10.0), 1: (180.0, 10.0), 2: (180.0, 267.0), 3: (10.0, 267.0)}
EXACT = dict(megapixels=5, blur_px=0.0, noise=0.0, jpeg_quality=None)  # nothing between the geometry and the pixels
QUICK = dict(megapixels=2)  # where the photo's size does not matter
INK_SHOTS = [
    CameraShot(megapixels=2),
    CameraShot(megapixels=2, tilt_deg=28, rotation_deg=200, light=0.8, noise=4, blur_px=1.5, jpeg_quality=75),
]


def mm(value: float) -> int:
    return round(value * PX_PER_MM)


def printed_page(squares_mm: np.ndarray = TARGETS_MM) -> np.ndarray:
    """A4 at 8 px/mm as a printer makes it: grey grid lines, black corner squares and small black target squares."""
    page = np.full((mm(A4[1]), mm(A4[0]), 3), 255, np.uint8)
    for y in range(10, 290, 25):  # grey lines clear of the target squares
        cv2.line(page, (0, mm(y)), (page.shape[1], mm(y)), (120, 120, 120), 2)
    for x, y in ((5, 5), (195, 5), (5, 282), (195, 282)):
        page[mm(y) : mm(y + 10), mm(x) : mm(x + 10)] = 0
    for x, y in squares_mm:
        half = SQUARE_MM / 2
        page[mm(y - half) : mm(y + half), mm(x - half) : mm(x + half)] = 0
    return page


def blank_page() -> np.ndarray:
    return np.full((mm(A4[1]), mm(A4[0]), 3), 255, np.uint8)


def upright(photo) -> np.ndarray:
    """The photo as a viewer shows it, RGB: the stored pixels turned by their EXIF orientation."""
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(photo.data)))
    assert image.size == (photo.width, photo.height)
    return np.asarray(image.convert("RGB")).astype(float)


def dark_centroid(gray: np.ndarray, xy: np.ndarray, reach: int = 20) -> tuple[np.ndarray, float]:
    """Darkness-weighted centre of what is darker than the paper around ``xy``, and how much dark there is."""
    x, y = int(xy[0]), int(xy[1])
    window = gray[y - reach : y + reach + 1, x - reach : x + reach + 1]
    weight = np.clip(np.percentile(window, 90) - window - 15, 0, None)
    rows, cols = np.mgrid[y - reach : y + reach + 1, x - reach : x + reach + 1] + 0.5
    return np.array([(weight * cols).sum(), (weight * rows).sum()]) / max(weight.sum(), 1e-9), weight.sum()


def chroma(rgb: np.ndarray) -> np.ndarray:
    return rgb.max(-1) - rgb.min(-1)


# --- ground truth ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shot",
    [
        CameraShot(**EXACT),
        CameraShot(**EXACT, tilt_deg=30, rotation_deg=37, crumple_mm=8),
        CameraShot(**EXACT, rotation_deg=95, exif_orientation=6),
        CameraShot(**EXACT, crumple_mm=5, exif_orientation=3),
        CameraShot(**EXACT, tilt_deg=28, crumple_mm=10, exif_orientation=7, light=0.9),
        CameraShot(**EXACT, rotation_deg=300, crumple_mm=6, exif_orientation=8, fill=0.6),
    ],
    ids=["flat", "crumpled-tilted", "exif6", "crumpled-exif3", "crumpled-exif7", "crumpled-exif8"],
)
def test_photo_xy_lands_on_the_printed_squares_within_half_a_pixel(shot):
    photo = photograph_sheet(printed_page(), PX_PER_MM, shot, seed=4)
    gray = upright(photo).mean(2)
    for target, expected in zip(TARGETS_MM, photo.photo_xy(TARGETS_MM)):
        centre, darkness = dark_centroid(gray, expected)
        assert darkness > 40 * 255, f"no square seen at {target} mm"
        assert np.hypot(*(centre - expected)) < 0.5, f"square at {target} mm seen at {centre}, not {expected}"


def test_a_crumpled_sheet_is_not_a_homography_of_its_corners():
    """So the crumpled cases above test the bending too: a flat mapping misses the squares by pixels."""
    photo = photograph_sheet(printed_page(), PX_PER_MM, CameraShot(**EXACT, tilt_deg=25, crumple_mm=8), seed=4)
    corners = np.array([[0, 0], [A4[0], 0], [A4[0], A4[1]], [0, A4[1]]], np.float32)
    flat = cv2.getPerspectiveTransform(corners, photo.photo_xy(corners).astype(np.float32))
    guess = cv2.perspectiveTransform(TARGETS_MM[:, None].astype(np.float32), flat)[:, 0]
    assert np.hypot(*(guess - photo.photo_xy(TARGETS_MM)).T).max() > 4


def test_page_mm_undoes_photo_xy_through_the_bent_sheet():
    photo = photograph_sheet(blank_page(), PX_PER_MM, CameraShot(**EXACT, tilt_deg=30, crumple_mm=12), seed=1)
    points = np.random.default_rng(0).uniform(0, A4, (500, 2))
    np.testing.assert_allclose(photo.page_mm(photo.photo_xy(points)), points, atol=1e-6)


def test_opencv_finds_aruco_markers_where_photo_xy_puts_their_corners():
    """An independent judge: OpenCV's own detector, on a realistic photo, agrees with the ground truth."""
    dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)
    page = blank_page()
    for marker, (x, y) in MARKERS_AT_MM.items():
        page[mm(y) : mm(y + MARKER_MM), mm(x) : mm(x + MARKER_MM)] = cv2.aruco.generateImageMarker(
            dictionary, marker, mm(MARKER_MM)
        )[..., None]
    shot = CameraShot(megapixels=5, tilt_deg=30, rotation_deg=120, crumple_mm=5, exif_orientation=6, light=0.8)
    photo = photograph_sheet(page, PX_PER_MM, shot, seed=2)
    parameters = cv2.aruco.DetectorParameters()
    parameters.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    found, ids, _ = cv2.aruco.ArucoDetector(dictionary, parameters).detectMarkers(
        upright(photo).mean(2).astype(np.uint8)
    )
    assert ids is not None and sorted(ids.ravel().tolist()) == [0, 1, 2, 3]
    for corners, marker in zip(found, ids.ravel()):
        x, y = MARKERS_AT_MM[int(marker)]
        square = np.array([[x, y], [x + MARKER_MM, y], [x + MARKER_MM, y + MARKER_MM], [x, y + MARKER_MM]])
        assert np.hypot(*(corners[0] + 0.5 - photo.photo_xy(square)).T).max() < 1.0  # OpenCV: centres on integers


def test_a_desk_without_a_sheet_has_no_markers():
    dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)
    detector = cv2.aruco.ArucoDetector(dictionary, cv2.aruco.DetectorParameters())
    photos = [not_a_sheet_photo(seed, megapixels=3) for seed in range(3)]
    for data in photos:
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG" and image.width * image.height == pytest.approx(3e6, rel=0.05)
        rgb = np.asarray(image.convert("RGB")).astype(float)
        papers = (rgb.min(2) > 170).mean()  # white paper among the brown desk
        assert 0.03 < papers < 0.9
        ids = detector.detectMarkers(rgb.mean(2).astype(np.uint8))[1]
        assert ids is None or len(ids) == 0
    assert not_a_sheet_photo(0, megapixels=3) == photos[0] != photos[1]
    assert Image.open(io.BytesIO(not_a_sheet_photo(0))).size in ((4000, 3000), (3000, 4000))


# --- the files ---------------------------------------------------------------------------


@pytest.mark.parametrize("megapixels", [5, 12])
def test_photo_size_matches_the_megapixels_in_the_phones_4_to_3(megapixels):
    photo = photograph_sheet(blank_page(), PX_PER_MM, CameraShot(megapixels=megapixels), seed=1)
    assert abs(photo.width * photo.height / (megapixels * 1e6) - 1) < 0.05
    assert max(photo.width, photo.height) / min(photo.width, photo.height) == pytest.approx(4 / 3, rel=1e-3)
    assert photo.height > photo.width  # a portrait page, upright: the phone was held upright
    assert upright(photo).shape[:2] == (photo.height, photo.width)


def test_a_page_turned_sideways_is_photographed_in_landscape():
    photo = photograph_sheet(blank_page(), PX_PER_MM, CameraShot(**QUICK, rotation_deg=80), seed=1)
    assert photo.width > photo.height


@pytest.fixture(scope="module")
def upright_photo() -> np.ndarray:
    return upright(photograph_sheet(printed_page(), PX_PER_MM, CameraShot(**{**EXACT, **QUICK}), seed=3))


@pytest.mark.parametrize("orientation", range(1, 9))
def test_pixels_are_stored_as_the_exif_orientation_says(orientation, upright_photo):
    shot = CameraShot(**{**EXACT, **QUICK}, exif_orientation=orientation)
    turned = photograph_sheet(printed_page(), PX_PER_MM, shot, seed=3)
    stored = Image.open(io.BytesIO(turned.data))
    assert stored.getexif()[0x0112] == orientation
    sideways = orientation >= 5
    assert stored.size == ((turned.height, turned.width) if sideways else (turned.width, turned.height))
    np.testing.assert_array_equal(upright(turned), upright_photo)  # shown upright, the same picture


def test_jpeg_and_png_files_say_what_they_are():
    page = printed_page()
    jpeg = photograph_sheet(page, PX_PER_MM, CameraShot(**QUICK, exif_orientation=6), seed=3)
    png = photograph_sheet(page, PX_PER_MM, CameraShot(**QUICK, jpeg_quality=None), seed=3)
    assert (
        jpeg.suffix == ".jpg"
        and jpeg.data[:3] == b"\xff\xd8\xff"
        and Image.open(io.BytesIO(jpeg.data)).format == "JPEG"
    )
    assert (
        png.suffix == ".png"
        and png.data[:8] == b"\x89PNG\r\n\x1a\n"
        and Image.open(io.BytesIO(png.data)).format == "PNG"
    )
    decoded = cv2.imdecode(np.frombuffer(jpeg.data, np.uint8), cv2.IMREAD_COLOR)  # OpenCV turns it upright too
    assert decoded.shape[:2] == (jpeg.height, jpeg.width)


def test_same_seed_same_bytes_another_seed_another_photo():
    page = printed_page()
    shot = CameraShot(**QUICK, crumple_mm=4)
    first = photograph_sheet(page, PX_PER_MM, shot, seed=7)
    assert photograph_sheet(page, PX_PER_MM, shot, seed=7).data == first.data
    other = photograph_sheet(page, PX_PER_MM, shot, seed=8)
    assert other.data != first.data
    assert not np.allclose(other.photo_xy(TARGETS_MM), first.photo_xy(TARGETS_MM), atol=5)


def test_the_whole_page_is_in_view_unless_the_shot_crops_it():
    corners = np.array([[0, 0], [A4[0], 0], [A4[0], A4[1]], [0, A4[1]]])
    for seed in range(3):
        whole = photograph_sheet(blank_page(), PX_PER_MM, CameraShot(**QUICK, tilt_deg=30), seed=seed)
        xy = whole.photo_xy(corners)
        assert (xy >= 0).all() and (xy < [whole.width, whole.height]).all()
        cropped = photograph_sheet(blank_page(), PX_PER_MM, CameraShot(**QUICK, crop=0.3), seed=seed)
        xy = cropped.photo_xy(corners)
        frame = np.array([cropped.width, cropped.height])
        assert ((xy < 0) | (xy >= frame)).any(1).sum() == 2, "one side of the page is cut off"
        beyond = np.maximum(-xy.min(0), xy.max(0) - frame)
        cut = int(np.argmax(beyond))
        assert beyond[1 - cut] < 0 and 0.25 < beyond[cut] / np.ptp(xy[:, cut]) < 0.35  # 30 % of the page's extent


def test_fill_is_how_much_of_the_frame_the_page_spans_on_its_tighter_side():
    corners = np.array([[0, 0], [A4[0], 0], [A4[0], A4[1]], [0, A4[1]]])
    for fill in (0.5, 0.9):
        photo = photograph_sheet(blank_page(), PX_PER_MM, CameraShot(megapixels=2, fill=fill, tilt_deg=20), seed=2)
        spans = np.ptp(photo.photo_xy(corners), 0) / [photo.width, photo.height]
        assert spans.max() == pytest.approx(fill, abs=0.01)


def test_shots_out_of_range_are_refused_with_the_range():
    with pytest.raises(ValueError, match="tilt_deg.*0.0..40.0"):
        CameraShot(tilt_deg=60)
    with pytest.raises(ValueError, match="jpeg_quality"):
        CameraShot(jpeg_quality=0)
    with pytest.raises(ValueError, match="RGB uint8"):
        photograph_sheet(np.zeros((100, 100), np.uint8), PX_PER_MM, CameraShot(), seed=0)


# --- pen marks ---------------------------------------------------------------------------

COLOUR_OF_INK = {  # what makes each ink itself, on (n, 3) RGB pixels of it
    "red": lambda rgb: (rgb[:, 0] - rgb[:, 1:].max(1)) > 60,
    "blue": lambda rgb: (rgb[:, 2] - rgb[:, :2].max(1)) > 40,
    "green": lambda rgb: (rgb[:, 1] - rgb[:, [0, 2]].max(1)) > 30,
    "black": lambda rgb: (rgb.max(1) < 110) & (chroma(rgb) < 40),
}


def ink_at(page: np.ndarray, points_mm: np.ndarray, reach_mm: float = 0.3) -> np.ndarray:
    """Whether there is ink within ``reach_mm`` of each point: a pixel clearly darker than white paper."""
    found = []
    r = max(1, mm(reach_mm))
    for x, y in np.atleast_2d(points_mm):
        window = page[mm(y) - r : mm(y) + r + 1, mm(x) - r : mm(x) + r + 1].astype(float)
        found.append((window.min(2) < 200).any())
    return np.array(found)


def ring(centre: tuple[float, float], radius: float, count: int = 24) -> np.ndarray:
    angle = np.linspace(0, 2 * np.pi, count, endpoint=False)
    return np.c_[centre[0] + radius * np.cos(angle), centre[1] + radius * np.sin(angle)]


SHAPE_CHECKS = {  # (mark) -> (points with ink, points without)
    "dot": lambda m: ([[m.x_mm, m.y_mm]], ring((m.x_mm, m.y_mm), m.size_mm / 2 + 1.0)),
    "cross": lambda m: (
        [[m.x_mm, m.y_mm]]
        + [[m.x_mm + d * 0.3 * m.size_mm, m.y_mm + e * 0.3 * m.size_mm] for d in (-1, 1) for e in (-1, 1)],
        [[m.x_mm + 0.35 * m.size_mm, m.y_mm], [m.x_mm, m.y_mm - 0.35 * m.size_mm]],
    ),
    "circle": lambda m: (  # a hand's loop is a little elliptic: ink is looked for across its whole stroke
        ring((m.x_mm, m.y_mm), 0.46 * m.size_mm, 8),
        [[m.x_mm, m.y_mm]] + list(ring((m.x_mm, m.y_mm), m.size_mm / 2 + 1.5)),
    ),
    "line": lambda m: (
        [[m.x_mm + t * m.size_mm, m.y_mm] for t in (-0.45, -0.2, 0, 0.2, 0.45)],
        [[m.x_mm + t * m.size_mm, m.y_mm + 3] for t in (-0.3, 0, 0.3)] + [[m.x_mm + 0.6 * m.size_mm, m.y_mm]],
    ),
    "writing": lambda m: ([], ring((m.x_mm, m.y_mm), m.size_mm)),
}


@pytest.mark.parametrize("colour", ["red", "blue", "black", "green"])
def test_each_mark_is_drawn_in_its_colour_where_it_is(colour):
    marks = [
        PenMark("dot", colour, 40, 40, 3.0),
        PenMark("cross", colour, 100, 40, 7.0),
        PenMark("circle", colour, 160, 40, 12.0),
        PenMark("line", colour, 105, 100, 50.0),  # horizontal, so the checks above can walk along it
        PenMark("writing", colour, 105, 160, 20.0),
    ]
    page = draw_pen_marks(blank_page(), PX_PER_MM, marks, seed=5)
    for mark in marks:
        inked, clear = SHAPE_CHECKS[mark.shape](mark)
        reach = 0.12 * mark.size_mm if mark.shape == "circle" else 0.6
        has = ink_at(page, np.array(inked, float).reshape(-1, 2), reach_mm=reach)
        assert has.all(), f"{mark.shape} lacks ink at {np.array(inked)[~has]}"
        lacks = ~ink_at(page, np.array(clear, float).reshape(-1, 2), reach_mm=0.3)
        assert lacks.all(), f"{mark.shape} has ink at {np.array(clear)[~lacks]}"
        r = mm(mark.size_mm / 2 + 1)
        box = page[mm(mark.y_mm) - r : mm(mark.y_mm) + r, mm(mark.x_mm) - r : mm(mark.x_mm) + r].reshape(-1, 3)
        ink = box[box.astype(float).min(1) < 200].astype(float)
        assert len(ink) > 20 and COLOUR_OF_INK[colour](ink).mean() > 0.6, f"{mark.shape} is not {colour}"
        others = [c for c in COLOUR_OF_INK if c != colour]
        assert all(COLOUR_OF_INK[c](ink).mean() < 0.2 for c in others)


def test_pen_strokes_are_a_pen_wide_and_the_writing_fits_its_box():
    line, writing = PenMark("line", "blue", 105, 100, 50.0), PenMark("writing", "black", 105, 160, 20.0)
    page = draw_pen_marks(blank_page(), PX_PER_MM, [line, writing], seed=2)
    across = page[mm(90) : mm(110), mm(105), :].astype(float).min(1)  # a column through the line's middle
    assert 0.3 < (across < 200).sum() / PX_PER_MM < 1.3  # 0.4-0.9 mm of ink
    rows, cols = np.nonzero(page[mm(140) : mm(180)].astype(float).min(2) < 200)
    assert np.ptp(cols) / PX_PER_MM == pytest.approx(20.0, abs=3.0)
    assert (cols.min() + cols.max()) / 2 / PX_PER_MM == pytest.approx(105.0, abs=1.5)
    assert (rows.min() + rows.max()) / 2 / PX_PER_MM + 140 == pytest.approx(160.0, abs=1.5)


def test_ink_multiplies_into_the_print_and_a_page_without_marks_is_unchanged():
    page = printed_page()
    assert np.array_equal(draw_pen_marks(page, PX_PER_MM, [], seed=1), page)
    inked = draw_pen_marks(page, PX_PER_MM, [PenMark("line", "red", 105, 60, 40.0, angle_deg=90)], seed=1)
    grey_line = page[mm(55) : mm(65), mm(103) : mm(107)].min(2) < 200  # the printed line at 60 mm, under the ink
    crossing = inked[mm(55) : mm(65), mm(103) : mm(107)][
        grey_line & (inked[mm(55) : mm(65), mm(103) : mm(107), 1] < 100)
    ]
    assert len(crossing) and crossing[:, 0].max() < 130  # red over grey print stays dark; paint over it would be red
    assert (inked[page.min(2) == 0] == 0).all()  # black print stays black


def test_marks_appear_at_photo_xy_in_the_photo_and_a_blank_page_shows_no_ink():
    marks = [
        PenMark("dot", colour, 40 + 40 * i, 150, 4.0) for i, colour in enumerate(["red", "blue", "green", "black"])
    ]
    inked = draw_pen_marks(blank_page(), PX_PER_MM, marks, seed=3)
    for shot in INK_SHOTS:
        photo = photograph_sheet(inked, PX_PER_MM, shot, seed=3)
        rgb = upright(photo)
        for mark, (x, y) in zip(marks, photo.photo_xy(np.array([[m.x_mm, m.y_mm] for m in marks]))):
            spot = rgb[int(y) - 2 : int(y) + 3, int(x) - 2 : int(x) + 3].reshape(-1, 3)
            assert COLOUR_OF_INK[mark.colour](spot).mean() > 0.5 or (mark.colour == "black" and spot.max() < 110), (
                f"no {mark.colour} dot at {x:.0f}, {y:.0f}"
            )
        blank = upright(photograph_sheet(blank_page(), PX_PER_MM, shot, seed=3))
        inside = page_interior(photo, rgb.shape[:2])
        assert (chroma(blank[inside]) < 40).all() and np.percentile(blank[inside].mean(1), 0.01) > 120
        assert (chroma(rgb[inside]) > 60).sum() > 50  # the same test finds the coloured dots


def page_interior(photo, shape: tuple[int, int]) -> np.ndarray:
    """Pixels well inside the page (5 mm from its edges) in the displayed photo."""
    inner = np.array([[5, 5], [A4[0] - 5, 5], [A4[0] - 5, A4[1] - 5], [5, A4[1] - 5]])
    mask = np.zeros(shape, np.uint8)
    cv2.fillConvexPoly(mask, np.rint(photo.photo_xy(inner)).astype(np.int32), 1)
    return mask.astype(bool)


def test_random_marks_mix_shapes_and_colours_inside_the_area_and_clear_of_the_boxes():
    rng = np.random.default_rng(11)
    area = (15.0, 40.0, 180.0, 230.0)
    keep_clear = [(15.0, 40.0, 30.0, 30.0), (90.0, 130.0, 40.0, 40.0)]
    marks = random_pen_marks(rng, area, 20, keep_clear_mm=keep_clear, spacing_mm=10.0)
    assert len(marks) == 20
    assert {m.shape for m in marks} == {"dot", "cross", "circle", "line", "writing"}
    assert len({m.colour for m in marks}) >= 3
    page = draw_pen_marks(blank_page(), PX_PER_MM, marks, seed=1)
    ink = page.min(2) < 200
    rows, cols = np.nonzero(ink)
    left, top, width, height = area
    assert cols.min() >= mm(left) and cols.max() < mm(left + width)
    assert rows.min() >= mm(top) and rows.max() < mm(top + height)
    for x, y, w, h in keep_clear:
        assert not ink[mm(y) : mm(y + h), mm(x) : mm(x + w)].any()
    centres = np.array([[m.x_mm, m.y_mm] for m in marks])
    gaps = np.linalg.norm(centres[:, None] - centres[None], axis=2) + np.eye(len(marks)) * 1e9
    assert gaps.min() >= 10.0


def test_too_many_marks_for_the_area_are_refused_with_what_to_change():
    with pytest.raises(ValueError, match="fewer marks, a smaller spacing or a larger area"):
        random_pen_marks(np.random.default_rng(0), (0.0, 0.0, 50.0, 50.0), 30, spacing_mm=12.0)


def test_circles_go_round_the_points_they_were_drawn_for():
    houses = np.array([[30.0, 60.0], [80.0, 90.0], [150.0, 200.0]])
    circles = circle_marks(houses, "red", np.random.default_rng(3))
    assert [c.shape for c in circles] == ["circle"] * 3 and {c.colour for c in circles} == {"red"}
    centres = np.array([[c.x_mm, c.y_mm] for c in circles])
    assert (np.linalg.norm(centres - houses, axis=1) <= np.sqrt(2)).all()
    assert all(7 <= c.size_mm <= 11 for c in circles)
    page = draw_pen_marks(blank_page(), PX_PER_MM, circles, seed=0)
    assert not ink_at(page, houses, reach_mm=1.0).any()  # the house inside stays clear
    assert all(
        ink_at(page, ring(tuple(h), 0.46 * c.size_mm, 8), reach_mm=0.12 * c.size_mm).all()
        for h, c in zip(centres, circles)
    )


def test_unknown_shapes_and_colours_are_refused():
    with pytest.raises(ValueError, match="shape"):
        PenMark("star", "red", 10, 10, 5)
    with pytest.raises(ValueError, match="colour"):
        PenMark("dot", "purple", 10, 10, 2)
