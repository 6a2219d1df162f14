// JPEG decoding through libjpeg-turbo, with its errors returned instead of exit()ed: libjpeg's
// default error handler ends the process, so the handler here jumps back and reports the message.
#ifndef MMPR_JPEG_DECODE_H
#define MMPR_JPEG_DECODE_H

#include <stddef.h>

/// With `rgb` NULL: reads the header only and sets `width` and `height` (the size is checked
/// before anything of that size is allocated). Otherwise decodes into `rgb` (width × height × 3
/// bytes, rows top to bottom, the size read before); grey images are expanded to RGB, and corrupt
/// data is an error, not a warning with garbage rows. Returns 1 on success, 0 with a message in
/// `error` otherwise.
int mmpr_jpeg_read(const unsigned char *data, size_t size, unsigned char *rgb, int *width, int *height, char *error,
                   size_t error_size);

#endif
