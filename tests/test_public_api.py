"""The public surface is explicit and pinned (changing it is a decision, not an accident)."""

import egaku


def test_exported_members():
    assert set(egaku.__all__) == {
        "AssetError",
        "EgakuError",
        "Generation",
        "GlyphError",
        "InputError",
        "LayoutError",
        "OutputPathError",
        "PromptError",
        "Scene",
        "Session",
        "SizeError",
        "VerifyError",
        "__version__",
        "generate",
        "generate_variants",
        "json_schema",
        "resize",
    }
    for name in egaku.__all__:
        assert hasattr(egaku, name)


def test_every_error_is_an_egaku_error_with_an_exit_code():
    for name in egaku.__all__:
        obj = getattr(egaku, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, egaku.EgakuError)
            assert obj.exit_code in (1, 2)
