"""A horizontal bar chart of salary figures, computed here and drawn as inline SVG.

No chart library and no JavaScript: the template draws rectangles and text at the positions
computed below, and a table of the same numbers follows the chart as its text alternative.
"""

import math
from dataclasses import dataclass

WIDTH = 360
LEFT = 8
PLOT_WIDTH = 268  # leaves room for the amount printed after the longest bar
LABEL_HEIGHT = 20
BAR_HEIGHT = 24
ROW_GAP = 14
GROUP_GAP = 14
TOP = 8
AXIS_HEIGHT = 34
# Bar fills by position of the source in the chart: dark enough for 3:1 against white.
FILLS = ["#8a5300", "#0b4f6c", "#5a2d82", "#00703c"]


@dataclass(frozen=True)
class Bar:
    figure: object
    label: str
    amount_label: str
    y: int  # top of the label line
    bar_y: int
    width: float
    fill: str

    @property
    def text_y(self) -> int:
        return self.y + LABEL_HEIGHT - 6

    @property
    def amount_x(self) -> float:
        return LEFT + self.width + 6

    @property
    def amount_y(self) -> int:
        return self.bar_y + BAR_HEIGHT - 7


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    ticks: list[Tick]
    axis_max: int
    width: int
    height: int
    axis_y: int
    left: int = LEFT
    bar_height: int = BAR_HEIGHT
    plot_width: int = PLOT_WIDTH

    @property
    def plot_right(self) -> int:
        return LEFT + PLOT_WIDTH


def dollars(amount: int) -> str:
    return f"${amount:,}"


def _step(largest: int) -> int:
    return 20_000 if largest > 60_000 else 10_000


def _axis_max(largest: int) -> int:
    step = _step(largest)
    return max(step, math.ceil(largest / step) * step)


def bar_width(amount: int, axis_max: int) -> float:
    return round(amount / axis_max * PLOT_WIDTH, 1)


def salary_chart(figures) -> Chart | None:
    """Bars in the figures' order; a little extra space wherever the source changes."""
    figures = list(figures)
    if not figures:
        return None
    axis_max = _axis_max(max(f.amount for f in figures))
    fills: dict[int, str] = {}
    bars, y, previous_source = [], TOP, None
    for figure in figures:
        if previous_source is not None and figure.source_id != previous_source:
            y += GROUP_GAP
        previous_source = figure.source_id
        fill = fills.setdefault(figure.source_id, FILLS[len(fills) % len(FILLS)])
        label = f"{figure.label}, {figure.when}: {figure.kind_label}"
        bars.append(
            Bar(
                figure=figure,
                label=label,
                amount_label=dollars(figure.amount),
                y=y,
                bar_y=y + LABEL_HEIGHT,
                width=bar_width(figure.amount, axis_max),
                fill=fill,
            )
        )
        y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    step = _step(axis_max)
    ticks = [
        Tick(LEFT + value / axis_max * PLOT_WIDTH, "$0" if value == 0 else f"${value // 1000}k")
        for value in range(0, axis_max + 1, step)
    ]
    return Chart(
        bars=bars,
        ticks=ticks,
        axis_max=axis_max,
        width=WIDTH,
        height=y + AXIS_HEIGHT - ROW_GAP,
        axis_y=y - ROW_GAP + 6,
    )
