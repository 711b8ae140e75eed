namespace Workbench.Similarity;

/// <summary>
/// Which of two equal formulas <see cref="LinearCka"/> evaluates. Both give the same value;
/// they differ in cost (see <see cref="LinearCka.FormFor"/>).
/// </summary>
public enum CkaForm
{
    /// <summary>Chosen by size: <see cref="LinearCka.FormFor"/>.</summary>
    Auto,

    /// <summary>‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F): p×p, q×q and q×p matrices, no n×n one.</summary>
    Features,

    /// <summary>⟨K, L⟩_F / (‖K‖_F ‖L‖_F) with K = XXᵀ and L = YYᵀ (n×n) of the centred features.</summary>
    Gram,
}
