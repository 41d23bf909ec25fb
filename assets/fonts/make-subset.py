#!/usr/bin/env python3
"""Rebuild NotoSansCJKsc-Regular-subset.otf from Debian's fonts-noto-cjk.

Needs fontTools (a throw-away venv is enough):
    python3 -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools
    /tmp/ft/bin/python assets/fonts/make-subset.py
Takes about a minute. See README.md for what is kept and why.
"""
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FACE_INDEX = 2  # Noto Sans CJK SC in Debian's collection
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "NotoSansCJKsc-Regular-subset.otf")


def is_hangul(cp: int) -> bool:
    return (
        0xAC00 <= cp <= 0xD7AF  # syllables
        or 0x1100 <= cp <= 0x11FF  # jamo
        or 0x3130 <= cp <= 0x318F  # compatibility jamo
        or 0xA960 <= cp <= 0xA97F
        or 0xD7B0 <= cp <= 0xD7FF
    )


def main() -> int:
    face = TTCollection(SOURCE).fonts[FACE_INDEX]
    family = face["name"].getDebugName(1)
    if family != "Noto Sans CJK SC":
        print(f"face {FACE_INDEX} of {SOURCE} is {family!r}, not Noto Sans CJK SC", file=sys.stderr)
        return 1
    keep = sorted(cp for cp in face.getBestCmap() if not is_hangul(cp))

    options = subset.Options()
    options.layout_features = []  # the PDF code places glyphs itself; no shaping
    options.name_IDs = ["*"]  # keep copyright, licence and trademark records
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["BASE", "VORG", "vhea", "vmtx"]  # horizontal text only
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(face)
    face.save(OUT)
    print(f"{OUT}: {len(keep)} characters, {os.path.getsize(OUT)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
