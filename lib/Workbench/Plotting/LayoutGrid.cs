namespace Workbench.Plotting;

/// <summary>
/// layout.grid: subplots in rows × columns. With the "independent" pattern, cell n (row-major from
/// the top left, counting from 1) gets its own axes x{n}/y{n}.
/// </summary>
public sealed class LayoutGrid
{
    public int Rows { get; set; }

    public int Columns { get; set; }

    public string Pattern { get; set; } = "independent";
}
