"""Facts to records: match results and quantities read from search results, each number traceable.

    extract(hits, ask) -> Extraction     records, and what was dropped and why

Rules read the common written patterns, in Japanese and English:

- match results: "巨人 5-3 阪神", "Arsenal 2–1 Chelsea", "巨人が阪神に5-3で勝利",
  "Lakers beat Celtics 110-102", full-width digits and dashes included;
- quantities: a number with its unit ("35.2℃", "3.2兆円", "前年比12%増", "$3.2 billion",
  "1,234人") and the words before it as the label.

Every number of a record is checked to appear verbatim in the snippet it came from (after
folding full-width digits, NFKC); a record that fails is rejected with a trace line.
Nothing is estimated or filled in.

Relevance (:func:`Ask.reason_to_drop`): a hit about another sport, another league or
another date than the request asked for is dropped, with the reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field

__all__ = ["Ask", "Extraction", "MatchRecord", "QuantityRecord", "extract", "read_ask", "sports_in"]

# --------------------------------------------------------------------------- vocabulary

SPORT_WORDS: dict[str, tuple[str, ...]] = {
    "baseball": (
        "プロ野球", "野球", "npb", "セ・リーグ", "パ・リーグ", "セリーグ", "パリーグ", "mlb", "baseball", "ナ・リーグ",
        "ア・リーグ", "甲子園", "日本シリーズ", "world series", "innings", "home run", "本塁打",
    ),
    "football": (
        "サッカー", "jリーグ", "j1", "j2", "premier league", "プレミアリーグ", "soccer", "la liga", "ラ・リーガ",
        "serie a", "セリエa", "bundesliga", "ブンデスリーガ", "champions league", "チャンピオンズリーグ", "fifa", "uefa",
        "fa cup", "epl", "football club", "fc ",
    ),
    "basketball": ("バスケ", "バスケットボール", "nba", "bリーグ", "basketball", "wnba"),
    "american_football": ("nfl", "アメフト", "super bowl", "touchdown"),
    "hockey": ("nhl", "アイスホッケー", "ice hockey"),
    "rugby": ("ラグビー", "rugby"),
}  # fmt: skip
LEAGUES: dict[str, tuple[str, tuple[str, ...]]] = {
    # league: (sport, its names)
    "セ・リーグ": ("baseball", ("セ・リーグ", "セリーグ", "セントラル・リーグ", "central league")),
    "パ・リーグ": ("baseball", ("パ・リーグ", "パリーグ", "パシフィック・リーグ", "pacific league")),
    "MLB": ("baseball", ("mlb", "メジャーリーグ", "major league")),
    "Premier League": ("football", ("premier league", "プレミアリーグ", "epl")),
    "J1": ("football", ("j1", "jリーグ", "j.league", "j league")),
    "La Liga": ("football", ("la liga", "ラ・リーガ")),
    "NBA": ("basketball", ("nba",)),
    "Bリーグ": ("basketball", ("bリーグ", "b.league")),
    "NFL": ("american_football", ("nfl",)),
}
# clubs whose names alone say the league (a snippet often names no league)
TEAMS: dict[str, tuple[str, ...]] = {
    "セ・リーグ": ("巨人", "読売", "ジャイアンツ", "阪神", "タイガース", "ヤクルト", "スワローズ", "広島", "カープ", "dena",
                "ベイスターズ", "中日", "ドラゴンズ"),
    "パ・リーグ": ("ソフトバンク", "ホークス", "日本ハム", "日ハム", "ファイターズ", "ロッテ", "マリーンズ", "楽天", "イーグルス",
                "西武", "ライオンズ", "オリックス", "バファローズ"),
    "Premier League": ("arsenal", "chelsea", "liverpool", "manchester united", "man utd", "manchester city", "man city",
                       "tottenham", "spurs", "newcastle", "aston villa", "everton", "west ham", "brighton", "fulham",
                       "brentford", "crystal palace", "wolves", "nottingham forest", "bournemouth", "アーセナル",
                       "チェルシー", "リバプール", "マンチェスター"),
    "NBA": ("lakers", "celtics", "warriors", "bulls", "knicks", "heat", "nets", "bucks", "suns", "mavericks", "nuggets",
            "76ers", "sixers", "clippers", "raptors", "spurs", "rockets", "jazz", "thunder", "grizzlies", "kings", "hawks",
            "cavaliers", "pistons", "pacers", "magic", "hornets", "wizards", "timberwolves", "pelicans", "trail blazers"),
}  # fmt: skip
SPORT_JA = {"baseball": "プロ野球", "football": "サッカー", "basketball": "バスケットボール",
            "american_football": "アメフト", "hockey": "アイスホッケー", "rugby": "ラグビー"}  # fmt: skip
SPORT_EN = {"baseball": "Baseball", "football": "Football", "basketball": "Basketball",
            "american_football": "NFL", "hockey": "Hockey", "rugby": "Rugby"}  # fmt: skip

CHART_WORDS = ("グラフ", "チャート", "図", "chart", "graph", "plot")
BAR_WORDS = ("棒グラフ", "bar chart", "bar graph", "bars")
PIE_WORDS = ("円グラフ", "pie chart", "pie")
LINE_WORDS = ("折れ線", "line chart", "line graph", "trend", "推移")
RESULT_WORDS = (
    "試合結果",
    "結果",
    "スコア",
    "score",
    "scores",
    "result",
    "results",
    "scoreboard",
    "スコアボード",
    "試合",
)

# --------------------------------------------------------------------------- records


class MatchRecord(BaseModel):
    """One match: two sides and their scores, exactly as the snippet wrote them."""

    kind: Literal["match"] = "match"
    home: str
    away: str
    home_score: int = Field(ge=0)
    away_score: int = Field(ge=0)
    raw: str = Field(description="the words of the snippet that said it")
    sport: str = ""
    league: str = ""
    day: str = Field("", description="ISO date the snippet or page gives, else ''")
    hit: int = Field(ge=0, description="which search result (0-based)")

    @property
    def winner(self) -> str:
        return "" if self.home_score == self.away_score else ("home" if self.home_score > self.away_score else "away")


class QuantityRecord(BaseModel):
    """One number with its unit and what it is of."""

    kind: Literal["quantity"] = "quantity"
    label: str
    value: float
    number: str = Field(description="the number exactly as written (after folding full-width digits)")
    prefix: str = Field("", description="a currency sign written before it ($, ¥, €, £)")
    unit: str = ""
    raw: str
    hit: int = Field(ge=0)


Record = MatchRecord | QuantityRecord


@dataclass
class Ask:
    """What the request asks of the facts: the sport, league, day, and the figure."""

    sport: str = ""
    league: str = ""
    day: date | None = None
    day_words: str = ""
    figure: str = ""  # "" | chart | bar | pie | line | scoreboard
    wants_results: bool = False
    terms: list[str] = field(default_factory=list)  # what the request is about (its search words)

    def reason_to_drop(self, text: str, published: Any, today: date) -> str:
        """Why a hit does not answer the request ('' when it may)."""
        low = fold(text).lower()
        sports = sports_in(low)
        if (
            (self.figure or self.wants_results)  # a figure of numbers: they must be about what was asked
            and not self.sport
            and not self.league
            and self.terms
            and not any(t in low for t in self.terms)
        ):
            return f"not about {', '.join(self.terms[:3])}"
        if self.sport and sports and self.sport not in sports:
            return f"another sport ({', '.join(sorted(sports))}; asked {self.sport})"
        leagues = leagues_in(low)
        if self.league and leagues and self.league not in leagues:
            same_sport = {lg for lg in leagues if LEAGUES[lg][0] == LEAGUES[self.league][0]}
            if same_sport and self.league not in same_sport:
                return f"another league ({', '.join(sorted(leagues))}; asked {self.league})"
        if self.day is not None and (self.sport or self.league or self.wants_results):
            days = dates_in(low, today)
            if days and self.day not in days:
                shown = ", ".join(sorted(d.isoformat() for d in days))
                return f"another date ({shown}; asked {self.day.isoformat()})"
            if not days and published is not None and hasattr(published, "date"):
                # a page names no day: one published before the day, or days after it, is not its report
                p = published.date()
                if p < self.day or p > self.day + timedelta(days=1):
                    return f"another date (published {p.isoformat()}; asked {self.day.isoformat()})"
        return ""


@dataclass
class Extraction:
    matches: list[MatchRecord] = field(default_factory=list)
    quantities: list[QuantityRecord] = field(default_factory=list)
    kept_hits: list[int] = field(default_factory=list)
    dropped: list[tuple[int, str]] = field(default_factory=list)  # (hit, why)
    rejected: list[str] = field(default_factory=list)  # records that failed the verbatim check


# --------------------------------------------------------------------------- reading


def fold(text: str) -> str:
    """Full-width digits, letters and dashes folded (NFKC), and the dash family made '-'."""
    t = unicodedata.normalize("NFKC", text)
    return re.sub(r"[‐‑‒–—―−ー－](?=\s*\d)", "-", t)


def sports_in(low: str) -> set[str]:
    found = {s for s, words in SPORT_WORDS.items() if any(_word_in(w, low) for w in words)}
    for league in leagues_in(low):
        found.add(LEAGUES[league][0])
    return found


def leagues_in(low: str) -> set[str]:
    found = {lg for lg, (_s, names) in LEAGUES.items() if any(_word_in(n, low) for n in names)}
    for lg, teams in TEAMS.items():
        if any(_word_in(t, low) for t in teams):
            found.add(lg)
    return found


def _word_in(word: str, low: str) -> bool:
    if word.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(word.strip())}(?![a-z0-9])", low) is not None
    return word in low


MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}  # fmt: skip


def dates_in(low: str, today: date) -> set[date]:
    """Calendar days a text names (11月29日, 11/29, Nov 29, 2026-11-29), in today's year."""
    out: set[date] = set()

    def add(y: int, m: int, d: int) -> None:
        try:
            out.add(date(y, m, d))
        except ValueError:
            pass

    for m in re.finditer(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日", low):
        add(int(m.group(1) or today.year), int(m.group(2)), int(m.group(3)))
    for m in re.finditer(r"(\d{4})-(\d{2})-(\d{2})", low):
        add(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for m in re.finditer(r"(?<![\d/.])(\d{1,2})/(\d{1,2})(?![\d/])", low):
        add(today.year, int(m.group(1)), int(m.group(2)))
    for m in re.finditer(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})\b", low):
        add(today.year, MONTHS[m.group(1)], int(m.group(2)))
    for m in re.finditer(r"\b(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", low):
        add(today.year, MONTHS[m.group(2)], int(m.group(1)))
    return out


def read_ask(instruction: str, today: date) -> Ask:
    """What the request asks of the facts, from its words."""
    low = fold(instruction).lower()
    ask = Ask()
    sports = sports_in(low)
    named_leagues = {lg for lg, (_s, names) in LEAGUES.items() if any(_word_in(n, low) for n in names)}
    if len(named_leagues) == 1:
        ask.league = next(iter(named_leagues))
    if len(sports) == 1:
        ask.sport = next(iter(sports))
    for words, delta in (
        (("昨日", "きのう", "yesterday", "last night", "昨夜"), -1),
        (("今日", "本日", "today", "tonight"), 0),
    ):
        for w in words:
            if w in low:
                ask.day, ask.day_words = today + timedelta(days=delta), w
                break
        if ask.day is not None:
            break
    if ask.day is None:
        days = dates_in(low, today)
        if len(days) == 1:
            ask.day = next(iter(days))
            ask.day_words = ask.day.isoformat()
    ask.wants_results = any(_word_in(w, low) for w in RESULT_WORDS)
    if any(w in low for w in PIE_WORDS):
        ask.figure = "pie"
    elif any(w in low for w in LINE_WORDS):
        ask.figure = "line"
    elif any(w in low for w in BAR_WORDS):
        ask.figure = "bar"
    elif any(_word_in(w, low) for w in CHART_WORDS):
        ask.figure = "chart"
    elif any(w in low for w in ("scoreboard", "スコアボード", "表", "table")):
        ask.figure = "scoreboard"
    return ask


_JA_NAME = r"[A-Za-z\u3041-\u30ff\u4e00-\u9fff・ー々]{1,12}"
_EN_WORD = r"(?:[A-Z][\w.&'’]*|\d+[A-Za-z][\w.&'’]*)"  # a capitalised word, or 76ers; never a bare number
_EN_NAME = rf"{_EN_WORD}(?:\s+(?:{_EN_WORD}|of|de|and))*"
_SCORE = r"(?P<s1>\d{1,3})\s*(?:-|:|対)\s*(?P<s2>\d{1,3})"
MATCH_PATTERNS = (
    # 巨人が阪神に5-3で勝利 (the specific forms first: the generic one would read 「巨人が阪神に」 as a name)
    re.compile(rf"(?P<a>{_JA_NAME})が(?P<b>{_JA_NAME})に\s*{_SCORE}\s*で(?:勝|快勝|逆転勝|競り勝|サヨナラ勝)"),
    # Lakers beat Celtics 110-102
    re.compile(
        rf"(?P<a>{_EN_NAME})\s+(?:beat|beats|defeated|defeats|def\.|edged|edge|routed|rout)\s+(?P<b>{_EN_NAME}),?\s*{_SCORE}"
    ),
    # Yankees 5, Red Sox 3
    re.compile(rf"(?P<a>{_EN_NAME})\s+(?P<s1>\d{{1,3}}),\s*(?P<b>{_EN_NAME})\s+(?P<s2>\d{{1,3}})(?![\d.,]\d)"),
    # 巨人 5-3 阪神 / Arsenal 2-1 Chelsea
    re.compile(rf"(?P<a>{_JA_NAME}|{_EN_NAME})\s*{_SCORE}\s*(?P<b>{_JA_NAME}|{_EN_NAME})"),
)
_LEAD_NOISE = re.compile(
    r"^(?:(?:final|result|results|ft|full[- ]time|score|scores|yesterday|today|in|at|and|the|試合結果|結果|速報|昨日|今日)\s*[:：]?\s*)+",
    re.I,
)
_TRAIL_NOISE = re.compile(r"\s+(?:in|at|on|after|with|to|for|and|the)\b.*$", re.I)
_UNITS = (
    r"%|％|パーセント|億円|万円|兆円|千円|円|ドル|ユーロ|万人|人|件|台|個|本|点|位|℃|°C|度|km|kg|mm|cm|m|t|"
    r"billion|million|thousand|percent|points|pts|people|yen|dollars"
)
QUANTITY = re.compile(
    rf"(?P<label>[^\s\d、,。:：;()（）「」『』]{{1,16}}?)\s*(?:は|が|:|：|of)?\s*(?P<cur>[$¥€£])?\s*"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>{_UNITS})?(?![A-Za-z0-9])",
)


def extract(hits: list[Any], ask: Ask, today: date) -> Extraction:
    """Records from the hits that answer the request (see the module doc)."""
    ex = Extraction()
    for i, hit in enumerate(hits):
        text = f"{getattr(hit, 'title', '')}。{getattr(hit, 'snippet', '')}"
        why = ask.reason_to_drop(text, getattr(hit, "published", None), today)
        if why:
            ex.dropped.append((i, why))
            continue
        ex.kept_hits.append(i)
        low_all = fold(text).lower()
        hit_days = dates_in(low_all, today)
        day = next(iter(hit_days)).isoformat() if len(hit_days) == 1 else ""
        for segment in _segments(fold(text)):
            for rec in _matches(segment, i, day):
                if not _verbatim(rec, text):
                    ex.rejected.append(f"{rec.raw!r}: a number is not in the snippet as written")
                    continue
                seg_low = segment.lower()
                sports = sports_in(seg_low) or sports_in(low_all)
                leagues = leagues_in(f"{rec.home} {rec.away}".lower()) or leagues_in(seg_low)
                rec.sport = next(iter(sports)) if len(sports) == 1 else ask.sport
                rec.league = next(iter(leagues)) if len(leagues) == 1 else ""
                if ask.sport and rec.sport and rec.sport != ask.sport:
                    ex.dropped.append((i, f"{rec.raw!r}: another sport ({rec.sport})"))
                    continue
                if (
                    ask.league
                    and rec.league
                    and rec.league != ask.league
                    and LEAGUES[rec.league][0] == LEAGUES[ask.league][0]
                ):
                    ex.dropped.append((i, f"{rec.raw!r}: another league ({rec.league})"))
                    continue
                if not any(_same(rec, m) for m in ex.matches):
                    ex.matches.append(rec)
        if not ex.matches:
            for q in _quantities(fold(getattr(hit, "snippet", "")), i):
                if _number_in(q.number, text):
                    ex.quantities.append(q)
                else:
                    ex.rejected.append(f"{q.raw!r}: the number is not in the snippet as written")
    return ex


def _segments(text: str) -> list[str]:
    """Pieces that each hold at most a few results: split at 、 ; 。 / | and the long dash, and at a
    comma not followed by a capitalised name (which may be "Yankees 5, Red Sox 3")."""
    return [s.strip() for s in re.split(r"[、;；。/|｜\n]|,(?!\s*[A-Z])|\s[—–-]\s|…", text) if s.strip()]


def _clean_name(name: str) -> str:
    n = _LEAD_NOISE.sub("", name.strip(" :：-")).strip()
    n = _TRAIL_NOISE.sub("", n).strip()
    return n


def _matches(segment: str, hit: int, day: str) -> list[MatchRecord]:
    out = []
    taken: list[tuple[int, int]] = []
    for pat in MATCH_PATTERNS:
        for m in pat.finditer(segment):
            if any(a <= m.start() < b for a, b in taken):
                continue
            a, b = _clean_name(m.group("a")), _clean_name(m.group("b"))
            if not a or not b or a == b or a.isdigit() or b.isdigit():
                continue
            s1, s2 = int(m.group("s1")), int(m.group("s2"))
            taken.append((m.start(), m.end()))
            out.append(
                MatchRecord(home=a, away=b, home_score=s1, away_score=s2, raw=m.group(0).strip(), day=day, hit=hit)
            )
    return out


def _verbatim(rec: MatchRecord, snippet: str) -> bool:
    """Both scores appear in the snippet as written (full-width digits folded)."""
    folded = fold(snippet)
    return _number_in(str(rec.home_score), folded) and _number_in(str(rec.away_score), folded) and rec.home in folded


def _number_in(number: str, text: str) -> bool:
    return re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d])", fold(text)) is not None


def _same(a: MatchRecord, b: MatchRecord) -> bool:
    return {a.home, a.away} == {b.home, b.away} and sorted((a.home_score, a.away_score)) == sorted(
        (b.home_score, b.away_score)
    )


def _quantities(text: str, hit: int) -> list[QuantityRecord]:
    out = []
    for m in QUANTITY.finditer(text):
        unit = (m.group("unit") or "").strip()
        cur = m.group("cur") or ""
        if not unit and not cur:
            continue  # a bare number (a year, an id) is not a quantity
        num = m.group("num")
        label = re.split(r"[はがを]", m.group("label").strip(" のはがをにで"))[-1]  # 「売上高は前年比」→ 前年比
        if not label or re.fullmatch(r"[\W_]+", label):
            continue
        try:
            value = float(num.replace(",", ""))
        except ValueError:
            continue
        out.append(
            QuantityRecord(
                label=label[:16],
                value=value,
                number=num,
                prefix=cur,
                unit=unit,
                raw=m.group(0).strip(),
                hit=hit,
            )  # fmt: skip
        )
    return out
