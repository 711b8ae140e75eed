// The portable kernels: 4-float vectors, which every x86-64 (SSE2) and AArch64 (NEON) has.
#define WB_KK_NAMESPACE generic
#define WB_KK_NAME "generic"
#define WB_KK_LANES 4
#define WB_KK_TILE 2
#include "kernels.inc"
