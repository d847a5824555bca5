from __future__ import annotations

import pytest

import egaku

from .llm_server import fake_llm  # noqa: F401  (a fixture: a loopback chat-completions server)
from .servers import ground_env, open_meteo, searxng  # noqa: F401  (fixtures: loopback Open-Meteo and SearXNG)

SCENARIOS = {
    "festival": "文化祭のポスターを作って。真ん中に『第50回 輝け青春』と大きく書いて",
    "bookfair": "Make a poster for the spring book fair. Put 'READ MORE, WORRY LESS' big in the middle",
    "wallpaper": "スマホの壁紙を作って。『今日もいい日』と縦書きで",
}


@pytest.fixture(scope="session")
def generations() -> dict[str, egaku.Generation]:
    """The three acceptance scenarios, generated once (with OCR) for the whole run."""
    return {name: egaku.generate(prompt) for name, prompt in SCENARIOS.items()}
