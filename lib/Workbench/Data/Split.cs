namespace Workbench.Data;

/// <summary>Which part of a dataset as published: the training files or the held-out test files.</summary>
public enum Split
{
    Train,
    Test,
}
