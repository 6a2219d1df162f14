// libpng 1.6's simplified API (png_image_write_to_memory, png_image_begin_read_from_memory).
#include <png.h>
