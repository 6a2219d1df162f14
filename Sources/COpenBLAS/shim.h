// OpenBLAS's own cblas.h (pkg-config points at the openblas-pthread include folder), which also
// declares openblas_set_num_threads and openblas_get_corename.
#include <cblas.h>
#ifndef OPENBLAS_VERSION
#error "cblas.h is not OpenBLAS's: install libopenblas-dev and check `pkg-config --cflags openblas`"
#endif

// Not OpenBLAS, but TensorCore's other C needs: keep large buffers on the heap (see TensorStorage),
// and the busy-wait hint of the worker pool.
#include <malloc.h>
// glibc refuses (returns 0 and keeps its default) an mmap threshold above half its 64 MiB heap
// size, so 32 MiB is the largest that takes effect; buffers above it are rare and big enough for
// a fresh mapping not to matter. A trim threshold of -1 never gives the heap's top back: a
// training step frees over a gigabyte and would otherwise page-fault it all in again.
static inline int COpenBLAS_keepLargeAllocationsOnHeap(void) {
    return mallopt(M_MMAP_THRESHOLD, 32 << 20) && mallopt(M_TRIM_THRESHOLD, -1);
}

static inline void COpenBLAS_spinPause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}
