namespace Workbench.Notebooks.Ipynb;

/// <summary>nbformat 4.5 cell ids: 1-64 characters of [a-zA-Z0-9-_], unique within the notebook.</summary>
internal static class CellIds
{
    public static string New(IEnumerable<string?> taken)
    {
        var used = taken.OfType<string>().ToHashSet(StringComparer.Ordinal);
        while (true)
        {
            // Jupyter's own ids are random too; 12 hex characters make a clash vanishingly rare, and it is checked anyway.
            var id = Guid.NewGuid().ToString("N")[..12];
            if (!used.Contains(id)) return id;
        }
    }
}
