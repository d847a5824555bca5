"""Colour and light: sky colours by time and weather, and the grading of everything else.

The sky's zenith, middle and horizon colours for each time of day, greyed by the weather;
the grade applied to ground and props (a multiply for the light of the hour, a tint for
the weather; indoors the lights are on and the weather stays outside; the stage is lit
as it is).
"""

from __future__ import annotations

from collections.abc import Callable


def _rgb(c: str) -> tuple[int, int, int]:
    return int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)


def _mix(a: str, b: str, t: float) -> str:
    """``a`` moved a fraction ``t`` toward ``b``."""
    t = min(1.0, max(0.0, t))
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(_rgb(a), _rgb(b)))


def _dark(c: str, t: float) -> str:
    return _mix(c, "#1c2230", t)


# Sky colours: zenith, middle, horizon.
_SKY = {
    "day": ("#5ea6dd", "#8cc2e8", "#d4ebf7"),
    "morning": ("#86b5e0", "#bcd3ea", "#fbe1c8"),
    "sunset": ("#5b5b9c", "#d9819b", "#ffbd80"),
    "night": ("#0c1533", "#17244d", "#2f406f"),
}
# Weather: the grey the sky moves toward and how far (day; night uses a dark grey).
_SKY_WEATHER = {
    "clear": ("#9aa6b2", 0.0),
    "cloudy": ("#a9b3bd", 0.5),
    "rain": ("#7f8994", 0.72),
    "downpour": ("#535d68", 0.86),
    "snow": ("#c7cfd8", 0.62),
}
# Grading of the ground and props: the tint they move toward, and how far.
# Light of the hour on the ground and props: a multiply (keeps hues apart, unlike a mix
# toward one grey) and then a little of a tint.
_TIME_GRADE: dict[str, tuple[tuple[float, float, float], str, float]] = {
    "day": ((1.0, 1.0, 1.0), "#ffffff", 0.0),
    "morning": ((1.0, 0.97, 0.92), "#ffe3c4", 0.06),
    "sunset": ((1.0, 0.83, 0.74), "#f08a6a", 0.1),
    "night": ((0.3, 0.37, 0.58), "#1b2750", 0.12),
}
# Indoors the lights are on: warm and dim at night, and the weather stays outside.
_ROOM_GRADE: dict[str, tuple[tuple[float, float, float], str, float]] = {
    "day": ((1.0, 1.0, 1.0), "#ffffff", 0.0),
    "morning": ((1.0, 0.98, 0.95), "#ffe3c4", 0.04),
    "sunset": ((1.0, 0.92, 0.85), "#f0a07a", 0.05),
    "night": ((0.8, 0.72, 0.64), "#3a3050", 0.08),
}
_WEATHER_GRADE = {
    "clear": ("#ffffff", 0.0),
    "cloudy": ("#8d97a3", 0.14),
    "rain": ("#5c6773", 0.26),
    "downpour": ("#434d58", 0.4),
    "snow": ("#dfe6ee", 0.12),
}


def _sky_colors(time: str, weather: str) -> tuple[str, str, str]:
    grey, amount = _SKY_WEATHER[weather]
    if time == "night":
        grey = _mix(grey, "#0a0f1e", 0.78)
    elif time == "sunset":
        grey = _mix(grey, "#a87a80", 0.3)
    top, mid, hor = _SKY[time]
    return _mix(top, grey, amount), _mix(mid, grey, amount), _mix(hor, grey, amount * 0.9)


def _grader(setting: str, time: str, weather: str) -> Callable[[str], str]:
    if setting == "stage":
        return lambda c: c
    mul, tint, t = (_ROOM_GRADE if setting == "room" else _TIME_GRADE)[time]
    wtint, wt = _WEATHER_GRADE[weather]
    if setting == "room":
        wt *= 0.3
    if time == "night":
        wtint = _mix(wtint, "#141d40", 0.7)

    def grade(c: str) -> str:
        r, g, b = _rgb(c)
        lit = "#" + "".join(f"{min(255, round(ch * k)):02x}" for ch, k in zip((r, g, b), mul))
        return _mix(_mix(lit, tint, t), wtint, wt)

    return grade
