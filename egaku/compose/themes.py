"""Themes: palettes, decoration and icons that carry a request's mood.

Each palette has a dominant (the background), a secondary, an accent (for the one thing
the eye should hit first after the title), the ink of the title and neutrals. Colours
were picked by eye on rendered posters, then checked for contrast (title ink against the
background ≥ 4.5:1, most ≥ 7:1).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..words import find_word


@dataclass(frozen=True)
class Theme:
    name: str
    words: tuple[str, ...]  # Japanese and English words that choose it (lower case)
    bg: tuple[str, ...]  # background gradient, top to bottom
    ink: str  # title
    sub_ink: str  # subtitles and body
    accent: str
    deco: tuple[str, ...]  # decoration colours (effects, shapes)
    effect: str | None
    icons: tuple[str, ...]  # emoji, most fitting first
    motif: str  # "rays" | "circles" | "frame" | "band" | "sun" | "none"
    font: str = "display"
    mood: str = ""
    extra: dict[str, str] = field(default_factory=dict)


THEMES: dict[str, Theme] = {
    t.name: t
    for t in [
        Theme(
            "festival",
            ("文化祭", "学園祭", "祭", "まつり", "縁日", "festival", "fest", "carnival", "fair", "fete"),
            ("#7A0B22", "#A50E2D", "#B8202A"),
            "#FFF7E6",
            "#FFE3B3",
            "#FFC93C",
            ("#FFC93C", "#FFF7E6", "#2EC4B6", "#FF8FA3", "#7BDFF2"),
            "confetti",
            ("🎉", "🎊", "🏮"),
            "rays",
            mood="warm reds and golds with confetti",
        ),
        Theme(
            "spring",
            ("春", "桜", "さくら", "花見", "入学", "spring", "sakura", "cherry", "blossom"),
            ("#FFF4F6", "#FDE2E8", "#F9CCD8"),
            "#3B1F35",
            "#5E3A52",
            "#D9467A",
            ("#F7A8C0", "#F48FB1", "#FBD3DF", "#9CCC65"),
            "petals",
            ("🌸", "🌷", "🌱"),
            "circles",
            mood="sakura pink with fresh green",
        ),
        Theme(
            "summer",
            ("夏", "海", "花火", "ビーチ", "summer", "beach", "sea", "ocean", "tropical"),
            ("#8FD8F8", "#BEEBFC", "#FFF4D6"),
            "#0B3954",
            "#145374",
            "#FF8C42",
            ("#FFB400", "#FFFFFF", "#FF8C42"),
            "sparkles",
            ("🌻", "☀️", "🍉"),
            "sun",
            mood="sky blue and sun yellow",
        ),
        Theme(
            "autumn",
            ("秋", "紅葉", "収穫", "autumn", "fall", "harvest", "halloween", "ハロウィン"),
            ("#FFF3E2", "#FBE0C0", "#F3C58F"),
            "#4A2511",
            "#6B3A1E",
            "#D2541E",
            ("#D2541E", "#E8912D", "#B5371B", "#C9A227"),
            "leaves",
            ("🍁", "🍂", "🌰"),
            "circles",
            mood="warm oranges and browns with falling leaves",
        ),
        Theme(
            "winter",
            ("冬", "雪", "クリスマス", "正月", "winter", "snow", "christmas", "xmas", "holiday"),
            ("#0B2545", "#13315C", "#2D5F8B"),
            "#FFFFFF",
            "#D7E9F7",
            "#9AD1F5",
            ("#FFFFFF", "#D7E9F7", "#9AD1F5"),
            "snow",
            ("❄️", "⛄", "🎄"),
            "circles",
            mood="cool blues and white with snow",
        ),
        Theme(
            "birthday",
            ("誕生日", "バースデー", "お祝い", "birthday", "party", "celebration", "anniversary"),
            ("#FFF8E7", "#FFEAF1", "#FFDDE8"),
            "#3D1A5B",
            "#5B3A78",
            "#FF4F81",
            ("#FF4F81", "#FFC93C", "#4CC9F0", "#7B61FF", "#2EC4B6"),
            "confetti",
            ("🎂", "🎈", "🎁"),
            "circles",
            mood="candy colours with confetti",
        ),
        Theme(
            "graduation",
            ("卒業", "修了", "graduation", "graduate", "commencement", "ceremony"),
            ("#101C33", "#17284A", "#22396A"),
            "#FBF4E2",
            "#E9DDBC",
            "#E2B553",
            ("#E2B553", "#FBF4E2", "#F5D78E"),
            "sparkles",
            ("🎓", "🌸", "📜"),
            "frame",
            font="serif",
            mood="ink navy with gold, formal serif",
        ),
        Theme(
            "sale",
            ("セール", "特売", "割引", "バーゲン", "sale", "discount", "bargain", "off"),
            ("#D62828", "#C1121F", "#A4161A"),
            "#FFFFFF",
            "#FFF1C1",
            "#FFD60A",
            ("#FFD60A", "#FFFFFF", "#FFB703"),
            "dots",
            ("🏷️", "🛍️", "💥"),
            "rays",
            mood="bold red and yellow, loud",
        ),
        Theme(
            "school",
            ("学校", "授業", "部活", "クラス", "school", "class", "club", "study", "lesson"),
            ("#F7F4EA", "#EEF3E6", "#E2ECD9"),
            "#1F3A2E",
            "#35574A",
            "#E9A23B",
            ("#E9A23B", "#6BA368", "#4A90A4"),
            "dots",
            ("🏫", "✏️", "📚"),
            "band",
            mood="paper and chalkboard green",
        ),
        Theme(
            "night",
            ("夜", "星空", "月夜", "お月", "night", "stars", "starry", "moon", "galaxy"),
            ("#070B1F", "#141A3D", "#2A2F62"),
            "#F5F3FF",
            "#C9C6F2",
            "#FFD166",
            ("#FFD166", "#FFFFFF", "#C9C6F2"),
            "sparkles",
            ("🌙", "⭐", "✨"),
            "sun",
            mood="deep navy with light accents",
        ),
        Theme(
            "cafe",
            ("カフェ", "喫茶", "コーヒー", "珈琲", "cafe", "café", "coffee", "bistro", "tea"),
            ("#26332C", "#2B3A32", "#314238"),
            "#F4EBD9",
            "#E8DCC4",
            "#E0B15C",
            ("#E0B15C", "#F4EBD9", "#C98B5B"),
            None,
            ("☕", "🍵", "🍰"),
            "frame",
            font="serif",
            mood="chalkboard green with cream chalk and latte gold",
        ),
        Theme(
            "calm",
            ("穏やか", "やさしい", "calm", "gentle", "soft", "minimal"),
            ("#FDF7EE", "#F8E6DA", "#EAD9EC"),
            "#2E2A3A",
            "#4D4660",
            "#E07A5F",
            ("#E07A5F", "#F2CC8F", "#81B29A"),
            "sparkles",
            (),
            "sun",
            font="serif",
            mood="dawn pastels, quiet serif",
        ),
    ]
}

DEFAULT_THEME = "calm"


def find_theme(text: str) -> tuple[Theme, str | None]:
    """The first theme whose word appears in ``text`` (earliest position wins), and the word."""
    low = text.lower()
    best: tuple[int, Theme, str] | None = None
    for theme in THEMES.values():
        for word in theme.words:
            i = find_word(low, word)
            if i >= 0 and (best is None or i < best[0]):
                best = (i, theme, word)
    if best is None:
        return THEMES[DEFAULT_THEME], None
    return best[1], best[2]
