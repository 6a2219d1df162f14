"""Every kind of PNG a dataset may ship, written with the standard library only (zlib and struct,
no libpng), so our libpng-based decoder is checked against an independent writer.

usage: image_zoo.py OUT_DIR WIDTH HEIGHT [KIND ...]

Writes, for one size, one PNG per (colour type, bit depth) the PNG standard allows, and beside
each NAME.png the RGB bytes any correct decoder must give (NAME.rgb, rows top to bottom), after
the toolkit's documented policy: alpha composited over white (the images use alpha 0 or full
only, so the expected bytes do not depend on the blending formula), 16-bit samples reduced to
8 bits (the images use 16-bit values k·257, which every rounding maps to k). Also writes
source.ppm for the JPEG encoder. With KINDs (e.g. rgba16 palette4), writes only those.
Prints the names written, one per line.
"""
import os
import struct
import sys
import zlib


def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png(width, height, depth, colour, rows, palette=None, transparency=None):
    """rows: one list of samples per row, in the file's channel order; packed here by depth."""
    raw = bytearray()
    for row in rows:
        raw.append(0)  # filter type None: the decoder's filters are tested by the encoder's files
        if depth == 16:
            for sample in row:
                raw += struct.pack(">H", sample)
        elif depth == 8:
            raw += bytes(row)
        else:
            per_byte, byte, filled = 8 // depth, 0, 0
            for sample in row:
                byte = (byte << depth) | sample
                filled += 1
                if filled == per_byte:
                    raw.append(byte)
                    byte, filled = 0, 0
            if filled:
                raw.append(byte << (depth * (per_byte - filled)))
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0))
    if palette is not None:
        data += chunk(b"PLTE", bytes(value for entry in palette for value in entry))
    if transparency is not None:
        data += chunk(b"tRNS", bytes(transparency))
    return data + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")


def main():
    out, width, height, kinds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), set(sys.argv[4:])
    os.makedirs(out, exist_ok=True)

    def level(x, y, channel, levels):
        """A pattern with edges and gradients, quantised to `levels` values."""
        return (x * 7 + y * 13 + channel * 50 + (x * y) % 11) % levels

    def opaque(x, y):
        return (x + 2 * y) % 5 != 0  # about one pixel in five is fully transparent

    written = []

    def wanted(name):
        return not kinds or name in kinds

    def emit(name, data, expected):
        with open(os.path.join(out, name + ".png"), "wb") as file:
            file.write(data)
        with open(os.path.join(out, name + ".rgb"), "wb") as file:
            file.write(bytes(expected))
        written.append(name)

    coords = [(x, y) for y in range(height) for x in range(width)]

    # Grey, 1/2/4/8/16 bits: a sample v of depth d is the grey level v·255/(2^d − 1).
    for depth in (1, 2, 4, 8, 16):
        if not wanted(f"grey{depth}"):
            continue
        top = 255 if depth == 16 else (1 << depth) - 1
        rows = [[level(x, y, 0, top + 1) * (257 if depth == 16 else 1) for x in range(width)] for y in range(height)]
        expected = []
        for x, y in coords:
            expected += [level(x, y, 0, top + 1) * 255 // top] * 3
        emit(f"grey{depth}", png(width, height, depth, 0, rows), expected)

    # RGB, 8 and 16 bits.
    for depth in (8, 16):
        if not wanted(f"rgb{depth}"):
            continue
        scale = 257 if depth == 16 else 1
        rows = [[level(x, y, c, 256) * scale for x in range(width) for c in range(3)] for y in range(height)]
        expected = [level(x, y, c, 256) for x, y in coords for c in range(3)]
        emit(f"rgb{depth}", png(width, height, depth, 2, rows), expected)

    # Grey + alpha and RGB + alpha, 8 and 16 bits: transparent pixels become white.
    for depth in (8, 16):
        scale, full = (257, 65535) if depth == 16 else (1, 255)

        def alpha(x, y):
            return full if opaque(x, y) else 0

        if wanted(f"greyalpha{depth}"):
            rows = [[v for x in range(width) for v in (level(x, y, 0, 256) * scale, alpha(x, y))] for y in range(height)]
            expected = []
            for x, y in coords:
                expected += [level(x, y, 0, 256) if opaque(x, y) else 255] * 3
            emit(f"greyalpha{depth}", png(width, height, depth, 4, rows), expected)
        if wanted(f"rgba{depth}"):
            rows = [[v for x in range(width) for v in [level(x, y, c, 256) * scale for c in range(3)] + [alpha(x, y)]] for y in range(height)]
            expected = [level(x, y, c, 256) if opaque(x, y) else 255 for x, y in coords for c in range(3)]
            emit(f"rgba{depth}", png(width, height, depth, 6, rows), expected)

    # Palette, 1/2/4/8 bits; entry 0 is transparent (tRNS), the others opaque.
    for depth in (1, 2, 4, 8):
        if not wanted(f"palette{depth}"):
            continue
        entries = 1 << depth
        palette = [((i * 37) % 256, (i * 91 + 20) % 256, (255 - i * 53) % 256) for i in range(entries)]
        rows = [[level(x, y, 1, entries) for x in range(width)] for y in range(height)]
        expected = []
        for x, y in coords:
            index = level(x, y, 1, entries)
            expected += [255, 255, 255] if index == 0 else list(palette[index])
        emit(f"palette{depth}", png(width, height, depth, 3, rows, palette, [0]), expected)

    # The source of the JPEGs (encoded by cjpeg: JPEG has no independent writer here).
    with open(os.path.join(out, "source.ppm"), "wb") as file:
        file.write(b"P6\n%d %d\n255\n" % (width, height) + bytes(level(x, y, c, 256) for x, y in coords for c in range(3)))
    print("\n".join(written))


if __name__ == "__main__":
    main()
