namespace Workbench.Torch;

// Op codes shared with lib/native/src/ops.h: append only, never renumber.

internal enum UnaryOp
{
    Neg = 0, Abs = 1, Sqrt = 2, Rsqrt = 3, Exp = 4, Log = 5, Relu = 6, Sigmoid = 7, Tanh = 8, Sign = 9,
    Floor = 10, Ceil = 11, Round = 12, Reciprocal = 13, Square = 14, LogicalNot = 15, IsNan = 16,
    IsInf = 17, IsFinite = 18, Zero = 19, Sin = 20, Cos = 21, Log1p = 22,
}

internal enum BinaryOp
{
    Add = 0, Sub = 1, Mul = 2, Div = 3, Pow = 4, Eq = 5, Ne = 6, Lt = 7, Le = 8, Gt = 9, Ge = 10,
    Maximum = 11, Minimum = 12, LogicalAnd = 13, LogicalOr = 14, Remainder = 15, RSub = 16, RDiv = 17, Fill = 18,
}

internal enum ReduceOp
{
    Sum = 0, Mean = 1, Amax = 2, Amin = 3, Prod = 4, Any = 5, All = 6, LogSumExp = 7,
}

/// <summary>How a loss combines its per-element values; the values are ATen's Reduction codes.</summary>
public enum Reduction
{
    None = 0,
    Mean = 1,
    Sum = 2,
}
