// JPEG decoding and encoding through libjpeg-turbo, with its errors returned instead of exit()ed:
// libjpeg's default error handler ends the process, so the handler here jumps back and reports
// the message.
#ifndef MMPR_JPEG_CODEC_H
#define MMPR_JPEG_CODEC_H

#include <stddef.h>

/// With `rgb` NULL: reads the header only and sets `width` and `height` (the size is checked
/// before anything of that size is allocated). Otherwise decodes into `rgb` (width × height × 3
/// bytes, rows top to bottom, the size read before); grey images are expanded to RGB, and corrupt
/// data is an error, not a warning with garbage rows. Returns 1 on success, 0 with a message in
/// `error` otherwise.
int mmpr_jpeg_read(const unsigned char *data, size_t size, unsigned char *rgb, int *width, int *height, char *error,
                   size_t error_size);

/// Encodes `width` × `height` RGB pixels (rows top to bottom) at `quality` (1–100) with the
/// library's defaults, those of `cjpeg -quality Q`: baseline, 4:2:0 chroma, the islow DCT, a
/// JFIF header and nothing else, so the bytes depend on the pixels and the quality alone. Returns
/// 1 and sets `*output` (free it with mmpr_jpeg_free) and `*output_size`, or 0 with a message.
int mmpr_jpeg_write(const unsigned char *rgb, int width, int height, int quality, unsigned char **output,
                    size_t *output_size, char *error, size_t error_size);

/// Frees what mmpr_jpeg_write returned.
void mmpr_jpeg_free(unsigned char *buffer);

#endif
