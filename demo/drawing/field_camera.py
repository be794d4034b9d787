"""Where a phone sees a printed sheet: a pinhole camera over a sheet that may not lie flat.

The sheet is a surface in millimetres: page point (x, y), from the page's top-left
corner, lies at X = x - w/2, Y = y - h/2 and Z = -height(x, y), with Z pointing into
the desk, so a bump lifts the paper towards the camera. The camera is a pinhole with
its principal point in the middle of the photo, tilted off the paper's normal and
turned about its axis. Projecting the bent surface is exact, so :class:`SheetView`
is the ground truth of where every point of the page lands in the photo.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from demo.drawing.pen import Points, unit

PHONE_ASPECT = 4 / 3  # phone sensors are 4:3
NEWTON_STEPS = 4  # a ray meets the gently bent sheet to 1e-9 mm in four steps
FOCAL_PER_WIDTH = 0.75  # a phone's main camera, about 26 mm equivalent: focal length in pixels per long side


@dataclass(frozen=True)
class CameraShot:
    """How an officer photographs a sheet: the phone, how it is held and how the paper lies."""

    megapixels: float = 12.0  # 5..50
    tilt_deg: float = 15.0  # camera axis off the paper's normal, 0..30: perspective
    rotation_deg: float = 0.0  # the page turned clockwise as the photo is displayed, any angle
    light: float = 0.3  # uneven light, 0 even .. 1 a strong gradient and the photographer's shadow
    blur_px: float = 1.0  # defocus, gaussian sigma in photo pixels
    noise: float = 2.0  # sensor noise sigma, grey levels
    jpeg_quality: int | None = 88  # None: a PNG
    exif_orientation: int = 1  # 1..8: pixels stored turned or flipped and the EXIF tag says how to show them
    crumple_mm: float = 0.0  # paper not flat: the highest smooth bump off the desk, mm
    fill: float = 0.8  # the page's extent over the photo's, on the tighter side: 0.5..0.95
    crop: float = 0.0  # fraction of the page's extent cut off at one side of the photo, 0 whole page in view

    def __post_init__(self) -> None:
        limits = {
            "megapixels": (1.0, 60.0),
            "tilt_deg": (0.0, 40.0),
            "light": (0.0, 1.0),
            "blur_px": (0.0, 20.0),
            "noise": (0.0, 30.0),
            "exif_orientation": (1, 8),
            "crumple_mm": (0.0, 20.0),
            "fill": (0.3, 0.98),
            "crop": (0.0, 0.6),
        }
        for name, (low, high) in limits.items():
            if not low <= getattr(self, name) <= high:
                raise ValueError(f"CameraShot.{name} is {getattr(self, name)}; use {low}..{high}")
        if self.jpeg_quality is not None and not 1 <= self.jpeg_quality <= 100:
            raise ValueError(f"CameraShot.jpeg_quality is {self.jpeg_quality}; use 1..100, or None for a PNG")

    def photo_size(self, portrait: bool) -> tuple[int, int]:
        """Width and height of the displayed photo, 4:3 as phones take them."""
        long = round(np.sqrt(self.megapixels * 1e6 * PHONE_ASPECT))
        short = round(long / PHONE_ASPECT)
        return (short, long) if portrait else (long, short)


@dataclass(frozen=True, eq=False)
class PaperBend:
    """How far the sheet stands off the desk, in mm: a few wide, smooth bumps left by crumpling."""

    centres: np.ndarray  # (n, 2) page mm
    radii: np.ndarray  # (n,) mm, a gaussian's sigma
    heights: np.ndarray  # (n,) mm

    @classmethod
    def random(cls, page_size_mm: tuple[float, float], peak_mm: float, rng: np.random.Generator) -> PaperBend:
        """Three to five bumps, some running off the page's edge, the highest point ``peak_mm`` off the desk.

        Bumps are several centimetres wide, so a peak of a few mm bends the sheet gently and hides none of it.
        """
        if peak_mm <= 0:
            return cls(np.empty((0, 2)), np.empty(0), np.empty(0))
        size = np.asarray(page_size_mm, float)
        count = int(rng.integers(3, 6))
        centres = rng.uniform(-0.1, 1.1, (count, 2)) * size
        radii = rng.uniform(0.12, 0.3, count) * size.min()
        bend = cls(centres, radii, rng.uniform(0.4, 1.0, count))
        x, y = np.meshgrid(np.linspace(0, size[0], 80), np.linspace(0, size[1], 80))
        highest = bend.height(np.stack([x.ravel(), y.ravel()], 1)).max()
        return cls(centres, radii, bend.heights * (peak_mm / highest))

    def height(self, page_mm: Points) -> np.ndarray:
        return self.height_and_slope(page_mm)[0]

    def height_and_slope(self, page_mm: Points) -> tuple[np.ndarray, Points]:
        """The height (n,) in mm and its gradient (n, 2), dh/dx and dh/dy, at (n, 2) page points."""
        page_mm = np.asarray(page_mm, float)
        dx, dy = page_mm[:, :1] - self.centres[:, 0], page_mm[:, 1:] - self.centres[:, 1]  # (n, bumps)
        bumps = np.exp((dx * dx + dy * dy) * (-0.5 / self.radii**2)) * self.heights
        across = bumps / self.radii**2
        return bumps.sum(1), -np.stack([(across * dx).sum(1), (across * dy).sum(1)], 1)


@dataclass(frozen=True, eq=False)
class SheetView:
    """Where a page lands in a displayed photo, exactly: the camera and the bent sheet it looks at.

    Photo coordinates are continuous pixels of the photo as displayed (after EXIF
    orientation): pixel (column i, row j) covers [i, i + 1) x [j, j + 1), so its centre is (i + 0.5, j + 0.5).
    """

    page_size_mm: tuple[float, float]
    bend: PaperBend
    rotation: np.ndarray  # 3x3, world to camera (rows: the camera's x right, y down, z forward)
    position: np.ndarray  # (3,) the camera in world mm
    focal_px: float
    width: int  # the displayed photo
    height: int

    def photo_xy(self, page_mm: Points) -> Points:
        """(n, 2) page mm to (n, 2) photo pixels, through the bent sheet."""
        page_mm = np.asarray(page_mm, float).reshape(-1, 2)
        world = np.c_[page_mm - np.asarray(self.page_size_mm) / 2, -self.bend.height(page_mm)]
        camera = (world - self.position) @ self.rotation.T
        return self.focal_px * camera[:, :2] / camera[:, 2:] + [self.width / 2, self.height / 2]

    def page_mm(self, photo_xy: Points) -> Points:
        """(n, 2) photo pixels to the page mm seen there: where each pixel's ray meets the bent sheet.

        Points beyond the page's edge come out beyond it (the sheet's surface continues).
        """
        photo_xy = np.asarray(photo_xy, float).reshape(-1, 2)
        ray = np.c_[(photo_xy - [self.width / 2, self.height / 2]) / self.focal_px, np.ones(len(photo_xy))]
        ray = ray @ self.rotation  # camera to world: rotation transposed, on row vectors
        half = np.asarray(self.page_size_mm) / 2
        reach = -self.position[2] / ray[:, 2]  # where the ray meets the desk, Z = 0
        for _ in range(NEWTON_STEPS if len(self.bend.heights) else 0):  # solve Z(reach) + height = 0
            height, slope = self.bend.height_and_slope(self.position[:2] + reach[:, None] * ray[:, :2] + half)
            miss = self.position[2] + reach * ray[:, 2] + height
            rate = ray[:, 2] + (slope * ray[:, :2]).sum(1)
            reach -= miss / np.maximum(rate, 0.2 * ray[:, 2])
        return self.position[:2] + reach[:, None] * ray[:, :2] + half

    def page_corners(self) -> Points:
        """The page's corners in the photo, clockwise from top-left."""
        w, h = self.page_size_mm
        return self.photo_xy(np.array([[0, 0], [w, 0], [w, h], [0, h]], float))


def aim_camera(
    page_size_mm: tuple[float, float], bend: PaperBend, shot: CameraShot, rng: np.random.Generator
) -> SheetView:
    """Hold the phone as ``shot`` says: tilted towards a random side, far enough for the page to fill
    ``shot.fill`` of the frame, moved sideways to a random spot, or past an edge by ``shot.crop``."""
    turn, tilt, towards = np.radians(shot.rotation_deg), np.radians(shot.tilt_deg), rng.uniform(0, 2 * np.pi)
    page_portrait = page_size_mm[1] > page_size_mm[0]
    turned_sideways = abs(np.sin(turn)) > abs(np.cos(turn))
    width, height = shot.photo_size(portrait=page_portrait != turned_sideways)
    frame = np.array([width, height], float)
    up = np.array([np.sin(tilt) * np.cos(towards), np.sin(tilt) * np.sin(towards), -np.cos(tilt)])  # to the camera
    forward = -up
    across = np.array([np.cos(turn), -np.sin(turn), 0.0])  # the page's x axis turned clockwise on screen
    right = unit(across - (across @ forward) * forward)
    rotation = np.stack([right, np.cross(forward, right), forward])
    focal = FOCAL_PER_WIDTH * max(width, height)

    def view(position: np.ndarray) -> SheetView:
        return SheetView(page_size_mm, bend, rotation, position, focal, width, height)

    distance, shift = 2.0 * max(page_size_mm), np.zeros(3)
    wanted = rng.uniform(0.2, 0.8, 2)  # where in the room left over the page's bounding box goes
    side = int(rng.integers(0, 4))  # with a crop: 0 left, 1 top, 2 right, 3 bottom
    for _ in range(10):
        low, high = _extent(view(distance * up + shift))
        extent = high - low
        scale = (extent / frame).max() / shot.fill  # the page's image shrinks about as 1 / distance
        distance *= scale
        shift *= scale
        low, extent = frame / 2 + (low - frame / 2) / scale, extent / scale
        target = wanted * (frame - extent)
        if shot.crop > 0:
            axis = side % 2
            target[axis] = -shot.crop * extent[axis] if side < 2 else frame[axis] - (1 - shot.crop) * extent[axis]
        # moving the phone sideways moves the page across the frame, nearly linearly; its height stays
        shift -= (distance / focal) * (np.r_[target - low, 0.0] @ rotation) * [1, 1, 0]
    return view(distance * up + shift)


def _extent(view: SheetView) -> tuple[np.ndarray, np.ndarray]:
    """The page's bounding box in the photo, from points all round its (possibly bent) edge."""
    w, h = view.page_size_mm
    t = np.linspace(0, 1, 25)[:, None]
    edge = np.concatenate([t * [w, 0], [w, 0] + t * [0, h], [w, h] - t * [w, 0], [0, h] - t * [0, h]])
    xy = view.photo_xy(edge)
    return xy.min(0), xy.max(0)
