"""Tiny random-weight diffusers pipelines, built from configs and saved to a folder.

No hub, no weights, no network: every model is made from a config here (as diffusers'
own tests do in ``get_dummy_components``), the tokenizers from a vocabulary written here,
and the whole pipeline is written with ``save_pretrained`` so egaku loads it back through
its real path (``from_pretrained(folder, local_files_only=True)``). What they paint is
noise; what is tested is everything around the painting.

    build_sd(folder)    SD 1.5-style: UNet2DConditionModel, CLIP, AutoencoderKL, DDIM
    build_sdxl(folder)  SDXL: two CLIP text encoders, text_time UNet, Euler
    build_flux(folder)  FLUX.1: FluxTransformer2DModel, CLIP + T5, flow-matching Euler
    build_sd_inpaint(folder)  an SD 1.5-style inpainting checkpoint (a 9-channel UNet)
    build_sd3(folder)   Stable Diffusion 3.5: SD3Transformer2DModel, two CLIPs + T5
    build_qwen(folder)  Qwen-Image: a tiny Qwen2.5-VL text encoder, the Qwen VAE
"""

from __future__ import annotations

from pathlib import Path

import torch

__all__ = [
    "BUILDERS",
    "build_flux",
    "build_sd",
    "build_qwen",
    "build_sd_inpaint",
    "build_sdxl",
    "clip_tokenizer",
    "t5_tokenizer",
]


WORDS = """a an the of and on in at by to with from seen above below high low angle wide close shot up
koala dog cat fox bird penguin wearing red blue green yellow white black floral aloha shirt hat sunny beach
sea snowy snow forest park city night sunset morning detailed painterly illustration watercolor painting
photograph realistic plain uncluttered space top bottom middle picture studio background tree under"""


def _bytes_to_unicode() -> list[str]:
    """GPT-2's byte → printable character table (CLIP's BPE works on these characters)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return [chr(c) for c in cs]


def clip_tokenizer() -> object:
    """A CLIP BPE tokenizer over byte characters and a few whole words, 77 tokens long."""
    from transformers import CLIPTokenizer

    chars = _bytes_to_unicode()
    vocab: dict[str, int] = {"<|startoftext|>": 0, "<|endoftext|>": 2, "!": 1}
    for tok in [*chars, *(c + "</w>" for c in chars)]:
        vocab.setdefault(tok, len(vocab) + 1)
    # whole words for the words egaku's prompts use most, merged letter by letter, so a
    # prompt is about one token a word (as with the real vocabulary) and fits 77 tokens
    merges = ["#version: 0.2"]
    for word in WORDS.split():
        for i in range(1, len(word)):
            left, right = word[:i], word[i] + ("</w>" if i == len(word) - 1 else "")
            merge = f"{left} {right}"
            if merge not in merges:
                merges.append(merge)
                vocab.setdefault(left + right, len(vocab) + 1)
    vocab = {k: i for i, k in enumerate(sorted(vocab, key=vocab.__getitem__))}
    # (transformers 5 builds the BPE from these; its vocab_file/merges_file are gone)
    return CLIPTokenizer(vocab=vocab, merges=[tuple(m.split()) for m in merges[1:]], model_max_length=77, pad_token="!")


def t5_tokenizer() -> object:
    """A T5 (unigram) tokenizer over single characters."""
    from transformers import T5Tokenizer

    pieces = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("▁", -1.0)]
    pieces += [(chr(c), -2.0) for c in range(ord("a"), ord("z") + 1)]
    pieces += [(chr(c), -3.0) for c in range(ord("A"), ord("Z") + 1)]
    pieces += [(c, -3.0) for c in "0123456789,.-'"]
    return T5Tokenizer(vocab=pieces, extra_ids=0, model_max_length=512)


def _clip_config(hidden: int = 32, projection: int = 32) -> object:
    from transformers import CLIPTextConfig

    return CLIPTextConfig(
        bos_token_id=0,
        eos_token_id=2,
        hidden_size=hidden,
        intermediate_size=37,
        layer_norm_eps=1e-05,
        num_attention_heads=4,
        num_hidden_layers=2,
        pad_token_id=1,
        vocab_size=1000,
        hidden_act="gelu",
        projection_dim=projection,
    )


def _vae(**kw: object) -> object:
    """A four-block VAE: latents 1/8 of the image a side, as the real ones (a smaller
    factor makes the mid-block attention over the latent the slowest part of a test)."""
    from diffusers import AutoencoderKL

    return AutoencoderKL(
        block_out_channels=[4, 4, 4, 4],
        in_channels=3,
        out_channels=3,
        down_block_types=["DownEncoderBlock2D"] * 4,
        up_block_types=["UpDecoderBlock2D"] * 4,
        layers_per_block=1,
        norm_num_groups=2,
        **kw,
    )


def build_sd(folder: Path) -> Path:
    """An SD 1.5-style pipeline (UNet, CLIP, VAE, DDIM) saved to ``folder``."""
    from diffusers import DDIMScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextModel

    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        block_out_channels=(4, 8),
        layers_per_block=1,
        sample_size=32,
        in_channels=4,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=32,
        norm_num_groups=2,
    )
    vae = _vae(latent_channels=4)
    scheduler = DDIMScheduler(
        beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", clip_sample=False, set_alpha_to_one=False
    )
    pipe = StableDiffusionPipeline(
        unet=unet,
        scheduler=scheduler,
        vae=vae,
        text_encoder=CLIPTextModel(_clip_config()),
        tokenizer=clip_tokenizer(),
        safety_checker=None,
        feature_extractor=None,
        image_encoder=None,
        requires_safety_checker=False,
    )
    pipe.save_pretrained(folder)
    return folder


def build_sdxl(folder: Path) -> Path:
    """An SDXL pipeline (two CLIP encoders, text_time UNet, Euler) saved to ``folder``."""
    from diffusers import EulerDiscreteScheduler, StableDiffusionXLPipeline, UNet2DConditionModel
    from transformers import CLIPTextModel, CLIPTextModelWithProjection

    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        block_out_channels=(2, 4),
        layers_per_block=1,
        sample_size=32,
        in_channels=4,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        attention_head_dim=(2, 4),
        use_linear_projection=True,
        addition_embed_type="text_time",
        addition_time_embed_dim=8,
        transformer_layers_per_block=(1, 1),
        projection_class_embeddings_input_dim=80,  # 6 time ids × 8 + the pooled text (32)
        cross_attention_dim=64,  # the two encoders' hidden states side by side
        norm_num_groups=1,
    )
    vae = _vae(latent_channels=4)
    scheduler = EulerDiscreteScheduler(
        beta_start=0.00085, beta_end=0.012, steps_offset=1, beta_schedule="scaled_linear", timestep_spacing="leading"
    )
    tok = clip_tokenizer()
    pipe = StableDiffusionXLPipeline(
        unet=unet,
        scheduler=scheduler,
        vae=vae,
        text_encoder=CLIPTextModel(_clip_config()),
        text_encoder_2=CLIPTextModelWithProjection(_clip_config()),
        tokenizer=tok,
        tokenizer_2=tok,
        image_encoder=None,
        feature_extractor=None,
        force_zeros_for_empty_prompt=True,
    )
    pipe.save_pretrained(folder)
    return folder


def build_flux(folder: Path) -> Path:
    """A FLUX.1 pipeline (small transformer, CLIP + T5, flow matching) saved to ``folder``."""
    from diffusers import FlowMatchEulerDiscreteScheduler, FluxPipeline, FluxTransformer2DModel
    from transformers import CLIPTextModel, T5Config, T5EncoderModel

    torch.manual_seed(0)
    transformer = FluxTransformer2DModel(
        patch_size=1,
        in_channels=4,  # 2×2 patches of the one-channel latent
        num_layers=1,
        num_single_layers=1,
        attention_head_dim=16,
        num_attention_heads=2,
        joint_attention_dim=32,
        pooled_projection_dim=32,
        axes_dims_rope=[4, 4, 8],
    )
    t5 = T5EncoderModel(
        T5Config(
            d_model=32, d_kv=8, d_ff=37, num_layers=2, num_heads=4, vocab_size=128, relative_attention_num_buckets=8
        )
    )
    vae = _vae(latent_channels=1, use_quant_conv=False, use_post_quant_conv=False, shift_factor=0.0609)
    pipe = FluxPipeline(
        scheduler=FlowMatchEulerDiscreteScheduler(),
        vae=vae,
        text_encoder=CLIPTextModel(_clip_config()),
        tokenizer=clip_tokenizer(),
        text_encoder_2=t5,
        tokenizer_2=t5_tokenizer(),
        transformer=transformer,
    )
    pipe.save_pretrained(folder)
    return folder


def build_sd_inpaint(folder: Path) -> Path:
    """An SD 1.5-style inpainting checkpoint: its UNet reads 9 channels (latent, mask,
    masked image latent), saved as a StableDiffusionInpaintPipeline."""
    from diffusers import DDIMScheduler, StableDiffusionInpaintPipeline, UNet2DConditionModel
    from transformers import CLIPTextModel

    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        block_out_channels=(4, 8),
        layers_per_block=1,
        sample_size=32,
        in_channels=9,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=32,
        norm_num_groups=2,
    )
    scheduler = DDIMScheduler(
        beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", clip_sample=False, set_alpha_to_one=False
    )
    pipe = StableDiffusionInpaintPipeline(
        unet=unet,
        scheduler=scheduler,
        vae=_vae(latent_channels=4),
        text_encoder=CLIPTextModel(_clip_config()),
        tokenizer=clip_tokenizer(),
        safety_checker=None,
        feature_extractor=None,
        image_encoder=None,
        requires_safety_checker=False,
    )
    pipe.save_pretrained(folder)
    return folder


def build_sd3(folder: Path) -> Path:
    """A Stable Diffusion 3(.5) pipeline (SD3Transformer2DModel, two CLIPs and T5) saved to ``folder``."""
    from diffusers import FlowMatchEulerDiscreteScheduler, SD3Transformer2DModel, StableDiffusion3Pipeline
    from transformers import CLIPTextModelWithProjection, T5Config, T5EncoderModel

    torch.manual_seed(0)
    transformer = SD3Transformer2DModel(
        sample_size=32,
        patch_size=1,
        in_channels=16,  # SD3's 16-channel latent (its inpainting pipeline checks for it)
        num_layers=1,
        attention_head_dim=8,
        num_attention_heads=4,
        caption_projection_dim=32,
        joint_attention_dim=32,  # T5's width
        pooled_projection_dim=64,  # the two CLIPs' pooled outputs side by side
        out_channels=16,
    )
    t5 = T5EncoderModel(
        T5Config(
            d_model=32, d_kv=8, d_ff=37, num_layers=2, num_heads=4, vocab_size=128, relative_attention_num_buckets=8
        )
    )
    tok = clip_tokenizer()
    pipe = StableDiffusion3Pipeline(
        transformer=transformer,
        scheduler=FlowMatchEulerDiscreteScheduler(),
        vae=_vae(latent_channels=16, use_quant_conv=False, use_post_quant_conv=False, shift_factor=0.0609),
        text_encoder=CLIPTextModelWithProjection(_clip_config()),
        tokenizer=tok,
        text_encoder_2=CLIPTextModelWithProjection(_clip_config()),
        tokenizer_2=tok,
        text_encoder_3=t5,
        tokenizer_3=t5_tokenizer(),
    )
    pipe.save_pretrained(folder)
    return folder


def build_qwen(folder: Path) -> Path:
    """A Qwen-Image pipeline (a tiny Qwen2.5-VL text encoder, byte-level tokenizer, the
    Qwen VAE, flow matching) saved to ``folder``; needs a diffusers that has Qwen-Image."""
    from diffusers import (
        AutoencoderKLQwenImage,
        FlowMatchEulerDiscreteScheduler,
        QwenImagePipeline,
        QwenImageTransformer2DModel,
    )
    from transformers import Qwen2_5_VLConfig, Qwen2_5_VLForConditionalGeneration, Qwen2Tokenizer

    vocab = {c: i for i, c in enumerate(_bytes_to_unicode())}
    for special in ("<|im_start|>", "<|im_end|>", "<|endoftext|>"):
        vocab[special] = len(vocab)
    tokenizer = Qwen2Tokenizer(
        vocab=vocab, merges=[], unk_token=None, eos_token="<|im_end|>", pad_token="<|endoftext|>"
    )
    torch.manual_seed(0)
    transformer = QwenImageTransformer2DModel(
        patch_size=2,
        in_channels=16,
        out_channels=4,
        num_layers=2,
        attention_head_dim=16,
        num_attention_heads=3,
        joint_attention_dim=16,
        guidance_embeds=False,
        axes_dims_rope=(8, 4, 4),
    )
    vae = AutoencoderKLQwenImage(
        base_dim=24,
        z_dim=4,
        dim_mult=[1, 2, 4],
        num_res_blocks=1,
        temperal_downsample=[False, True],
        latents_mean=[0.0] * 4,
        latents_std=[1.0] * 4,
    )
    text = {
        "hidden_size": 16,
        "intermediate_size": 16,
        "num_hidden_layers": 2,
        "num_attention_heads": 2,
        "num_key_value_heads": 2,
        "rope_scaling": {"mrope_section": [1, 1, 2], "rope_type": "default", "type": "default"},
        "rope_theta": 1000000.0,
        "vocab_size": 300,
    }
    vision = {"depth": 2, "hidden_size": 16, "intermediate_size": 16, "num_heads": 2, "out_hidden_size": 16}
    config = Qwen2_5_VLConfig(
        text_config=text,
        vision_config=vision,
        hidden_size=16,
        vocab_size=300,
        vision_end_token_id=297,
        vision_start_token_id=298,
        vision_token_id=299,
    )
    pipe = QwenImagePipeline(
        transformer=transformer,
        vae=vae,
        scheduler=FlowMatchEulerDiscreteScheduler(),
        text_encoder=Qwen2_5_VLForConditionalGeneration(config),
        tokenizer=tokenizer,
    )
    pipe.save_pretrained(folder)
    return folder


BUILDERS = {"sd": build_sd, "sdxl": build_sdxl, "flux": build_flux, "sd-inpaint": build_sd_inpaint, "sd3": build_sd3}
