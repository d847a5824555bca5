"""The diffusion painter: a diffusers pipeline from a folder on disk paints the picture.

    Painter(model=DIR)            a pipeline folder (``save_pretrained``, or a hub snapshot)
      .paint(prompt, w, h, seed)  text → image (AutoPipelineForText2Image)
      .inpaint(image, mask, ...)  repaint under a mask (AutoPipelineForInpainting.from_pipe)

Models: whatever pipeline the folder's ``model_index.json`` names and the installed
diffusers maps for text-to-image and inpainting: FLUX.1 (schnell, dev), Stable Diffusion
3.5, SDXL and SDXL-Turbo, SD 1.5 and SD-Turbo, and Qwen-Image where diffusers has it.
Weights are read with ``local_files_only=True``: egaku never downloads a model.

torch and diffusers are the optional extra ``egaku[diffusion]``; they are imported here,
lazily, and a missing extra is one line that names it. The device is CUDA, else Apple
MPS, else the CPU, with the dtype that suits it (bfloat16 on CUDA where supported,
float16 on MPS, float32 on the CPU); both can be given. ``offload`` (model CPU offload)
and ``slicing`` (attention slicing) trade speed for memory on small GPUs.

Every painting is reproducible: the noise comes from a CPU ``torch.Generator`` seeded
with the layer's seed, so the same folder, prompt, size, steps, guidance and seed paint
the same pixels on the same device and dtype.
"""

from __future__ import annotations

import inspect
import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from ..errors import InputError

__all__ = ["DEVICES", "DTYPES", "Painted", "Painter", "PainterError", "check_painter", "extra_missing"]

DEVICES = ("auto", "cuda", "mps", "cpu")
DTYPES = ("auto", "float32", "float16", "bfloat16")
EXTRA_HINT = "install it with: pip install 'egaku[diffusion]'"
MULTIPLE = 16  # painted sides are whole multiples of this (FLUX packs 2×2 latents of an 8× VAE)


class PainterError(InputError):
    """The diffusion painter cannot run: the extra is missing, the folder is not a
    pipeline, the device or dtype is not there (CLI exit 2)."""


def extra_missing() -> str | None:
    """Why the ``diffusion`` extra cannot be used (one line), or None when it can."""
    try:
        import torch  # noqa: F401, I001  (torch first: the more basic of the two)
        import diffusers  # noqa: F401
    except ImportError as e:
        name = (getattr(e, "name", None) or "torch").split(".")[0]
        return f"--painter diffusers needs {name}, which is not installed; {EXTRA_HINT}"
    return None


@dataclass(frozen=True)
class Painted:
    """One painting and what made it (everything a :class:`RasterLayer` records)."""

    image: Image.Image  # RGB, the size asked for
    prompt: str
    negative_prompt: str
    model: str
    pipeline: str
    scheduler: str
    steps: int
    guidance: float
    seed: int
    strength: float
    device: str
    dtype: str
    painted_size: tuple[int, int]  # what the model painted, before fitting to the size asked


@dataclass
class Painter:
    """A diffusers pipeline folder and how to run it. Check it with :func:`check_painter`."""

    model: Path
    device: str = "auto"
    dtype: str = "auto"
    offload: bool = False
    slicing: bool = False
    steps: int | None = None  # None: the model family's usual count
    guidance: float | None = None  # None: the model family's usual scale
    negative_prompt: str = "text, letters, words, caption, watermark, signature, logo, blurry"
    _pipe: Any = field(default=None, init=False, repr=False, compare=False)
    _inpaint: Any = field(default=None, init=False, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False)

    # 1. What the folder is --------------------------------------------------------------

    @property
    def model_id(self) -> str:
        """The folder's own name; for a folder in a hub cache
        (``models--org--name/snapshots/<commit>``) the hub id, ``org/name``."""
        folder = self.model.resolve()
        if folder.parent.name == "snapshots" and folder.parent.parent.name.startswith("models--"):
            return folder.parent.parent.name.removeprefix("models--").replace("--", "/")
        return folder.name

    def pipeline_class(self) -> str:
        return str(_model_index(self.model).get("_class_name", ""))

    @property
    def inpainting_only(self) -> bool:
        """An inpainting checkpoint (e.g. stable-diffusion-inpainting): it paints through
        its inpainting pipeline, under a mask that covers everything."""
        return "Inpaint" in self.pipeline_class()

    def resolved_device(self) -> str:
        import torch

        if self.device != "auto":
            return self.device
        if torch.cuda.is_available():
            return "cuda"
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            return "mps"
        return "cpu"

    def resolved_dtype(self) -> str:
        import torch

        if self.dtype != "auto":
            return self.dtype
        device = self.resolved_device()
        if device == "cuda":
            return "bfloat16" if torch.cuda.is_bf16_supported() else "float16"
        if device == "mps":
            return "float16"
        return "float32"

    def defaults(self) -> tuple[int, float]:
        """(steps, guidance) for this folder's family, unless given: distilled models
        (FLUX.1 schnell: no guidance embedding; the Turbos) paint in a few steps unguided."""
        if self.steps is not None and self.guidance is not None:
            return self.steps, self.guidance
        cls = self.pipeline_class()
        name = self.model_id.lower()
        if cls.startswith("Flux"):
            cfg = _json(self.model / "transformer" / "config.json")
            steps, guidance = (28, 3.5) if cfg.get("guidance_embeds", False) else (4, 0.0)
        elif "turbo" in name:
            steps, guidance = 4, 0.0
        elif cls.startswith("StableDiffusion3"):
            steps, guidance = 28, 4.5
        elif cls.startswith("StableDiffusionXL"):
            steps, guidance = 30, 5.0
        elif cls.startswith("QwenImage"):
            steps, guidance = 30, 4.0
        else:
            steps, guidance = 30, 7.5
        return (
            self.steps if self.steps is not None else steps,
            self.guidance if self.guidance is not None else guidance,
        )

    def native(self) -> int:
        """The side of the square the model was trained at: its denoiser's latent
        ``sample_size`` × the VAE's scale (SD 1.5: 64 × 8 = 512; SDXL, SD3, FLUX: 1024)."""
        for part in ("unet", "transformer"):
            size = _json(self.model / part / "config.json").get("sample_size")
            if isinstance(size, int) and size > 0:
                break
        else:
            size = 128  # FLUX's transformer config holds no latent size: 1024² as the others
        blocks = _json(self.model / "vae" / "config.json").get("block_out_channels") or [0, 0, 0, 0]
        scale = 2 ** (len(blocks) - 1)
        return int(size * scale)

    # 2. Loading ---------------------------------------------------------------------------

    def load(self) -> Any:
        """The text-to-image pipeline, loaded once from the folder (never from the hub)."""
        with self._lock:
            if self._pipe is None:
                self._pipe = self._load()
            return self._pipe

    def _load(self) -> Any:
        import torch
        from diffusers import AutoPipelineForInpainting, AutoPipelineForText2Image
        from diffusers.utils import logging as dlogging

        dlogging.set_verbosity_error()
        dlogging.disable_progress_bar()
        try:  # transformers loads the text encoders: its own progress bars and notices
            from transformers.utils import logging as tlogging

            tlogging.set_verbosity_error()
            tlogging.disable_progress_bar()
        except ImportError:
            pass
        device, dtype = self.resolved_device(), self.resolved_dtype()
        try:
            # an inpainting checkpoint (its UNet also reads the mask) loads as what it is
            auto = AutoPipelineForInpainting if self.inpainting_only else AutoPipelineForText2Image
            pipe = auto.from_pretrained(str(self.model), local_files_only=True, **{_dtype_arg(): getattr(torch, dtype)})
        except (OSError, ValueError, KeyError, TypeError) as e:
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise PainterError(
                f"cannot load the pipeline in {str(self.model)!r} ({first[:160]}); "
                "give a folder written by save_pretrained (with model_index.json and its weights)"
            ) from None
        pipe.set_progress_bar_config(disable=True)
        if self.slicing and hasattr(pipe, "enable_attention_slicing"):
            pipe.enable_attention_slicing()
        if self.offload and device == "cuda":
            pipe.enable_model_cpu_offload()  # needs accelerate; each model visits the GPU in turn
        else:
            pipe.to(device)
        return pipe

    def _inpainter(self) -> Any:
        from diffusers import AutoPipelineForInpainting

        pipe = self.load()
        if self.inpainting_only:
            return pipe
        with self._lock:
            if self._inpaint is None:
                try:
                    self._inpaint = AutoPipelineForInpainting.from_pipe(pipe)  # the same weights, no copy
                except ValueError as e:
                    raise PainterError(
                        f"{type(pipe).__name__} has no inpainting pipeline in this diffusers ({e}); "
                        "a painted region cannot be edited with this model"
                    ) from None
                self._inpaint.set_progress_bar_config(disable=True)
            return self._inpaint

    # 3. Painting --------------------------------------------------------------------------

    def paint(
        self,
        prompt: str,
        width: int,
        height: int,
        seed: int,
        *,
        steps: int | None = None,
        guidance: float | None = None,
    ) -> Painted:
        """Paint ``prompt`` at ``width``×``height``: the model paints that aspect within its
        native area (:func:`_paint_size`), fitted to the size asked. ``steps`` and
        ``guidance`` override the painter's (a replay passes the record's)."""
        pipe = self.load()
        steps, guidance = (
            steps if steps is not None else self.defaults()[0],
            guidance if guidance is not None else self.defaults()[1],
        )  # a replay gives the record's
        pw, ph = _paint_size(width, height, self.native())
        kwargs = self._call_kwargs(pipe, prompt, pw, ph, seed, steps, guidance)
        if self.inpainting_only:  # an inpainting checkpoint paints anew under a mask over everything
            kwargs["image"] = Image.new("RGB", (pw, ph), (128, 128, 128))
            kwargs["mask_image"] = Image.new("L", (pw, ph), 255)
            kwargs["strength"] = 1.0
        image = self._run(pipe, kwargs)
        return self._painted(pipe, image, kwargs, width, height, seed, steps, guidance, 1.0, (pw, ph))

    def inpaint(self, image: Image.Image, mask: Image.Image, prompt: str, seed: int, strength: float = 0.9) -> Painted:
        """Repaint ``image`` where ``mask`` is white (the caller keeps every other pixel)."""
        pipe = self._inpainter()
        steps, guidance = self.defaults()
        w, h = image.size
        pw, ph = _paint_size(w, h, self.native())
        kwargs = self._call_kwargs(pipe, prompt, pw, ph, seed, steps, guidance)
        kwargs["image"] = image.convert("RGB").resize((pw, ph), Image.Resampling.LANCZOS)
        kwargs["mask_image"] = mask.convert("L").resize((pw, ph), Image.Resampling.NEAREST)
        kwargs["strength"] = strength
        # a few-step model at strength < 1 would run no step at all: at least one
        steps = kwargs["num_inference_steps"] = max(steps, int(1 / strength + 0.999))
        out = self._run(pipe, kwargs)
        return self._painted(pipe, out, kwargs, w, h, seed, steps, guidance, strength, (pw, ph))

    def _call_kwargs(
        self, pipe: Any, prompt: str, w: int, h: int, seed: int, steps: int, guidance: float
    ) -> dict[str, Any]:
        import torch

        params = inspect.signature(pipe.__call__).parameters
        kwargs: dict[str, Any] = {
            "prompt": prompt,
            "width": w,
            "height": h,
            "num_inference_steps": steps,
            "guidance_scale": guidance,
            # the noise is drawn on the CPU: the same seed gives the same start on any device
            "generator": torch.Generator("cpu").manual_seed(seed),
        }
        # a negative prompt acts only through classifier-free guidance: FLUX's guidance is
        # distilled (its negative needs true CFG, twice the cost), and unguided models have none
        distilled = "true_cfg_scale" in params and not type(pipe).__name__.startswith("QwenImage")
        if self.negative_prompt and "negative_prompt" in params and guidance > 1 and not distilled:
            kwargs["negative_prompt"] = self.negative_prompt
        if "true_cfg_scale" in params and type(pipe).__name__.startswith("QwenImage"):
            kwargs["true_cfg_scale"], kwargs["guidance_scale"] = guidance, 1.0
            kwargs.setdefault("negative_prompt", self.negative_prompt or " ")
        return kwargs

    def _run(self, pipe: Any, kwargs: dict[str, Any]) -> Image.Image:
        import torch

        try:
            with torch.inference_mode():
                out = pipe(**kwargs)
        except torch.OutOfMemoryError:
            raise PainterError(
                f"the {self.resolved_device()} ran out of memory painting {kwargs['width']}×{kwargs['height']}; "
                "try --offload, --attention-slicing, a smaller size or --dtype float16"
            ) from None
        img = out.images[0]
        return img.convert("RGB") if isinstance(img, Image.Image) else Image.fromarray(img).convert("RGB")

    def _painted(
        self,
        pipe: Any,
        image: Image.Image,
        kwargs: dict[str, Any],
        w: int,
        h: int,
        seed: int,
        steps: int,
        guidance: float,
        strength: float,
        painted: tuple[int, int],
    ) -> Painted:
        if image.size != (w, h):
            image = image.resize((w, h), Image.Resampling.LANCZOS)
        return Painted(
            image=image,
            prompt=kwargs["prompt"],
            negative_prompt=kwargs.get("negative_prompt", ""),  # what the model was given: none unguided
            model=self.model_id,
            pipeline=type(pipe).__name__,
            scheduler=type(pipe.scheduler).__name__,
            steps=steps,
            guidance=guidance,
            seed=seed,
            strength=strength,
            device=self.resolved_device(),
            dtype=self.resolved_dtype(),
            painted_size=painted,
        )


def _dtype_arg() -> str:
    """``dtype`` in a diffusers that renamed ``torch_dtype`` (and warns on the old name)."""
    from diffusers.utils import deprecation_utils

    return "dtype" if hasattr(deprecation_utils, "_resolve_dtype") else "torch_dtype"


def _paint_size(width: int, height: int, native: int) -> tuple[int, int]:
    """The size the model paints: the canvas's aspect, at most the model's native area
    (``native``² px: a model repeats its subjects when asked for far more), whole
    multiples of 16 a side."""
    k = min(1.0, native / (width * height) ** 0.5)
    return (
        max(MULTIPLE, round(width * k / MULTIPLE) * MULTIPLE),
        max(MULTIPLE, round(height * k / MULTIPLE) * MULTIPLE),
    )


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _model_index(folder: Path) -> dict[str, Any]:
    return _json(folder / "model_index.json")


def check_painter(
    painter: object = None,
    model: object = None,
    *,
    device: object = None,
    dtype: object = None,
    offload: object = False,
    slicing: object = False,
    steps: object = None,
    guidance: object = None,
) -> Painter | None:
    """The painter the options ask for (None for the vector painter), or PainterError /
    InputError naming what is wrong, before any work. ``model`` falls back to
    ``EGAKU_MODEL``; ``painter`` to ``EGAKU_PAINTER``, else diffusers when a model is
    given, else vector."""
    # a model folder given alone asks for the diffusion painter
    name = (
        painter
        if painter is not None
        else (os.environ.get("EGAKU_PAINTER") or ("vector" if model is None else "diffusers"))
    )
    if name not in ("vector", "diffusers"):
        raise InputError(f"painter must be 'vector' or 'diffusers', not {name!r:.40}")
    if name == "vector":
        if model is not None:
            raise InputError("--model is for --painter diffusers; give both, or neither")
        return None
    for what, value, allowed in (("device", device, DEVICES), ("dtype", dtype, DTYPES)):
        if value is not None and value not in allowed:
            raise InputError(f"{what} must be one of {', '.join(allowed)}, not {value!r:.40}")
    for what, value in (("offload", offload), ("attention slicing", slicing)):
        if not isinstance(value, bool):
            raise InputError(f"{what} must be True or False, not {value!r:.40}")
    if steps is not None and (not isinstance(steps, int) or isinstance(steps, bool) or not 1 <= steps <= 200):
        raise InputError(f"steps must be a whole number 1..200, not {steps!r:.40}")
    if guidance is not None and (
        not isinstance(guidance, int | float) or isinstance(guidance, bool) or not 0 <= guidance <= 50
    ):
        raise InputError(f"guidance must be a number 0..50, not {guidance!r:.40}")
    why = extra_missing()
    if why is not None:
        raise PainterError(why)
    raw = model if model is not None else os.environ.get("EGAKU_MODEL")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise PainterError("--painter diffusers needs a model folder: give --model DIR (or set EGAKU_MODEL)")
    if not isinstance(raw, str | os.PathLike):
        raise InputError(f"model must be a folder path, not {type(raw).__name__}")
    folder = Path(os.fspath(raw)).expanduser()
    if not folder.is_dir():
        raise PainterError(f"model folder {str(folder)!r} does not exist; give a folder written by save_pretrained")
    index = _model_index(folder)
    if not index.get("_class_name"):
        raise PainterError(
            f"{str(folder)!r} is not a diffusers pipeline folder (no model_index.json); "
            "give a folder written by save_pretrained"
        )
    p = Painter(
        model=folder,
        device=str(device or "auto"),
        dtype=str(dtype or "auto"),
        offload=bool(offload),
        slicing=bool(slicing),
        steps=steps if isinstance(steps, int) else None,
        guidance=float(guidance) if isinstance(guidance, int | float) else None,
    )
    import torch

    dev = p.resolved_device()
    if dev == "cuda" and not torch.cuda.is_available():
        raise PainterError("device cuda is not available here (no CUDA GPU or a CPU build of torch); use --device cpu")
    if dev == "mps" and not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()):
        raise PainterError("device mps is not available here (Apple silicon only); use --device cpu")
    return p
