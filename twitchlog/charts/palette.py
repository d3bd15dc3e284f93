"""Chart colours that follow the app's light or dark palette and survive greyscale print.

Every series that must be told apart also differs in lightness, line style or marker
shape, never in hue alone. No matplotlib import here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class ChartPalette:
    """Colours (matplotlib colour strings) and colour maps for every chart."""

    name: str
    background: str  # figure and axes face
    text: str  # titles, labels, ticks
    muted_text: str  # subtitles and notes
    grid: str
    episodes: str  # daily values (a light fill)
    rolling: str  # the rolling mean line: darkest / most prominent
    factor: str  # an overlaid factor: dashed line
    untracked: str  # shading of days without a check-in
    significant: str  # significant associations: filled markers
    not_significant: str  # hollow markers
    bar: str  # bar charts
    bar_edge: str
    sides: tuple[str, str, str, str]  # left, right, both, unspecified
    medications: tuple[str, ...]  # bars on the timeline
    heat_cmap: str  # sequential map, lightness increases monotonically
    period_a: str
    period_b: str

    @classmethod
    def light(cls) -> ChartPalette:
        return cls(
            name="light",
            background="#ffffff",
            text="#1f2328",
            muted_text="#57606a",
            grid="#d8dee4",
            episodes="#9ec5e8",
            rolling="#0b3d91",
            factor="#b35806",
            untracked="#e6e6e6",
            significant="#c0392b",
            not_significant="#8c959f",
            bar="#4a7fb5",
            bar_edge="#1f4e79",
            sides=("#1f4e79", "#6baed6", "#c6dbef", "#eeeeee"),
            medications=("#7b3294", "#008837", "#a6611a", "#0571b0"),
            heat_cmap="YlOrRd",
            period_a="#a6bddb",
            period_b="#1f4e79",
        )

    @classmethod
    def dark(cls) -> ChartPalette:
        return cls(
            name="dark",
            background="#1e1f22",
            text="#e6e6e6",
            muted_text="#a9b1ba",
            grid="#3a3d42",
            episodes="#2f5f8a",
            rolling="#9fd3ff",
            factor="#fdb863",
            untracked="#303236",
            significant="#ff7b72",
            not_significant="#8b949e",
            bar="#5b9bd5",
            bar_edge="#b7d7f5",
            sides=("#c6e2ff", "#6baed6", "#2f6ea3", "#444a52"),
            medications=("#c2a5cf", "#a6dba0", "#dfc27d", "#92c5de"),
            heat_cmap="magma",
            period_a="#4f6d8a",
            period_b="#b7d7f5",
        )

    @classmethod
    def print(cls) -> ChartPalette:
        """Black on white, distinguished by lightness only: safe on any printer."""
        return cls(
            name="print",
            background="#ffffff",
            text="#000000",
            muted_text="#444444",
            grid="#cccccc",
            episodes="#c8c8c8",
            rolling="#000000",
            factor="#555555",
            untracked="#ececec",
            significant="#000000",
            not_significant="#888888",
            bar="#707070",
            bar_edge="#000000",
            sides=("#202020", "#707070", "#b0b0b0", "#e8e8e8"),
            medications=("#404040", "#808080", "#a0a0a0", "#606060"),
            heat_cmap="Greys",
            period_a="#bbbbbb",
            period_b="#404040",
        )

    @classmethod
    def for_background(cls, lightness: float, background: str | None = None) -> ChartPalette:
        """The light or dark palette for a window colour of ``lightness`` (0-1),
        optionally with the window's own background colour."""
        palette = cls.dark() if lightness < 0.5 else cls.light()
        return replace(palette, background=background) if background else palette
