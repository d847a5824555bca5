"""Reading the structured formats: the rows of a timetable, the sections of a flyer, the
parts of a certificate and the call to action of a banner.

A timetable's cells, a flyer's 日時 / 場所 / お問い合わせ and a certificate's name are
written by the user in the request; they are drawn exactly as written (each cell or value
a substring of the request), never rephrased. What is read here is also blanked out of the
instruction before pictures are read, so 「月曜」 is a day, not a moon to draw.
"""

from __future__ import annotations

import re

from ..words import has
from .intent import Section, Table

__all__ = [
    "CTA_WORDS",
    "SECTION_LABELS",
    "Section",
    "Table",
    "certificate_parts",
    "is_cta",
    "read_sections",
    "read_table",
]

TIME = re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3])[:：][0-5]\d(?:\s*(?:[-–〜~～]|to)\s*(?:[01]?\d|2[0-3])[:：][0-5]\d)?")
# a colon that introduces data: not one inside a time (9:00)
_INTRO = re.compile(r"(?<!\d)[:：]|[:：](?!\d)")  # (not between two digits)
_ROW_SEP = re.compile(r"\s*(?:[、，;；/／\n]|,(?!\d{3}))\s*")
WEEKDAYS_JA = ("月", "火", "水", "木", "金", "土", "日")
WEEKDAYS_EN = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _weekday(cell: str) -> bool:
    c = cell.strip().lower()
    if c and c[0] in WEEKDAYS_JA and (len(c) == 1 or c[1:] in ("曜", "曜日")):
        return True
    return c[:3] in WEEKDAYS_EN and c.rstrip(".").isalpha() and len(c) <= 9


def _time_row(text: str) -> list[str] | None:
    """'Opening 9:00' / '9:00 開会式' → ['9:00', 'Opening']; None without a time."""
    m = TIME.search(text)
    if m is None:
        return None
    rest = (text[: m.start()] + " " + text[m.end() :]).strip(" \u3000-–:：,、")
    rest = re.sub(r"\s{2,}", " ", rest)
    return [m.group(0).strip(), rest] if rest else None


def read_table(instruction: str, texts: list[str]) -> tuple[Table | None, str, list[str]]:
    """The table a timetable request gives, the instruction with its data blanked out, and
    the quoted texts that are not rows (a title). None when there is no table."""
    rows: list[list[str]] = []
    used = ""
    m = _INTRO.search(instruction)
    if m is not None:
        data = instruction[m.end() :]
        # the data ends at a sentence end after it (「…。背景は青で」)
        cut = re.search(r"[。！？!?]\s|[。！？]", data)
        body = data[: cut.start()] if cut else data
        for part in _ROW_SEP.split(body.strip()):
            part = part.strip(" \u3000.")
            if not part:
                continue
            timed = _time_row(part)
            cells = timed or [c for c in re.split(r"[\s\u3000・|｜]+", part) if c]
            if cells:
                rows.append(cells)
        if rows:
            used = body
    rest = list(texts)
    if not rows:  # quoted rows: 'Opening 9:00', 'Keynote 9:30'
        timed_rows = [(t, _time_row(t)) for t in texts]
        if sum(1 for _, r in timed_rows if r) >= 2:
            rows = [r for _, r in timed_rows if r]
            rest = [t for t, r in timed_rows if not r]
    if len(rows) < 2 and not (rows and len(rows[0]) >= 3):
        return None, instruction, texts
    times = all(TIME.fullmatch(r[0]) for r in rows)
    if used:
        at = instruction.find(used)
        instruction = instruction[:at] + " " * len(used) + instruction[at + len(used) :]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    table = Table(rows=rows, times=times, row_heads=width > 1)
    # days as row heads (月曜 数学 英語 …): a school timetable reads days across the top
    if not times and width >= 3 and all(_weekday(r[0]) for r in rows):
        header = [r[0] for r in rows]
        periods = [[r[i] for r in rows] for i in range(1, width)]
        table = Table(header=[""] + header, rows=[[str(i)] + p for i, p in enumerate(periods, 1)], row_heads=True)
    return table, instruction, rest


SECTION_LABELS: dict[str, tuple[str, ...]] = {
    "date": ("日時", "日程", "開催日", "開催日時", "日付", "時間", "when", "date", "dates", "time"),
    "place": ("場所", "会場", "開催場所", "アクセス", "where", "place", "venue", "location", "address"),
    "price": ("料金", "参加費", "入場料", "入場", "費用", "price", "fee", "admission", "cost", "tickets"),
    "body": ("内容", "対象", "定員", "持ち物", "主催", "詳細", "details", "what", "who", "host", "hosted by"),
    "contact": (
        "お問い合わせ",
        "お問合せ",
        "問い合わせ",
        "連絡先",
        "申込",
        "申し込み",
        "tel",
        "電話",
        "contact",
        "info",
        "rsvp",
        "email",
        "phone",
    ),
}


def read_sections(instruction: str) -> tuple[list[Section], str]:
    """Labelled parts of a flyer request (日時 4月12日 場所 中央公園 …; "When: May 3, Where:
    …"), each value running to the next label, and the instruction with them blanked."""
    low = instruction.lower()
    found: list[tuple[int, int, str, str]] = []  # start, end of label, label, role
    for role, labels in SECTION_LABELS.items():
        for label in labels:
            pat = re.escape(label)
            if label.isascii():
                pat = rf"(?<![a-z]){pat}(?![a-z])\s*[:：]"  # English labels need a colon
            else:
                pat = rf"{pat}(?:[:：]|\s|は)"
            for m in re.finditer(pat, low):
                found.append((m.start(), m.end(), instruction[m.start() : m.start() + len(label)], role))
    found.sort()
    kept: list[tuple[int, int, str, str]] = []
    for f in found:  # overlapping labels (開催日 / 開催日時): the longer, earlier one
        if kept and f[0] < kept[-1][1]:
            if f[1] - f[0] > kept[-1][1] - kept[-1][0] and f[0] == kept[-1][0]:
                kept[-1] = f
            continue
        kept.append(f)
    sections: list[Section] = []
    spans: list[tuple[int, int]] = []
    for i, (start, end, label, role) in enumerate(kept):
        stop = kept[i + 1][0] if i + 1 < len(kept) else len(instruction)
        value = instruction[end:stop]
        cut = re.search(r"[。]|(?<![\d])[.](?!\d)\s|で(?:作って|お願い)|を作って|のチラシ|のフライヤー", value)
        if cut:
            value = value[: cut.start()]
        value = value.strip(" \u3000,、，;；:：")
        if value.endswith(".") and not re.search(r"\b[A-Za-z]\.$|\.\.$", value):
            value = value[:-1].rstrip()  # the sentence's full stop, not an abbreviation's
        if not value or not any(ch.isalnum() for ch in value):
            continue
        sections.append(Section(label=label, value=value, role=role))
        spans.append((start, end + instruction[end:stop].find(value) + len(value)))
    for a, b in spans:
        instruction = instruction[:a] + " " * (b - a) + instruction[b:]
    return sections, instruction


CTA_WORDS = (
    "register",
    "sign up",
    "join",
    "book now",
    "buy",
    "shop now",
    "order",
    "apply",
    "learn more",
    "get started",
    "download",
    "subscribe",
    "try",
    "rsvp",
    "申し込",
    "申込",
    "予約",
    "今すぐ",
    "詳しくは",
    "参加",
    "購入",
    "登録",
    "チェック",
    "ダウンロード",
)


def is_cta(text: str) -> bool:
    """A call to action: a short text that asks to do something ('Register now', 今すぐ予約)."""
    return len(text) <= 24 and has(text.lower(), CTA_WORDS) is not None


HONORIFICS = ("殿", "様", "さん", "君", "くん")


def _award(word: str) -> bool:
    """An award's name (優秀賞, 皆勤賞, 表彰状, 金賞), not a person's."""
    return len(word) >= 2 and (word.endswith(("賞", "状", "章", "杯")) or "賞" in word)


_TO_NAME = re.compile(r"(?:for|to|presented to|awarded to|recipient|name|宛|宛て|名前)\s*[:：]?\s*$", re.IGNORECASE)


def certificate_parts(texts: list[str], prompt: str = "") -> list[tuple[str, str]]:
    """(text, role) of a certificate's texts: title (the award), name, body, date, issuer.
    A single quoted text of several words (『優秀賞 山田太郎 殿』) is split at its spaces, an
    honorific staying with its name; every part is a substring of what was written."""
    from .picture import DATE

    parts: list[str] = []
    for t in texts:
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\s\u3000]+", t)]
        named = len(spans) >= 3 and t[spans[-1][0] : spans[-1][1]] in HONORIFICS  # 優秀賞 山田太郎 殿
        if (len(texts) == 1 and len(spans) >= 2 or named) and not t.isascii():
            # the award words in front (優秀賞, 皆勤賞) are parts of their own; the rest, to
            # its honorific, is one name with its spaces kept (佐藤 花子 様)
            k = 0
            while k < len(spans) - 1 and _award(t[spans[k][0] : spans[k][1]]):
                k += 1
            parts.extend(t[a:b] for a, b in spans[:k])
            parts.append(t[spans[k][0] :] if k < len(spans) else "")
        else:
            parts.append(t)
    parts = [p for p in parts if p.strip()]
    out: list[tuple[str, str]] = []
    for i, p in enumerate(parts):
        low = p.lower()
        at = prompt.find(p)
        before = prompt[max(0, at - 20) : at].rstrip(" 『「\"'“") if at > 0 else ""
        if (
            p.rstrip().endswith(HONORIFICS)
            or low.startswith(("presented to", "awarded to", "this certifies"))
            or (_TO_NAME.search(before) and len(p) <= 40)
        ):
            role = "name"
        elif DATE.search(p) or re.search(r"(令和|平成|昭和)\s*\S+年", p):
            role = "date"
        elif re.search(r"(校長|会長|社長|理事長|代表|部長|委員長|園長|principal|president|director|ceo|chair)", low):
            role = "issuer"
        elif i == 0 and len(p) <= 16:
            role = "title"
        elif len(p) > 16:
            role = "body"
        elif not any(r == "name" for _, r in out):
            role = "name"
        else:
            role = "body"
        out.append((p, role))
    return out
