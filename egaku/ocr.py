"""The OCR read-back engine: PP-OCR's text-line recogniser, loaded once, possibly ahead.

Verification reads each rendered text line back (no detection, no angle classifier: we
know where our lines are). RapidOCR ships the recognition model, but importing RapidOCR
costs 0.5–1 s on its own (it parses its YAML model tables with OmegaConf), most of a cold
CLI run's OCR time. For one line :class:`LineReader` does exactly what RapidOCR's
``RapidOCR()(img, use_det=False, use_cls=False, use_rec=True)`` does, with the same model
file and the same session options: the 30..2000 px bounds, OpenCV's resize to 48 px high,
[-1, 1] normalisation, zero padding to at least 320 px, then greedy CTC decoding. Where
this RapidOCR keeps no such model file, :func:`engine` uses RapidOCR itself.

:func:`prefetch` starts loading in a background thread, so that a generate with OCR
on loads the model while it understands, composes and renders; :func:`engine` waits for
that load (or does it) and returns the engine.
"""

from __future__ import annotations

import importlib.util
import math
import os
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import VerifyError

__all__ = ["LineReader", "engine", "prefetch"]

MODEL = "PP-OCRv6_rec_small.onnx"  # RapidOCR's default recogniser (its config: Rec, PP-OCRv6, small)
THREADS = 2  # onnxruntime intra-op threads
REC_H, REC_W = 48, 320  # RapidOCR's rec_img_shape (3, 48, 320)
MIN_SIDE, MAX_SIDE = 30, 2000  # RapidOCR's Global.min_side_len / max_side_len


@dataclass(frozen=True)
class Recognised:
    """What RapidOCR returns for recognition only: one text and one score per image."""

    txts: tuple[str, ...]
    scores: tuple[float, ...]


class LineReader:
    """The recognition model run with onnxruntime, as RapidOCR runs it for one line."""

    def __init__(self, model: Path, threads: int = THREADS) -> None:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.log_severity_level = 4
        opts.enable_cpu_mem_arena = False
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if 1 <= threads <= (os.cpu_count() or 1):
            opts.intra_op_num_threads = threads
        self.session = ort.InferenceSession(str(model), sess_options=opts, providers=["CPUExecutionProvider"])
        chars = self.session.get_modelmeta().custom_metadata_map["character"].splitlines()
        self.chars = ["blank", *chars, " "]  # CTC blank first, the space last (as RapidOCR's CTCLabelDecode)
        self.input = self.session.get_inputs()[0].name
        self.output = self.session.get_outputs()[0].name

    def __call__(self, img: Any, use_det: bool = False, use_cls: bool = False, use_rec: bool = True) -> Recognised:
        import cv2
        import numpy as np

        if use_det or use_cls or not use_rec:
            raise ValueError("LineReader only recognises single lines (use_det=False, use_cls=False)")
        img = np.asarray(img)
        if img.ndim == 2 or (img.ndim == 3 and img.shape[2] == 1):
            img = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
        elif img.ndim != 3 or img.shape[2] != 3:
            raise ValueError(f"LineReader reads grey or 3-channel images, not shape {img.shape}")
        img = _within_bounds(img)

        # RapidOCR's TextRecognizer.resize_norm_img for a batch of one
        h, w = img.shape[:2]
        ratio = w / float(h)
        width = int(REC_H * max(REC_W / REC_H, ratio))
        resized_w = width if math.ceil(REC_H * ratio) > width else int(math.ceil(REC_H * ratio))
        x = cv2.resize(img, (resized_w, REC_H)).astype("float32").transpose((2, 0, 1)) / 255
        x -= 0.5
        x /= 0.5
        batch = np.zeros((1, 3, REC_H, width), dtype=np.float32)
        batch[0, :, :, :resized_w] = x
        preds = self.session.run([self.output], {self.input: batch})[0]

        # greedy CTC: repeated tokens merged, blanks dropped
        idx = preds.argmax(axis=2)[0]
        prob = preds.max(axis=2)[0]
        keep = np.ones(len(idx), dtype=bool)
        keep[1:] = idx[1:] != idx[:-1]
        keep &= idx != 0
        text = "".join(self.chars[i] for i in idx[keep])
        conf = [round(c, 5) for c in prob[keep].tolist()] or [0.0]
        return Recognised((text,), (float(np.mean(conf).round(5)),))


def _within_bounds(img: Any) -> Any:
    """RapidOCR's resize_image_within_bounds: the long side at most 2000 px, the short at
    least 30 (each rescale rounds both sides to a multiple of 32)."""
    import cv2

    h, w = img.shape[:2]
    if max(h, w) > MAX_SIDE:
        ratio = float(MAX_SIDE) / (h if h > w else w)
        img = cv2.resize(img, _round32(h, w, ratio))
    h, w = img.shape[:2]
    if min(h, w) < MIN_SIDE:
        ratio = float(MIN_SIDE) / (h if h < w else w)
        img = cv2.resize(img, _round32(h, w, ratio))
    return img


def _round32(h: int, w: int, ratio: float) -> tuple[int, int]:
    rh = int(round(int(h * ratio) / 32) * 32)
    rw = int(round(int(w * ratio) / 32) * 32)
    if rw <= 0 or rh <= 0:
        raise VerifyError(f"cannot read a {w}×{h} px line: too thin to scale for OCR")
    return rw, rh


def model_path() -> Path | None:
    """Where the installed RapidOCR keeps its recognition model (found without importing it)."""
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        path = Path(base) / "models" / MODEL
        if path.is_file():
            return path
    return None


def _rapidocr() -> Any:
    import logging

    from rapidocr import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return RapidOCR(params={"Global.log_level": "error", "EngineConfig.onnxruntime.intra_op_num_threads": THREADS})


def _load() -> Any:
    path = model_path()
    if path is not None:
        import cv2  # noqa: F401 - RapidOCR's own resize (opencv comes with rapidocr); ImportError → VerifyError

        try:
            return LineReader(path)
        except ImportError:
            raise
        except Exception:  # a model this reader cannot run (no character table, another format)
            pass  # RapidOCR knows its own models
    return _rapidocr()


_lock = threading.Lock()
_loaded: Future[Any] | None = None


def _start() -> Future[Any]:
    global _loaded
    with _lock:
        if _loaded is None or (_loaded.done() and _loaded.exception() is not None):  # a failed load is retried
            fut: Future[Any] = Future()

            def load() -> None:
                try:
                    fut.set_result(_load())
                except BaseException as e:  # handed to whoever waits in engine()
                    fut.set_exception(e)

            # not a daemon: an exit waits for a load in progress instead of tearing it down
            threading.Thread(target=load, name="egaku-ocr-load").start()
            _loaded = fut
        return _loaded


def _after_fork() -> None:
    """A forked child has no loader thread: forget a load that had not finished."""
    global _loaded, _lock
    _lock = threading.Lock()
    if _loaded is not None and not _loaded.done():
        _loaded = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


def prefetch() -> None:
    """Start loading the OCR engine in the background (nothing when loaded or loading)."""
    _start()


def engine() -> Any:
    """The OCR engine, loaded once; waits for a load :func:`prefetch` started."""
    return _start().result()
