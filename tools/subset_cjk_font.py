"""Rebuild the bundled Chinese font from Debian's fonts-noto-cjk.

Wangge ships its own font so that sketches, maps and PDFs show the same
Chinese text on every machine, with no download and no system font needed.
The subset keeps every GB 2312 hanzi (6,763, which covers the common names and
place names of household registers), ASCII, CJK punctuation and full-width forms.

    python tools/subset_cjk_font.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""

import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

SC_INDEX_IN_COLLECTION = 2  # "Noto Sans CJK SC" inside NotoSansCJK-Regular.ttc
OUT = "resources/fonts/NotoSansSC-Regular-GB2312.otf"


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
    text += "·—…‘’“”•※○●□■△▲☆★→←↑↓"
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    font.save(OUT)
    print(f"wrote {OUT} with {len(set(text))} characters")


if __name__ == "__main__":
    main(sys.argv[1])
