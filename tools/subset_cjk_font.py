"""Rebuild the bundled Chinese font from Debian's fonts-noto-cjk.

Wangge ships its own font so that sketches, maps and PDFs show the same
Chinese text on every machine, with no download and no system font needed.
The subset keeps every GB 2312 hanzi (6,763, which covers the common names and
place names of household registers), ASCII and Latin-1, general and CJK punctuation
(the en dash of "0%–20%" among them) and full-width forms: every character Wangge
prints must be in it, or Qt draws it in some system font (the tests check the PDFs).

    python tools/subset_cjk_font.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""

import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

SC_INDEX_IN_COLLECTION = 2  # "Noto Sans CJK SC" inside NotoSansCJK-Regular.ttc
OUT = "resources/fonts/NotoSansSC-Regular-GB2312.otf"
FAMILY = "Wangge Sans SC"
"""The subset's own family name: were it still "Noto Sans CJK SC", Qt would pick the system's full font
when one is installed, and maps would differ between machines (and PDFs would map some hanzi to
look-alike radicals in their text layer, breaking search)."""


def gb2312_characters() -> str:
    chars = []
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(chars)


def main(source: str) -> None:
    font = TTCollection(source).fonts[SC_INDEX_IN_COLLECTION]
    text = gb2312_characters() + "".join(chr(c) for c in range(0x20, 0x7F))
    text += "".join(chr(c) for c in range(0x3000, 0x3040))  # CJK punctuation
    text += "".join(chr(c) for c in range(0xFF00, 0xFFF0))  # full-width forms
    text += "".join(chr(c) for c in range(0xA0, 0x100))  # Latin-1: ° ± × · é in English texts and names
    text += "".join(chr(c) for c in range(0x2010, 0x2028))  # general punctuation: – — ‘ ’ “ ” • …
    text += "※○●□■△▲☆★→←↑↓≤≥≈≠−"
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    # Kerning only: substitutions (ligatures, contextual alternates) give glyphs outside the cmap,
    # which PDF text layers cannot map back to characters, so "YH-01" would read "YH" there.
    options.layout_features = ["kern"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    rename(font)
    font.save(OUT)
    print(f"wrote {OUT} with {len(set(text))} characters")


def rename(font) -> None:
    """Give the subset its own family and PostScript names (the SIL OFL asks modified fonts to be told apart)."""
    postscript = FAMILY.replace(" ", "") + "-Regular"
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID == 4:
            record.string = f"{FAMILY} Regular"
        elif record.nameID == 6:
            record.string = postscript
        elif record.nameID == 3:
            record.string = f"{postscript};subset of Noto Sans CJK SC"
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]


if __name__ == "__main__":
    main(sys.argv[1])
