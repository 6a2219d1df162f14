"""A small RGB PNG written with the standard library only, for scripts that send an image to a
served model (scripts/bench-serve.py, Tests/TestSupport/openai_client_check.py)."""
import struct
import zlib


def png(width=64, height=64):
    """A width × height RGB PNG with a diagonal gradient."""
    rows = b"".join(b"\x00" + bytes(((x * 4 + y * 2) % 256) for x in range(width) for _ in range(3)) for y in range(height))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
