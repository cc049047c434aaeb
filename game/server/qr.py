"""The QR code of the voting address, as rows of dark (True) and light modules, for any view to
draw. segno makes it; medium error correction survives a dim projector and a shaky phone."""

from __future__ import annotations

import segno

QUIET_ZONE = 4  # light modules around the code, as the standard asks


def qr_modules(text: str) -> list[list[bool]]:
    """The modules of `text`'s QR code, with its quiet zone."""
    code = segno.make(text, error="m", micro=False)
    return [[bool(m) for m in row] for row in code.matrix_iter(scale=1, border=QUIET_ZONE)]
