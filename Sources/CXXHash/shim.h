#include <xxhash.h>
#include <xxh_x86dispatch.h>

// The header macros that route XXH3 to the run-time AVX2 dispatcher do not reach Swift, so the
// dispatching entry points are wrapped here by name (about 10 GB/s against 7 for the plain ones).
static inline XXH128_hash_t CXXHash_XXH3_128(const void *input, size_t length) {
    return XXH3_128bits_dispatch(input, length);
}
static inline XXH_errorcode CXXHash_XXH3_128_update(XXH3_state_t *state, const void *input, size_t length) {
    return XXH3_128bits_update_dispatch(state, input, length);
}
