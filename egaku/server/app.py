"""``egaku serve``: one warm process behind an OpenAI-compatible Images API and a native API.

    POST /v1/images/generations         OpenAI Images API (JSON): prompt, n, size, response_format
    POST /v1/images/edits               OpenAI Images API (multipart): image, mask, prompt, ...
    GET  /v1/files/{sha256}.png         an image answered with response_format "url"
    GET  /v1/models                     the one model, "egaku"
    POST /api/sessions                  start a session (?stream=1: progress as server-sent events)
    GET  /api/sessions                  the sessions, most recently changed first
    GET  /api/sessions/{name}           its turns
    POST /api/sessions/{name}/edit      an edit (?stream=1 as above); .../undo, .../redo, .../checkout
    GET  /api/sessions/{name}/turns/{turn}/image.png | scene.json | trace | report | svg | layers.zip | sources
    GET  /health                        version and queue; /docs and /openapi.json describe all of it

Drawing runs on a bounded work queue (:mod:`.work`): ``workers`` threads and at most
``max_queue`` jobs waiting, beyond which a request gets 429 with ``Retry-After``. Bodies are
limited (64 KiB of JSON, 20 MiB for an edit's upload; 413 beyond). With an API key every
route but the docs and /health needs ``Authorization: Bearer KEY``. Every error, a 404 for
an unknown route included, is JSON in OpenAI's shape: ``{"error": {"message", "type",
"param", "code"}}``, with a message that says what to do. FastAPI is imported here only.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import hashlib
import hmac
import json
import logging
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from .._version import __version__
from ..edit import EditQuestion
from ..errors import EgakuError, GlyphError, InputError, LayoutError, PromptError, SizeError
from ..pipeline import Generation
from ..session import Session
from ..store import HeadMoved, NoSuchSession, Store, StoreError, Turn, check_session_name
from .images import (
    MAX_N,
    BadParam,
    check_n,
    edit_png,
    generate_images,
    layers_zip,
    parse_size,
    png_bytes,
    scene_from_text,
    turn_generation,
)
from .pngmeta import read_png_meta
from .work import QueueFull, WorkQueue

log = logging.getLogger("egaku.server")

JSON_LIMIT = 64 * 1024  # a request body, except an edit's upload
UPLOAD_LIMIT = 20 * 1024 * 1024  # /v1/images/edits: the image and the mask together
FILES_LIMIT = 256 * 1024 * 1024  # images answered by URL, kept in memory, newest first
SESSIONS_KEPT = 32  # Session objects kept warm (each holds its head's layer rasters)
STUDIO_FONTS = ("NotoSansJP-Regular.otf", "NotoSansJP-Bold.otf")
OPEN_PATHS = frozenset(
    {"/", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json", "/health"}
    | {f"/studio/fonts/{f}" for f in STUDIO_FONTS}
)
FILE_ID = re.compile(r"([0-9a-f]{64})\.(png|svg)")
TURN_ID = re.compile(r"[0-9]{1,18}|head")
MEDIA = {"png": "image/png", "svg": "image/svg+xml"}
WARM_PROMPT = "a card saying 'egaku'"

__all__ = ["create_app"]


# -- requests ------------------------------------------------------------------------------


class ImageGenerationRequest(BaseModel):
    """OpenAI's image generation request; ``model``, ``quality``, ``style``, ``user`` and
    other fields are accepted and ignored."""

    model_config = ConfigDict(extra="allow")

    prompt: str = Field(description="the request, in Japanese or English; quoted text is drawn exactly")
    n: int = Field(1, description=f"how many images, 1..{MAX_N}; each after the first uses another seed")
    size: str | None = Field("auto", description="'WIDTHxHEIGHT' (64..8192 a side) or 'auto' (from the request)")
    response_format: Literal["b64_json", "url"] | None = Field("b64_json", description="b64_json or url")
    output_format: Literal["png", "svg"] | None = Field("png", description="png, or svg (live text)")
    model: str | None = None
    quality: str | None = None
    user: str | None = None
    stream: bool | None = Field(None, description="must be false; progress streams from the native API")


class CreateSession(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, description="1–64 of A-Z a-z 0-9 . _ - (default: made up)")
    prompt: str
    size: str | None = Field(None, description="'WIDTHxHEIGHT' or 'auto'")
    aspect: str | None = Field(None, description="'W:H', e.g. '16:9'")
    seed: int | None = None
    planner: Literal["rules", "llm", "auto"] | None = None
    ocr: bool | None = Field(None, description="read the text back with OCR (default: the server's setting)")
    no_invent: bool = False


class EditSession(BaseModel):
    model_config = ConfigDict(extra="forbid")

    instruction: str = Field(description="what to change, e.g. 'make the title blue'")
    planner: Literal["rules", "llm", "auto"] | None = None
    ocr: bool | None = None


class CheckoutSession(BaseModel):
    model_config = ConfigDict(extra="forbid")

    turn: int = Field(ge=1, description="the turn to go to (see GET /api/sessions/{name})")


# -- errors --------------------------------------------------------------------------------


class ApiError(Exception):
    """An error answered as JSON in OpenAI's shape."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        kind: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.kind, self.param, self.code = status, message, kind, param, code
        self.headers = headers

    def body(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": self.kind, "param": self.param, "code": self.code}}

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status, headers=self.headers)


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over {_bytes(limit)}")
        self.limit = limit


def _bytes(n: int) -> str:
    return f"{n // 2**20} MiB" if n >= 2**20 else f"{n // 2**10} KiB"


def api_error(exc: BaseException, *, openai: bool, home: Path | None = None) -> ApiError:
    """What an exception is, as an answer. ``openai``: the /v1 routes, where a question back
    is a 400 (the official clients retry a 409); ``home`` is left out of messages."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, QueueFull):
        return ApiError(
            429, str(exc), kind="rate_limit_error", code="queue_full", headers={"Retry-After": str(exc.retry_after)}
        )
    if isinstance(exc, EditQuestion):
        return ApiError(400 if openai else 409, str(exc), code="question", param="prompt" if openai else "instruction")
    if isinstance(exc, NoSuchSession):
        return ApiError(404, _over_http(str(exc), home), code="not_found")
    if isinstance(exc, HeadMoved):
        return ApiError(409, f"{exc}; try again", code="conflict")
    if isinstance(exc, StoreError):
        return ApiError(500, f"the session store failed: {exc}", kind="server_error", code="store_error")
    if isinstance(exc, SizeError):
        return ApiError(400, str(exc), param="size", code="invalid_size")
    if isinstance(exc, PromptError):
        return ApiError(400, str(exc), param="prompt", code="invalid_prompt")
    if isinstance(exc, GlyphError | LayoutError):
        return ApiError(400, str(exc), param="prompt", code="cannot_draw")
    if isinstance(exc, BadParam):
        return ApiError(400, str(exc), param=exc.param, code="invalid_value")
    if isinstance(exc, EgakuError) and exc.exit_code == 2:
        return ApiError(400, str(exc), code="invalid_request")
    if isinstance(exc, EgakuError):
        return ApiError(500, str(exc), kind="server_error", code="egaku_error")
    log.error("unexpected error", exc_info=exc)
    return ApiError(
        500,
        f"egaku failed unexpectedly ({type(exc).__name__}); the server log has the details",
        kind="server_error",
        code="internal_error",
    )


def _over_http(message: str, home: Path | None) -> str:
    """A store message for an HTTP client: without the server's folder, and with the
    routes to use instead of the CLI commands it names."""
    if home is not None:
        message = message.replace(f" in {home}", "")
    head = message.split(";")[0]
    if head.startswith("no sessions yet"):
        return f"{head}; POST /api/sessions starts one"
    m = re.match(r"session '([^']*)' has no turn", head)
    if m:
        return f"{head}; GET /api/sessions/{m.group(1)} lists its turns"
    return f"{head}; GET /api/sessions lists the sessions, POST /api/sessions starts one"


def _validation_message(errors: list[Any]) -> tuple[str, str | None]:
    if not errors:
        return "the request is not valid; the API is described at /docs", None
    first = errors[0]
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path", "header", "form")]
    param = ".".join(loc) or None
    kind = first.get("type", "")
    if kind == "json_invalid":
        return (
            f"the body is not valid JSON ({first.get('ctx', {}).get('error', 'cannot parse')}); send a JSON object",
            None,
        )
    if kind == "missing":
        return f"{param or 'the body'} is required; the API is described at /docs", param
    if kind == "extra_forbidden":
        return f"{param} is not a field of this request; the fields are described at /docs", param
    if kind in ("model_attributes_type", "dict_type") and not loc:
        return "the body must be a JSON object; the fields are described at /docs", None
    return f"{param or 'the request'}: {first.get('msg', 'invalid')}", param


# -- the app -------------------------------------------------------------------------------


class _Files:
    """Images answered by URL, in memory, content-addressed: the newest ``limit`` bytes."""

    def __init__(self, limit: int = FILES_LIMIT) -> None:
        self.limit = limit
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def put(self, data: bytes, ext: str) -> str:
        name = f"{hashlib.sha256(data).hexdigest()}.{ext}"
        with self._lock:
            if name in self._items:
                self._items.move_to_end(name)
                return name
            self._items[name] = data
            self._size += len(data)
            while self._size > self.limit and len(self._items) > 1:
                _, old = self._items.popitem(last=False)
                self._size -= len(old)
        return name

    def get(self, name: str) -> bytes | None:
        with self._lock:
            return self._items.get(name)


class Server:
    """The state behind the routes: the store's home, the work queue, the files, sessions."""

    def __init__(self, home: Path, api_key: str | None, queue: WorkQueue, ocr: bool) -> None:
        self.home = home
        self.api_key = api_key
        self.queue = queue
        self.ocr = ocr
        self.files = _Files()
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    # sessions -------------------------------------------------------------------------------

    def with_session(self, name: str, fn: Callable[[Session], Generation]) -> Generation:
        """``fn`` on the session ``name``, one call at a time per session (on a worker)."""
        with self._lock:
            lock = self._locks.setdefault(name, threading.Lock())
        with lock:
            with self._lock:
                sess = self._sessions.pop(name, None)
            if sess is None:
                sess = Session(name, home=self.home)
            try:
                return fn(sess)
            finally:
                with self._lock:
                    self._sessions[name] = sess
                    while len(self._sessions) > SESSIONS_KEPT:
                        self._sessions.popitem(last=False)

    def store(self) -> Store:
        return Store(self.home, readonly=True)

    def turn(self, name: str, turn: str) -> tuple[Store, Turn]:
        check_session_name(name)
        if TURN_ID.fullmatch(turn) is None:
            raise ApiError(
                400,
                f"turn must be a turn number like 2, or 'head', not {turn[:24]!r}",
                param="turn",
                code="invalid_value",
            )
        store = self.store()
        return store, store.head(name) if turn == "head" else store.turn(name, int(turn))

    # answers --------------------------------------------------------------------------------

    def image_item(self, data: bytes, ext: str, response_format: str | None, base: str, revised: str) -> dict[str, Any]:
        if response_format == "url":
            return {"url": f"{base}v1/files/{self.files.put(data, ext)}", "revised_prompt": revised}
        return {"b64_json": base64.b64encode(data).decode("ascii"), "revised_prompt": revised}

    def stream(self, job: Callable[[Callable[[str], None]], dict[str, Any]]) -> StreamingResponse:
        """Run ``job(progress)`` on the queue (QueueFull at once when it is full) and answer
        with server-sent events: ``stage`` for each stage, then ``done`` (the turn) or ``error``."""
        loop = asyncio.get_running_loop()
        events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

        def post(kind: str, value: Any) -> None:
            try:
                loop.call_soon_threadsafe(events.put_nowait, (kind, value))
            except RuntimeError:  # the server is shutting down: nobody is listening
                pass

        future = self.queue.submit(job, lambda stage: post("stage", {"stage": stage}))
        future.add_done_callback(lambda f: post("end", f))

        async def body() -> AsyncIterator[str]:
            yield _sse("queued", self.queue.stats())
            while True:
                kind, value = await events.get()
                if kind == "stage":
                    yield _sse("stage", value)
                    continue
                try:
                    result = value.result()
                except BaseException as e:  # the job's error, as the last event
                    err = api_error(e, openai=False, home=self.home)
                    yield _sse("error", {**err.body(), "status": err.status})
                else:
                    yield _sse("done", result)
                return

        return StreamingResponse(
            body(), media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        )


def _sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _turn_json(gen: Generation, name: str, base: str) -> dict[str, Any]:
    turn = f"{base}api/sessions/{name}/turns/{gen.turn}/"
    out = gen.to_json(image=f"{turn}image.png", svg=f"{turn}svg")
    out["session"] = name
    out["turn"] = gen.turn
    out["links"] = {k: turn + k for k in ("image.png", "scene.json", "trace", "report", "svg", "layers.zip", "sources")}
    return out


class _Guard:
    """Pure ASGI, outermost: the API key, then the body limit (413 as JSON, by the
    Content-Length or while the body arrives)."""

    def __init__(self, app: ASGIApp, api_key: str | None) -> None:
        self.app = app
        self.api_key = api_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        path: str = scope["path"]
        if self.api_key is not None and path not in OPEN_PATHS and not self._authorized(headers):
            given = headers.get("authorization") is not None
            err = ApiError(
                401,
                ("Incorrect API key provided" if given else "No API key provided")
                + "; send the key egaku serve was started with as 'Authorization: Bearer KEY'",
                code="invalid_api_key",
                headers={"WWW-Authenticate": "Bearer"},
            )
            await err.response()(scope, receive, send)
            return
        limit = UPLOAD_LIMIT if path == "/v1/images/edits" else JSON_LIMIT
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _too_large(limit, path).response()(scope, receive, send)
            return
        received = 0

        async def limited() -> Any:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, limited, send)

    def _authorized(self, headers: Headers) -> bool:
        scheme, _, token = headers.get("authorization", "").partition(" ")
        assert self.api_key is not None
        return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), self.api_key.encode())


def _too_large(limit: int, path: str) -> ApiError:
    what = "an edit's image and mask" if path == "/v1/images/edits" else "a request body"
    return ApiError(413, f"{what} may be at most {_bytes(limit)}; send a smaller one", code="request_too_large")


def create_app(
    home: Path | None = None,
    api_key: str | None = None,
    max_queue: int = 8,
    workers: int = 1,
    *,
    ocr: bool = True,
    warm: bool = True,
) -> FastAPI:
    """The FastAPI app: sessions in ``home`` (default: EGAKU_HOME), ``api_key`` required
    when given, ``workers`` drawing threads and at most ``max_queue`` jobs waiting. ``ocr``
    reads drawn text back (the default); ``warm`` draws one small card at startup, so the
    fonts and the OCR model are loaded before the first request."""
    from ..session import default_home

    if api_key is not None and (not isinstance(api_key, str) or not api_key.strip()):
        raise InputError("the API key is empty; give a key, or none")
    queue = WorkQueue(workers=workers, max_queue=max_queue)
    server = Server(Path(home) if home is not None else default_home(), api_key, queue, ocr)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if warm:
            t = time.perf_counter()
            try:
                await queue.run(generate_images, WARM_PROMPT, 1, (256, 256), ocr=ocr, planner="rules")
                log.info("egaku is warm (%.1f s)", time.perf_counter() - t)
            except Exception as e:  # the first request will say what is wrong
                log.warning("egaku could not warm up: %s", e, exc_info=not isinstance(e, EgakuError))
        try:
            yield
        finally:
            queue.shutdown()

    app = FastAPI(
        title="egaku",
        version=__version__,
        summary="Requests in Japanese or English to designed images with exact text, and local edits.",
        description=__doc__,
        lifespan=lifespan,
    )
    app.state.egaku = server
    app.add_middleware(_Guard, api_key=api_key)

    def openai_route(request: Request) -> bool:
        return request.url.path.startswith("/v1/")

    @app.exception_handler(Exception)
    async def on_error(request: Request, exc: Exception) -> JSONResponse:
        return api_error(exc, openai=openai_route(request), home=server.home).response()

    @app.exception_handler(ApiError)
    async def on_api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return exc.response()

    @app.exception_handler(EgakuError)
    async def on_egaku_error(request: Request, exc: EgakuError) -> JSONResponse:
        return api_error(exc, openai=openai_route(request), home=server.home).response()

    @app.exception_handler(QueueFull)
    async def on_queue_full(request: Request, exc: QueueFull) -> JSONResponse:
        return api_error(exc, openai=True).response()

    @app.exception_handler(RequestValidationError)
    async def on_invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        message, param = _validation_message(list(exc.errors()))
        return ApiError(400, message, param=param, code="invalid_value").response()

    @app.exception_handler(HTTPException)
    async def on_http(request: Request, exc: HTTPException) -> JSONResponse:
        if isinstance(exc, BodyTooLarge):
            return _too_large(exc.limit, request.url.path).response()
        if exc.status_code == 404:
            shown = request.url.path if len(request.url.path) <= 80 else request.url.path[:80] + "…"
            err = ApiError(
                404, f"no such endpoint or item: {request.method} {shown}; the API is described at /docs",
                code="not_found",
            )  # fmt: skip
        elif exc.status_code == 405:
            err = ApiError(
                405, f"{request.method} is not allowed on {request.url.path}; the API is described at /docs",
                code="method_not_allowed",
            )  # fmt: skip
        else:
            err = ApiError(exc.status_code, str(exc.detail), code="http_error")
        if exc.headers:
            err.headers = {**exc.headers, **(err.headers or {})}
        return err.response()

    # -- OpenAI Images API ----------------------------------------------------------------------

    @app.post("/v1/images/generations", tags=["OpenAI Images API"])
    async def images_generations(body: ImageGenerationRequest, request: Request) -> dict[str, Any]:
        """Draw ``n`` images of ``prompt`` (OpenAI's ``images.generate``)."""
        check_n(body.n)
        size = parse_size(body.size)
        if body.stream:
            raise ApiError(
                400, "stream is not supported here; POST /api/sessions?stream=1 streams progress", param="stream"
            )
        fmt = body.output_format or "png"

        def job() -> list[tuple[bytes, str, tuple[int, int]]]:
            gens = generate_images(body.prompt, body.n, size, ocr=server.ocr)
            return [(_encode(g, fmt), g.prompt, (g.scene.canvas.width, g.scene.canvas.height)) for g in gens]

        made = await queue.run(job)
        base = str(request.base_url)
        w, h = made[0][2]
        return {
            "created": int(time.time()),
            "data": [server.image_item(data, fmt, body.response_format, base, revised) for data, revised, _ in made],
            "output_format": fmt,
            "size": f"{w}x{h}",
        }

    @app.post("/v1/images/edits", tags=["OpenAI Images API"])
    async def images_edits(
        request: Request,
        prompt: Annotated[str, Form(description="what to change, e.g. 'make the title blue'")],
        image: Annotated[UploadFile | None, File(description="a PNG egaku made (its scene is in it)")] = None,
        images: Annotated[
            list[UploadFile] | None, File(alias="image[]", description="the same, as a list of one")
        ] = None,
        mask: Annotated[UploadFile | None, File(description="PNG; fully transparent pixels may change")] = None,
        n: Annotated[int, Form(description="1: an edit is exact, so more would repeat it")] = 1,
        size: Annotated[str | None, Form(description="'auto' or the image's own size")] = None,
        response_format: Annotated[Literal["b64_json", "url"] | None, Form()] = "b64_json",
        output_format: Annotated[Literal["png", "svg"] | None, Form()] = "png",
        model: Annotated[str | None, Form()] = None,
        user: Annotated[str | None, Form()] = None,
    ) -> dict[str, Any]:
        """Edit a PNG egaku made (OpenAI's ``images.edit``): the scene is read from the PNG,
        so no server state is needed; a ``mask`` limits the edit to the layers under its
        transparent area."""
        uploads = [image] if image is not None else list(images or [])
        if len(uploads) != 1:
            raise ApiError(
                400,
                "send one PNG egaku made as 'image'" if not uploads else "send one image to edit, not several",
                param="image",
            )
        if n != 1:
            raise ApiError(400, "n must be 1 for an edit: egaku's edits are exact, so more would repeat it", param="n")
        want = parse_size(size)
        data = await uploads[0].read()
        mask_data = await mask.read() if mask is not None else None
        fmt = output_format or "png"

        def job() -> tuple[bytes, str, tuple[int, int]]:
            if want is not None:
                scene = scene_from_text(read_png_meta(data, "image").text.get("egaku:scene"))
                have = (scene.canvas.width, scene.canvas.height)
                if want != have:
                    raise SizeError(
                        f"size {want[0]}x{want[1]}: an edit keeps the image's canvas ({have[0]}x{have[1]}); leave "
                        "size out, or say the new size in the prompt, e.g. 'make it 1080x1080'"
                    )
            gen = edit_png(data, prompt, mask_data, ocr=server.ocr)
            return _encode(gen, fmt), gen.prompt, (gen.scene.canvas.width, gen.scene.canvas.height)

        out, revised, (w, h) = await queue.run(job)
        return {
            "created": int(time.time()),
            "data": [server.image_item(out, fmt, response_format, str(request.base_url), revised)],
            "output_format": fmt,
            "size": f"{w}x{h}",
        }

    @app.get("/v1/files/{name}", tags=["OpenAI Images API"], response_class=Response)
    def files(name: str) -> Response:
        """An image answered with ``response_format: "url"`` (kept in memory, the newest 256 MiB)."""
        m = FILE_ID.fullmatch(name)
        data = server.files.get(name) if m else None
        if data is None:
            raise ApiError(
                404,
                "no such file; images answered by URL are kept in memory while the server runs (the newest "
                f"{_bytes(FILES_LIMIT)}): ask again, or use response_format b64_json",
                code="not_found",
            )
        assert m is not None
        return Response(
            data,
            media_type=MEDIA[m.group(2)],
            headers={
                "Cache-Control": "private, max-age=31536000, immutable",
                "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
            },
        )

    @app.get("/v1/models", tags=["OpenAI Images API"])
    def models() -> dict[str, Any]:
        return {
            "object": "list",
            "data": [{"id": "egaku", "object": "model", "created": 0, "owned_by": f"egaku {__version__}"}],
        }

    # -- native API: sessions -------------------------------------------------------------------

    @app.post("/api/sessions", tags=["sessions"], status_code=201, response_model=None)
    async def create_session(
        body: CreateSession, request: Request, stream: Annotated[bool, Query()] = False
    ) -> dict[str, Any] | StreamingResponse:
        """Start a session with a request: its first turn (``?stream=1``: server-sent events)."""
        name = body.name if body.name is not None else time.strftime("s-%Y%m%d-%H%M%S-") + secrets.token_hex(2)
        check_session_name(name)
        size = parse_size(body.size)
        base = str(request.base_url)
        ocr = server.ocr if body.ocr is None else body.ocr

        def job(progress: Callable[[str], None] | None = None) -> dict[str, Any]:
            def first(sess: Session) -> Generation:
                if sess.exists():
                    raise ApiError(
                        409,
                        f"session {name!r} already exists; edit it with POST /api/sessions/{name}/edit, "
                        "or pick a new name",
                        param="name",
                        code="session_exists",
                    )
                return sess.generate(
                    body.prompt, size=size, aspect=body.aspect, seed=body.seed, ocr=ocr, progress=progress,
                    planner=body.planner, no_invent=body.no_invent,
                )  # fmt: skip

            return _turn_json(server.with_session(name, first), name, base)

        if stream:
            return server.stream(job)
        return await queue.run(job)

    @app.get("/api/sessions", tags=["sessions"])
    def list_sessions() -> dict[str, Any]:
        """The sessions, the most recently changed first."""
        return {"sessions": server.store().sessions()}

    @app.get("/api/sessions/{name}", tags=["sessions"])
    def history(name: str) -> dict[str, Any]:
        """A session's turns (``head`` marks the current one)."""
        check_session_name(name)
        turns = Session(name, home=server.home, readonly=True).history
        return {"session": name, "head": next((t["turn"] for t in turns if t["head"]), None), "turns": turns}

    @app.post("/api/sessions/{name}/edit", tags=["sessions"], response_model=None)
    async def edit_session(
        name: str, body: EditSession, request: Request, stream: Annotated[bool, Query()] = False
    ) -> dict[str, Any] | StreamingResponse:
        """Change what the instruction asks and nothing else: a new turn (409 with
        ``code: question`` when the instruction needs a question answered)."""
        check_session_name(name)
        server.store().head(name)  # 404 before any work
        base = str(request.base_url)
        ocr = server.ocr if body.ocr is None else body.ocr

        def job(progress: Callable[[str], None] | None = None) -> dict[str, Any]:
            gen = server.with_session(
                name, lambda s: s.edit(body.instruction, ocr=ocr, progress=progress, planner=body.planner)
            )
            return _turn_json(gen, name, base)

        if stream:
            return server.stream(job)
        return await queue.run(job)

    async def move(name: str, request: Request, fn: Callable[[Session], Generation]) -> dict[str, Any]:
        check_session_name(name)
        base = str(request.base_url)
        return await queue.run(lambda: _turn_json(server.with_session(name, fn), name, base))

    @app.post("/api/sessions/{name}/undo", tags=["sessions"])
    async def undo(name: str, request: Request) -> dict[str, Any]:
        """Step back one turn."""
        return await move(name, request, lambda s: s.undo())

    @app.post("/api/sessions/{name}/redo", tags=["sessions"])
    async def redo(name: str, request: Request) -> dict[str, Any]:
        """Step forward again, to the turn the last undo left."""
        return await move(name, request, lambda s: s.redo())

    @app.post("/api/sessions/{name}/checkout", tags=["sessions"])
    async def checkout(name: str, body: CheckoutSession, request: Request) -> dict[str, Any]:
        """Go to any turn; the next edit branches from there."""
        return await move(name, request, lambda s: s.checkout(body.turn))

    # -- native API: a turn's files ---------------------------------------------------------------

    turn_path = "/api/sessions/{name}/turns/{turn}"

    @app.get(turn_path + "/image.png", tags=["turns"], response_class=Response)
    async def turn_image(name: str, turn: str, hide: Annotated[str | None, Query(max_length=2000)] = None) -> Response:
        """The turn's PNG, byte for byte as stored (its scene in ``egaku:scene``). ``turn``: a number or ``head``.
        ``hide=id1,id2``: the design drawn without those layers (a preview; nothing is stored)."""
        store, t = server.turn(name, turn)
        if not hide:
            return Response(store.image(t), media_type="image/png", headers={"ETag": f'"{t.image_sha256}"'})
        ids = [i for i in hide.split(",") if i]

        def job() -> bytes:
            from ..render import render
            from ..render.raster import encode_png
            from ..scene import Scene

            scene = Scene.from_json(t.scene_json)
            known = {x.id for x in scene.leaves()}
            unknown = [i for i in ids if i not in known]
            if unknown:
                raise ApiError(400, f"no layer {unknown[0][:40]!r} in turn {t.id}; see its scene.json", param="hide")
            gone = set(ids)
            scene.layers = [x for x in scene.layers if x.id not in gone]
            for g in scene.layers:
                if g.kind == "group":
                    g.children = [c for c in g.children if c.id not in gone]
            return encode_png(render(scene).image, None, opaque_rgb=True)

        return Response(await queue.run(job), media_type="image/png", headers={"Cache-Control": "no-store"})

    @app.get(turn_path + "/scene.json", tags=["turns"], response_class=Response)
    def turn_scene(name: str, turn: str) -> Response:
        """The scene document (``egaku schema`` describes it)."""
        _store, t = server.turn(name, turn)
        return Response(t.scene_json, media_type="application/json")

    @app.get(turn_path + "/trace", tags=["turns"])
    def turn_trace(name: str, turn: str) -> dict[str, Any]:
        """Why the turn looks as it does: the planner's and the editor's reasoning."""
        _store, t = server.turn(name, turn)
        return {"session": name, "turn": t.id, "instruction": t.instruction, "trace": t.trace}

    @app.get(turn_path + "/report", tags=["turns"])
    def turn_report(name: str, turn: str) -> dict[str, Any]:
        """The checks the turn's image passed (present, inside, uncovered, contrast, OCR)."""
        store, t = server.turn(name, turn)
        meta = read_png_meta(store.image(t), "stored image")
        report = json.loads(meta.text.get("egaku:report", "null"))
        return {"session": name, "turn": t.id, "report": report}

    @app.get(turn_path + "/sources", tags=["turns"])
    def turn_sources(name: str, turn: str) -> dict[str, Any]:
        """Where the drawn facts came from (empty for a design without live facts)."""
        store, t = server.turn(name, turn)
        meta = read_png_meta(store.image(t), "stored image")
        facts = json.loads(t.scene_json).get("facts", [])
        return {
            "session": name,
            "turn": t.id,
            "sources": json.loads(meta.text.get("egaku:sources", "[]")),
            "facts": facts,
        }

    @app.get(turn_path + "/svg", tags=["turns"], response_class=Response)
    async def turn_svg(name: str, turn: str) -> Response:
        """The design as SVG with live text, one Inkscape layer per scene layer."""
        store, t = server.turn(name, turn)
        svg = await queue.run(lambda: turn_generation(store, t).svg)
        return Response(svg, media_type="image/svg+xml", headers={"X-Content-Type-Options": "nosniff"})

    @app.get(turn_path + "/layers.zip", tags=["turns"], response_class=Response)
    async def turn_layers(name: str, turn: str) -> Response:
        """One full-canvas PNG per layer and manifest.json (z ascending), as ``--layers`` writes."""
        store, t = server.turn(name, turn)
        data = await queue.run(lambda: layers_zip(turn_generation(store, t, layers=True)))
        return Response(
            data,
            media_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{name}-{t.id}-layers.zip"'},
        )

    # -- the rest ----------------------------------------------------------------------------------

    @app.get("/health", tags=["server"])
    def health() -> dict[str, Any]:
        """The version and the work queue."""
        return {"ok": True, "version": __version__, "queue": queue.stats()}

    @app.get("/", tags=["server"], response_class=HTMLResponse)
    def studio() -> HTMLResponse:
        """The web studio: chat, canvas, history, layers, downloads (one page, nothing from a CDN)."""
        return HTMLResponse(_studio_html(), headers={"Cache-Control": "no-cache"})

    @app.get("/studio/fonts/{name}", tags=["server"], response_class=Response, include_in_schema=False)
    def studio_font(name: str) -> Response:
        """egaku's own fonts for the studio page (a fixed list: no request path reaches the file system)."""
        if name not in STUDIO_FONTS:
            raise ApiError(404, f"no font {name[:40]!r}; the studio serves {', '.join(STUDIO_FONTS)}", code="not_found")
        data = (Path(__file__).resolve().parent.parent / "fonts" / name).read_bytes()
        return Response(data, media_type="font/otf", headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/api", tags=["server"])
    def index() -> dict[str, Any]:
        return {
            "name": "egaku",
            "version": __version__,
            "openai": "/v1/images/generations, /v1/images/edits",
            "sessions": "/api/sessions",
            "docs": "/docs",
        }

    return app


@functools.lru_cache(maxsize=1)
def _studio_html() -> str:
    return (Path(__file__).with_name("studio.html")).read_text(encoding="utf-8")


def _encode(gen: Generation, fmt: str) -> bytes:
    return gen.svg.encode("utf-8") if fmt == "svg" else png_bytes(gen)
