"""Points on the U.S. map: d3's geoAlbersUsa projection in Python, and the map's pieces.

The state outlines (static/map/us-states.svg, built by scripts/us-map/) come pre-projected by
us-atlas with `d3.geoAlbersUsa().scale(1300).translate([487.5, 305])` into a 975 x 610 frame.
`project` below is the same composite projection, written from d3-geo 3.1's source
(albersUsa.js, conicEqualArea.js, projection/index.js), so a ZIP code or a lab site lands on
the same pixel d3 would put it: the lower 48 states on an Albers equal-area conic, Alaska
(scaled 0.35) and Hawaii as insets, each with its clip box; a point outside all three boxes
is not on the map (None).
"""

import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from . import geo

WIDTH, HEIGHT = 975, 610
SCALE = 1300
TRANSLATE = (487.5, 305.0)
EPSILON = 1e-6
MIN_VIEW_WIDTH = 260  # about the width of four Midwestern states


@dataclass(frozen=True)
class ConicEqualArea:
    """d3.geoConicEqualArea with a rotation in longitude, a centre and two parallels."""

    rotate: float  # degrees added to longitudes
    center: tuple[float, float]  # degrees, in rotated coordinates
    parallels: tuple[float, float]
    scale: float
    translate: tuple[float, float]
    clip: tuple[float, float, float, float]  # x0, y0, x1, y1 on screen

    def __post_init__(self):
        # The constants of the cone and of the centre's point, worked out once, not for
        # every point (a ring on a search's map is 73 points).
        sy0 = math.sin(math.radians(self.parallels[0]))
        n = (sy0 + math.sin(math.radians(self.parallels[1]))) / 2
        c = 1 + sy0 * (2 * n - sy0)
        object.__setattr__(self, "_cone", (n, c, math.sqrt(c) / n))
        centre = self.raw(math.radians(self.center[0]), math.radians(self.center[1]))
        object.__setattr__(self, "_centre", centre)

    def raw(self, lam: float, phi: float) -> tuple[float, float]:
        n, c, r0 = self._cone
        r = math.sqrt(c - 2 * n * math.sin(phi)) / n
        lam *= n
        return r * math.sin(lam), r0 - r * math.cos(lam)

    def __call__(self, longitude: float, latitude: float) -> tuple[float, float] | None:
        lam = math.radians(longitude + self.rotate)
        if abs(lam) > math.pi:
            lam -= round(lam / math.tau) * math.tau
        x, y = self.raw(lam, math.radians(latitude))
        cx, cy = self._centre
        sx = self.translate[0] + self.scale * (x - cx)
        sy = self.translate[1] - self.scale * (y - cy)
        x0, y0, x1, y1 = self.clip
        if x0 <= sx <= x1 and y0 <= sy <= y1:
            return sx, sy
        return None


def _albers_usa(k: float = SCALE, t: tuple[float, float] = TRANSLATE) -> list[ConicEqualArea]:
    x, y = t
    e = EPSILON
    return [
        ConicEqualArea(
            96, (-0.6, 38.7), (29.5, 45.5), k, t,
            (x - 0.455 * k, y - 0.238 * k, x + 0.455 * k, y + 0.238 * k),
        ),
        ConicEqualArea(
            154, (-2, 58.5), (55, 65), k * 0.35, (x - 0.307 * k, y + 0.201 * k),
            (x - 0.425 * k + e, y + 0.120 * k + e, x - 0.214 * k - e, y + 0.234 * k - e),
        ),
        ConicEqualArea(
            157, (-3, 19.9), (8, 18), k, (x - 0.205 * k, y + 0.212 * k),
            (x - 0.214 * k + e, y + 0.166 * k + e, x - 0.115 * k - e, y + 0.234 * k - e),
        ),
    ]  # fmt: skip


PARTS = _albers_usa()


def project(latitude: float, longitude: float) -> tuple[float, float] | None:
    """Screen (x, y) in the 975 x 610 map for a point, or None when it is off the map."""
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None
    for part in PARTS:
        point = part(longitude, latitude)
        if point is not None:
            return point
    return None


def destination(latitude: float, longitude: float, bearing: float, miles: float):
    """The point `miles` away from (latitude, longitude) along `bearing` (degrees), on the
    sphere geo.py measures distances on."""
    d = miles / geo.EARTH_RADIUS_MILES
    phi1, lam1, theta = map(math.radians, (latitude, longitude, bearing))
    phi2 = math.asin(math.sin(phi1) * math.cos(d) + math.cos(phi1) * math.sin(d) * math.cos(theta))
    lam2 = lam1 + math.atan2(
        math.sin(theta) * math.sin(d) * math.cos(phi1),
        math.cos(d) - math.sin(phi1) * math.sin(phi2),
    )
    return math.degrees(phi2), (math.degrees(lam2) + 540) % 360 - 180


def ring_points(latitude: float, longitude: float, miles: float, steps: int = 72):
    """The circle of `miles` around a point as map points (None where it leaves the map)."""
    return [
        project(*destination(latitude, longitude, 360 * i / steps, miles)) for i in range(steps + 1)
    ]


def ring(latitude: float, longitude: float, miles: float, steps: int = 72):
    """The circle of `miles` around a point as it looks on the map: an SVG path (points
    falling off the map break the line rather than jump across it) and its box (x0, y0,
    x1, y1; None when none of it is on the map)."""
    parts, pen_down, on_map = [], False, []
    for point in ring_points(latitude, longitude, miles, steps):
        if point is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{point[0]:.1f},{point[1]:.1f}")
        pen_down = True
        on_map.append(point)
    if not on_map:
        return "", None
    xs, ys = [p[0] for p in on_map], [p[1] for p in on_map]
    return "".join(parts), (min(xs), min(ys), max(xs), max(ys))


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    label: str
    kind: str  # "home", "chosen" (the nearest site for a requirement) or "site"
    number: str = ""  # the site's number in the list beside the map


@dataclass(frozen=True)
class MapView:
    markers: tuple[Marker, ...]
    ring: str = ""
    off_map: tuple[str, ...] = ()  # places that could not be drawn (outside the U.S. map)
    ring_box: tuple[float, float, float, float] | None = None  # x0, y0, x1, y1 of the ring

    @property
    def box(self) -> tuple[float, float, float, float]:
        """The part of the map to show (x, y, width, height): the markers (and the ring)
        with a margin, at the map's own proportions, never smaller than a region of a few
        states, so nearby places do not sit on top of each other on a whole-country map."""
        xs = [m.x for m in self.markers]
        ys = [m.y for m in self.markers]
        if self.ring_box:
            xs += [self.ring_box[0], self.ring_box[2]]
            ys += [self.ring_box[1], self.ring_box[3]]
        if not xs:
            return 0.0, 0.0, float(WIDTH), float(HEIGHT)
        ratio = HEIGHT / WIDTH
        width = max(max(xs) - min(xs), (max(ys) - min(ys)) / ratio) * 1.3 + 80
        width = min(max(width, MIN_VIEW_WIDTH), WIDTH)
        height = width * ratio
        x = min(max((min(xs) + max(xs) - width) / 2, 0.0), WIDTH - width)
        y = min(max((min(ys) + max(ys) - height) / 2, 0.0), HEIGHT - height)
        return round(x, 1), round(y, 1), round(width, 1), round(height, 1)

    @property
    def view_box(self) -> str:
        return " ".join(f"{value:g}" for value in self.box)

    @property
    def marker_radius(self) -> float:
        """Markers keep the same size on screen whatever the zoom."""
        return round(self.box[2] / 42, 2)

    @property
    def home_square(self) -> tuple[float, float, float] | None:
        """(x, y, side) of the square marking the student's ZIP code."""
        home = next((m for m in self.markers if m.kind == "home"), None)
        if home is None:
            return None
        side = round(self.marker_radius * 1.8, 2)
        return round(home.x - side / 2, 2), round(home.y - side / 2, 2), side

    @property
    def label_size(self) -> float:
        return round(self.box[2] / 34, 2)

    @property
    def stroke(self) -> float:
        return round(self.box[2] / 400, 2)

    @property
    def nation(self) -> str:
        return outline()[0]

    @property
    def borders(self) -> str:
        return outline()[1]


@cache
def outline() -> tuple[str, str]:
    """The nation outline and the state borders from the committed SVG asset."""
    path = Path(settings.BASE_DIR) / "static" / "map" / "us-states.svg"
    text = path.read_text()
    found = dict(re.findall(r'<path class="(map-nation|map-borders)" d="([^"]*)"', text))
    return found["map-nation"], found["map-borders"]


def marker(latitude: float, longitude: float, label: str, kind: str, number: str = ""):
    point = project(latitude, longitude)
    if point is None:
        return None
    return Marker(round(point[0], 1), round(point[1], 1), label, kind, number)
