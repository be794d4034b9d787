import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import QPointF  # noqa: E402
from PySide6.QtGui import QFont, QFontInfo, QGuiApplication, QImage  # noqa: E402

from demo.drawing.pen import image_array, qpath, qpolygon  # noqa: E402
from demo.drawing.scene import SketchScene  # noqa: E402
from demo.drawing.sketch import SketchPhoto, draw_sketch  # noqa: E402
from maps.fonts import chinese_font_family  # noqa: E402
from maps.qt_runtime import ensure_gui_application  # noqa: E402
from tests.demo.sketch_fixtures import village_scene  # noqa: E402

SEED = 11
BOX_REACH = 18  # half a window that holds a whole house box (26-34 px) in the photo


@pytest.fixture(scope="module")
def scene():
    return village_scene(houses=200, paper=(1600, 1150), seed=3)


@pytest.fixture(scope="module")
def photo(scene) -> SketchPhoto:
    return draw_sketch(scene, SEED)


@pytest.fixture(scope="module")
def gray(photo) -> np.ndarray:
    image = QImage.fromData(photo.image, "JPEG")
    return image_array(image.convertToFormat(QImage.Format.Format_RGB32))[..., :3].astype(float).mean(2)


def windows(gray: np.ndarray, points: np.ndarray, reach: int) -> list[np.ndarray]:
    return [gray[y - reach : y + reach + 1, x - reach : x + reach + 1] for x, y in np.rint(points).astype(int)]


def window_means(gray: np.ndarray, points: np.ndarray) -> np.ndarray:
    return np.array([window.mean() for window in windows(gray, points, BOX_REACH)])


def paper_tones(gray: np.ndarray, points: np.ndarray) -> np.ndarray:
    """The paper's tone around each point (light falls unevenly): ink covers far less than a fifth of it."""
    return np.array([np.percentile(window, 80) for window in windows(gray, points, 60)])


def test_same_scene_and_seed_give_identical_bytes(scene, photo):
    assert draw_sketch(scene, SEED).image == photo.image


def test_another_seed_gives_another_photo(scene, photo):
    other = draw_sketch(scene, SEED + 1)
    assert other.image != photo.image
    assert not np.allclose(other.paper_to_photo, photo.paper_to_photo)


def test_photo_is_a_jpeg_of_the_declared_size(scene, photo):
    image = QImage.fromData(photo.image, "JPEG")
    assert photo.image_format == "JPEG" and photo.image[:2] == b"\xff\xd8"
    assert (image.width(), image.height()) == (photo.width, photo.height)
    assert photo.width > scene.paper_width and photo.height > scene.paper_height


def test_paper_corners_land_inside_the_photo_with_desk_around(scene, photo):
    w, h = scene.paper_width, scene.paper_height
    corners = photo.photo_xy(np.array([[0, 0], [w, 0], [w, h], [0, h]]))
    assert (corners > 5).all() and (corners[:, 0] < photo.width - 5).all() and (corners[:, 1] < photo.height - 5).all()
    x, y = corners.T
    area = 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))
    assert 0.6 < area / (photo.width * photo.height) < 0.95  # the sheet fills most of the frame, off-axis


def test_photo_xy_applies_the_homography_to_many_points_at_once(photo):
    xy = np.array([[10.0, 20.0], [300.0, 400.0], [1500.0, 1100.0]])
    one_by_one = np.array([photo.photo_xy(p)[0] for p in xy])
    assert photo.photo_xy(xy).shape == (3, 2)
    np.testing.assert_allclose(photo.photo_xy(xy), one_by_one)


def test_house_centres_map_onto_their_ink(scene, photo, gray):
    """Each mapped house centre sits in a box drawn in ink, and is the best fit nearby:
    a wrong or mis-transposed homography, or one off by a few pixels, fails this."""
    centres = photo.photo_xy(np.array([(h.x, h.y) for h in scene.houses]))
    here = window_means(gray, centres)
    assert (here < paper_tones(gray, centres) - 12).mean() > 0.99
    shifted = np.mean([window_means(gray, centres + step) for step in ([8, 0], [-8, 0], [0, 8], [0, -8])], axis=0)
    assert (here < shifted).mean() > 0.85


def test_the_middle_of_the_sheet_is_paper_coloured_on_a_darker_desk(scene, photo, gray):
    image = image_array(QImage.fromData(photo.image, "JPEG").convertToFormat(QImage.Format.Format_RGB32))
    x, y = np.rint(photo.photo_xy(np.array([[scene.paper_width / 2, scene.paper_height / 2]]))[0]).astype(int)
    blue, green, red = np.median(image[y - 100 : y + 100, x - 150 : x + 150, :3].reshape(-1, 3), axis=0)
    assert 170 < green < 245 and red < 253  # lit paper: not blown-out white, not dark grey
    assert red - blue > 10 and red >= green > blue  # warm off-white, not a neutral grey
    assert np.median(gray[:40, :40]) < green - 40  # the desk in the corner is darker


def test_a_sheet_with_nothing_but_a_title_still_draws():
    empty = SketchScene("空白网格图", "", 600, 400, (), (), (), ())
    photo = draw_sketch(empty, 1)
    assert QImage.fromData(photo.image, "JPEG").size().toTuple() == (photo.width, photo.height)


def test_gui_application_and_bundled_font_are_available():
    app = ensure_gui_application()
    assert isinstance(app, QGuiApplication) and ensure_gui_application() is app
    # our own family name, so a system "Noto Sans CJK SC" can never be picked instead
    assert chinese_font_family() == "Wangge Sans SC"
    assert QFontInfo(QFont(chinese_font_family())).family() == "Wangge Sans SC"


def test_numpy_points_become_qt_shapes_exactly():
    points = np.array([[0.5, 1.25], [10.0, -3.0], [7.0, 8.0], [1.0, 1.0], [2.0, 1.0], [2.0, 2.0]])
    polygon = qpolygon(points[:3])
    assert [(p.x(), p.y()) for p in polygon] == [(0.5, 1.25), (10.0, -3.0), (7.0, 8.0)]
    path = qpath(points, np.array([0, 3]))
    assert path.elementCount() == 6 and path.elementAt(3).isMoveTo() and path.elementAt(4).isLineTo()
    assert path.contains(QPointF(6.0, 2.0))
