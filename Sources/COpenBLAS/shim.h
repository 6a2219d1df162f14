// OpenBLAS's own cblas.h (pkg-config points at the openblas-pthread include folder), which also
// declares openblas_set_num_threads and openblas_get_corename.
#include <cblas.h>
#ifndef OPENBLAS_VERSION
#error "cblas.h is not OpenBLAS's: install libopenblas-dev and check `pkg-config --cflags openblas`"
#endif

// Not OpenBLAS, but TensorCore's other C need: keep large buffers on the heap (see TensorStorage).
#include <malloc.h>
static inline void COpenBLAS_keepLargeAllocationsOnHeap(void) {
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
}
