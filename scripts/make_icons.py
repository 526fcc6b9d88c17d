#!/usr/bin/env python3
"""Draw the PNG icons from static/img/favicon.svg with CairoSVG (the `icons` extra of pyproject.toml; it needs
the system's libcairo2): the 180 px icon (`apple-touch-icon`, and the PNG fallback of the SVG favicon) and
the 1200x630 social preview (`og:image`). Run after changing the SVG, and commit the PNGs:

    .venv/bin/pip install '.[icons]' && .venv/bin/python scripts/make_icons.py
"""

import re
from pathlib import Path

import cairosvg

IMG = Path(__file__).resolve().parent.parent / "static" / "img"


def main() -> None:
    svg = (IMG / "favicon.svg").read_text()
    cairosvg.svg2png(bytestring=svg.encode(), write_to=str(IMG / "icon-180.png"), output_width=180, output_height=180)
    print("wrote static/img/icon-180.png (180x180)")
    # The preview: the icon's own drawing, large, beside the name, on the icon's background colour.
    background = re.search(r'fill="(#[0-9a-fA-F]{6})"', svg).group(1)
    inner = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.S).group(1)
    preview = f"""<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
  <rect width="1200" height="630" fill="{background}"/>
  <svg x="110" y="205" width="220" height="220" viewBox="0 0 32 32">{inner}</svg>
  <g fill="#fff" font-family="DejaVu Sans, sans-serif">
    <text x="380" y="320" font-size="96" font-weight="bold">CareerGuide</text>
    <text x="384" y="390" font-size="36">Sourced pay, career ladders and skills</text>
  </g>
</svg>"""
    cairosvg.svg2png(bytestring=preview.encode(), write_to=str(IMG / "social-preview.png"))
    print("wrote static/img/social-preview.png (1200x630)")


if __name__ == "__main__":
    main()
