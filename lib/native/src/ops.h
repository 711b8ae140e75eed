// Op codes of the enum-dispatched entry points. The C# enums UnaryOp, BinaryOp and
// ReduceOp mirror these values; append only, never renumber.
#pragma once

namespace wb {

enum UnaryOp {
  U_NEG = 0, U_ABS = 1, U_SQRT = 2, U_RSQRT = 3, U_EXP = 4, U_LOG = 5, U_RELU = 6, U_SIGMOID = 7,
  U_TANH = 8, U_SIGN = 9, U_FLOOR = 10, U_CEIL = 11, U_ROUND = 12, U_RECIPROCAL = 13, U_SQUARE = 14,
  U_LOGICAL_NOT = 15, U_ISNAN = 16, U_ISINF = 17, U_ISFINITE = 18, U_ZERO = 19, U_SIN = 20, U_COS = 21,
  U_LOG1P = 22,
};

enum BinaryOp {
  B_ADD = 0, B_SUB = 1, B_MUL = 2, B_DIV = 3, B_POW = 4, B_EQ = 5, B_NE = 6, B_LT = 7, B_LE = 8,
  B_GT = 9, B_GE = 10, B_MAXIMUM = 11, B_MINIMUM = 12, B_LOGICAL_AND = 13, B_LOGICAL_OR = 14,
  B_REMAINDER = 15, B_RSUB = 16, B_RDIV = 17, B_FILL = 18,
};

enum ReduceOp { R_SUM = 0, R_MEAN = 1, R_AMAX = 2, R_AMIN = 3, R_PROD = 4, R_ANY = 5, R_ALL = 6, R_LOGSUMEXP = 7 };

}  // namespace wb
