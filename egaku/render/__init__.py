"""Renderers: the design renderer (scene → SVG → PNG with resvg)."""

from .raster import LayerRaster, Rendering, export_svg, outlined_svg, rasterize_svg, render

__all__ = ["LayerRaster", "Rendering", "export_svg", "outlined_svg", "rasterize_svg", "render"]
