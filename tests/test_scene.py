"""The scene document: JSON round trip, schema, validation."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
from pydantic import ValidationError

import egaku
from egaku.scene import Scene


def test_scene_round_trips_through_json_exactly(generations):
    for gen in generations.values():
        data = gen.scene.to_json()
        again = Scene.from_json(data)
        assert again == gen.scene
        assert again.to_json() == data


def test_layers_have_stable_ids_kinds_z_and_boxes(generations):
    scene = generations["festival"].scene
    ids = [layer.id for layer in scene.layers]
    assert len(ids) == len(set(ids))
    kinds = {layer.kind for layer in scene.layers}
    assert {"background", "shape", "icon", "text", "effect"} <= kinds
    zs = [layer.z for layer in scene.ordered()]
    assert zs == sorted(zs)


def test_json_schema_validates_a_real_scene(generations):
    schema = egaku.json_schema()
    jsonschema.validate(json.loads(generations["wallpaper"].scene.to_json()), schema)
    out = subprocess.run([sys.executable, "-m", "egaku", "schema"], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["title"] == "Scene"


def test_invalid_scene_is_rejected(generations):
    data = json.loads(generations["festival"].scene.to_json())
    data["layers"][0]["kind"] = "hologram"
    with pytest.raises(ValidationError):
        Scene.model_validate(data)
    data = json.loads(generations["festival"].scene.to_json())
    data["canvas"]["width"] = 9000
    with pytest.raises(ValidationError):
        Scene.model_validate(data)
