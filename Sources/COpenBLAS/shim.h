// OpenBLAS's own cblas.h (pkg-config points at the openblas-pthread include folder), which also
// declares openblas_set_num_threads and openblas_get_corename.
#include <cblas.h>
#ifndef OPENBLAS_VERSION
#error "cblas.h is not OpenBLAS's: install libopenblas-dev and check `pkg-config --cflags openblas`"
#endif
