"""Old word-processor formats (.doc, .odt, .rtf) to .docx with LibreOffice.

``soffice --headless --convert-to docx`` runs in a private temporary folder
with its own user profile (so conversions in parallel workers do not share
LibreOffice's lock) and a time limit; no process outlives the call.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.errors import InputError

TIMEOUT_S = 120


def soffice() -> str | None:
    """Path of the LibreOffice binary, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, filename: str, kind: str) -> bytes:
    """Convert ``data`` (a .doc/.odt/.rtf file) to .docx bytes; :class:`InputError` if
    LibreOffice is missing, fails or takes too long."""
    exe = soffice()
    if exe is None:
        raise InputError("converter_missing",
                         f"{filename}: .{kind} files need LibreOffice to convert "
                         "(install libreoffice-writer; soffice not found)")
    with tempfile.TemporaryDirectory(prefix="tripreport-convert-") as tmp:
        src = Path(tmp) / f"input.{kind}"
        src.write_bytes(data)
        cmd = [exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
               "--convert-to", "docx", "--outdir", str(Path(tmp) / "out"), str(src)]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise InputError("convert_failed",
                             f"{filename}: LibreOffice took over {TIMEOUT_S} s to convert it") from None
        out = Path(tmp) / "out" / "input.docx"
        if proc.returncode != 0 or not out.is_file():
            reason = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip().splitlines()
            raise InputError("convert_failed",
                             f"{filename}: LibreOffice could not convert it"
                             + (f" ({reason[-1][:120]})" if reason else ""))
        return out.read_bytes()
