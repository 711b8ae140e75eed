namespace Workbench.Plotting;

/// <summary>
/// A plotly.js figure built fluently: traces (<see cref="Line"/>, <see cref="Bar"/>,
/// <see cref="Heatmap"/>, ...) plus layout (<see cref="Title"/>, <see cref="XAxis"/>, ...), e.g.
/// <c>new Figure().Line(x, y, name: "L1").Title("MCR").XAxis("ratio").YAxis("MCR %", log: true)</c>.
/// Subplots: <c>Figure.Grid(2, 2).In(1, 2).Heatmap(z)</c>; traces and axis settings go to the cell
/// chosen last. Displayed in a notebook through <see cref="IRichDisplay"/>, saved with <see cref="SaveHtml"/>.
/// </summary>
public sealed partial class Figure
{
    private readonly List<Trace> traces = [];
    private int row = 1, column = 1;

    public Layout Layout { get; } = new();

    public IReadOnlyList<Trace> Traces => traces;

    /// <summary>A figure of rows × columns subplots, each with its own axes; pick a cell with <see cref="In"/>.</summary>
    public static Figure Grid(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        var figure = new Figure();
        figure.Layout.Grid = new LayoutGrid { Rows = rows, Columns = columns };
        return figure;
    }

    /// <summary>Sends the traces and axis settings that follow to subplot (row, column), both from 1, top left first.</summary>
    public Figure In(int row, int column)
    {
        var rows = Layout.Grid?.Rows ?? 1;
        var columns = Layout.Grid?.Columns ?? 1;
        if (row < 1 || row > rows || column < 1 || column > columns)
            throw new ArgumentOutOfRangeException(nameof(row), $"cell ({row}, {column}) is outside this figure's {rows}×{columns} grid; create it with Figure.Grid(rows, columns)");
        (this.row, this.column) = (row, column);
        return this;
    }

    /// <summary>Adds a trace to the current cell (unless it already names its axes).</summary>
    public Figure Add(Trace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (CellNumber > 1)
        {
            trace.XAxis ??= "x" + CellNumber;
            trace.YAxis ??= "y" + CellNumber;
        }
        traces.Add(trace);
        return this;
    }

    public Figure Title(string title)
    {
        Layout.Title = new TitleText(title);
        return this;
    }

    /// <summary>The current cell's x axis: its title, a log scale, or high-to-low.</summary>
    public Figure XAxis(string? title = null, bool log = false, bool reversed = false) => SetAxis("xaxis", title, log, reversed);

    /// <summary>The current cell's y axis: its title, a log scale, or high-to-low.</summary>
    public Figure YAxis(string? title = null, bool log = false, bool reversed = false) => SetAxis("yaxis", title, log, reversed);

    public Figure Width(int pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pixels, 10);
        Layout.Width = pixels;
        return this;
    }

    public Figure Height(int pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pixels, 10);
        Layout.Height = pixels;
        return this;
    }

    /// <summary>Shows or hides the legend (plotly.js shows it by default only for two or more traces).</summary>
    public Figure Legend(bool show = true)
    {
        Layout.ShowLegend = show;
        return this;
    }

    /// <summary>How bar traces sharing a category are drawn: side by side (group) or on top of each other (stack).</summary>
    public Figure BarMode(BarMode mode)
    {
        Layout.BarMode = mode.ToString().ToLowerInvariant();
        return this;
    }

    /// <summary>A vertical line at x across the current cell's full height, with an optional label above it.</summary>
    public Figure VLine(double x, string? label = null, string color = "crimson", string dash = "dash")
    {
        var xref = CellNumber > 1 ? "x" + CellNumber : "x";
        // "y domain" spans exactly this subplot's height whatever the data range; "paper" would span the whole figure.
        var yref = (CellNumber > 1 ? "y" + CellNumber : "y") + " domain";
        (Layout.Shapes ??= []).Add(new Shape { Xref = xref, Yref = yref, X0 = x, X1 = x, Y0 = 0, Y1 = 1, Line = new LineStyle { Color = color, Width = 2, Dash = dash } });
        if (label is not null)
            (Layout.Annotations ??= []).Add(new Annotation { Text = label, Xref = xref, Yref = yref, X = x, Y = 1, YAnchor = "bottom" });
        return this;
    }

    /// <summary>A shaded rectangle under the current cell's traces (x0..x1 by y0..y1, in data units), labelled at its top left.</summary>
    public Figure Region(double x0, double x1, double y0, double y1, string? label = null, string color = "seagreen")
    {
        var (xref, yref) = (CellNumber > 1 ? "x" + CellNumber : "x", CellNumber > 1 ? "y" + CellNumber : "y");
        (Layout.Shapes ??= []).Add(new Shape { Type = "rect", Xref = xref, Yref = yref, X0 = x0, X1 = x1, Y0 = y0, Y1 = y1, FillColor = color, Opacity = 0.15, Layer = "below", Line = new LineStyle { Width = 0 } });
        if (label is not null)
            (Layout.Annotations ??= []).Add(new Annotation { Text = label, Xref = xref, Yref = yref, X = x0, Y = y1, YAnchor = "bottom" });
        return this;
    }

    /// <summary>plotly numbers grid cells row by row from the top left, from 1; cell n uses axes x{n}/y{n}.</summary>
    private int CellNumber => (row - 1) * (Layout.Grid?.Columns ?? 1) + column;

    private Figure SetAxis(string kind, string? title, bool log, bool reversed)
    {
        var name = CellNumber > 1 ? kind + CellNumber : kind;
        if (!Layout.Axes.TryGetValue(name, out var axis)) Layout.Axes[name] = axis = new Axis();
        if (title is not null) axis.Title = new TitleText(title);
        if (log) axis.Type = "log";
        if (reversed) axis.AutoRange = "reversed";
        return this;
    }
}
