// Built with -mavx2 -mfma; chosen at run time only where the CPU has both.
#define WB_KK_NAMESPACE avx2
#define WB_KK_NAME "avx2"
#define WB_KK_LANES 8
#define WB_KK_TILE 3
#include "kernels.inc"
