#include "jpeg_codec.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

struct guarded_errors {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    int warned;
};

static void fail(j_common_ptr info) {
    struct guarded_errors *errors = (struct guarded_errors *)info->err;
    (*info->err->format_message)(info, errors->message);
    longjmp(errors->jump, 1);
}

/* A warning (level -1) is corrupt data: keep its message, and fail once decoding ends. */
static void note(j_common_ptr info, int level) {
    struct guarded_errors *errors = (struct guarded_errors *)info->err;
    if (level < 0 && !errors->warned) {
        (*info->err->format_message)(info, errors->message);
        errors->warned = 1;
    }
}

static void copy_message(const char *message, char *error, size_t error_size) {
    if (error_size == 0) return;
    strncpy(error, message, error_size - 1);
    error[error_size - 1] = 0;
}

/* Routes libjpeg's errors and warnings to `errors` instead of stderr and exit(). */
static struct jpeg_error_mgr *guard(struct guarded_errors *errors) {
    memset(errors, 0, sizeof *errors);
    jpeg_std_error(&errors->base);
    errors->base.error_exit = fail;
    errors->base.emit_message = note;
    return &errors->base;
}

int mmpr_jpeg_read(const unsigned char *data, size_t size, unsigned char *rgb, int *width, int *height, char *error,
                   size_t error_size) {
    struct jpeg_decompress_struct info;
    struct guarded_errors errors;
    info.err = guard(&errors);
    jpeg_create_decompress(&info);
    if (setjmp(errors.jump)) {
        copy_message(errors.message, error, error_size);
        jpeg_destroy_decompress(&info);
        return 0;
    }
    jpeg_mem_src(&info, data, (unsigned long)size);
    jpeg_read_header(&info, TRUE);
    if (rgb == NULL) {
        *width = (int)info.image_width;
        *height = (int)info.image_height;
        jpeg_destroy_decompress(&info);
        return 1;
    }
    if ((int)info.image_width != *width || (int)info.image_height != *height) {
        copy_message("the size changed between reads", error, error_size);
        jpeg_destroy_decompress(&info);
        return 0;
    }
    /* Always RGB out; the library's defaults otherwise (islow IDCT, fancy upsampling), so the
       bytes are those of `djpeg` on the same file. */
    info.out_color_space = JCS_RGB;
    jpeg_start_decompress(&info);
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = rgb + (size_t)info.output_scanline * (size_t)*width * 3;
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    if (errors.warned) {
        copy_message(errors.message, error, error_size);
        return 0;
    }
    return 1;
}

/* The output buffer lives on the heap: it is filled between setjmp and a possible longjmp, after
   which an automatic variable's value would be indeterminate. */
struct encoded {
    unsigned char *buffer;
    unsigned long size;
};

int mmpr_jpeg_write(const unsigned char *rgb, int width, int height, int quality, unsigned char **output,
                    size_t *output_size, char *error, size_t error_size) {
    struct jpeg_compress_struct info;
    struct guarded_errors errors;
    struct encoded *encoded = calloc(1, sizeof *encoded);
    if (encoded == NULL) {
        copy_message("out of memory", error, error_size);
        return 0;
    }
    info.err = guard(&errors);
    jpeg_create_compress(&info);
    if (setjmp(errors.jump)) {
        copy_message(errors.message, error, error_size);
        jpeg_destroy_compress(&info);
        free(encoded->buffer);
        free(encoded);
        return 0;
    }
    jpeg_mem_dest(&info, &encoded->buffer, &encoded->size);
    info.image_width = (JDIMENSION)width;
    info.image_height = (JDIMENSION)height;
    info.input_components = 3;
    info.in_color_space = JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < info.image_height) {
        JSAMPROW row = (JSAMPROW)(rgb + (size_t)info.next_scanline * (size_t)width * 3);
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    *output = encoded->buffer;
    *output_size = (size_t)encoded->size;
    free(encoded);
    return 1;
}

void mmpr_jpeg_free(unsigned char *buffer) { free(buffer); }
