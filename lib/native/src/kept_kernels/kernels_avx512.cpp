// Built with -mavx512f -mfma; chosen at run time only where the CPU has AVX-512F.
#define WB_KK_NAMESPACE avx512
#define WB_KK_NAME "avx512"
#define WB_KK_LANES 16
#define WB_KK_TILE 6
#include "kernels.inc"
