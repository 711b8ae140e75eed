using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Workbench.Torch;

namespace Workbench.Plotting;

/// <summary>
/// One data array of a trace (x, y, hover text): numbers or category labels. Arrays, lists and 1-D
/// tensors convert implicitly, so chart methods take any of them; <see cref="Of(IEnumerable{double})"/>
/// covers other sequences (C# allows no implicit conversion from an interface). The values are
/// copied on conversion, so changing the source array later does not change a figure already built.
/// </summary>
[JsonConverter(typeof(PlotArrayConverter))]
public sealed class PlotArray
{
    private PlotArray(double[]? numbers, string[]? labels)
    {
        Numbers = numbers;
        Labels = labels;
    }

    /// <summary>The numbers, or null when the array holds labels. Non-finite numbers serialise as null (a gap in plotly).</summary>
    public IReadOnlyList<double>? Numbers { get; }

    /// <summary>The category labels, or null when the array holds numbers.</summary>
    public IReadOnlyList<string>? Labels { get; }

    public int Length => Numbers?.Count ?? Labels!.Count;

    public static PlotArray Of(IEnumerable<double> values) => new([.. values ?? throw new ArgumentNullException(nameof(values))], null);

    public static PlotArray Of(IEnumerable<string> labels) => new(null, [.. labels ?? throw new ArgumentNullException(nameof(labels))]);

    /// <summary>The elements of a 1-D tensor (any dtype, any device), as doubles.</summary>
    public static PlotArray Of(Tensor tensor) => new(TensorValues.Vector(tensor), null);

    [return: NotNullIfNotNull(nameof(values))]
    public static implicit operator PlotArray?(double[]? values) => values is null ? null : Of(values);

    [return: NotNullIfNotNull(nameof(values))]
    public static implicit operator PlotArray?(float[]? values) => values is null ? null : Of(values.Select(v => (double)v));

    [return: NotNullIfNotNull(nameof(values))]
    public static implicit operator PlotArray?(long[]? values) => values is null ? null : Of(values.Select(v => (double)v));

    [return: NotNullIfNotNull(nameof(values))]
    public static implicit operator PlotArray?(int[]? values) => values is null ? null : Of(values.Select(v => (double)v));

    [return: NotNullIfNotNull(nameof(values))]
    public static implicit operator PlotArray?(List<double>? values) => values is null ? null : Of(values);

    [return: NotNullIfNotNull(nameof(labels))]
    public static implicit operator PlotArray?(string[]? labels) => labels is null ? null : Of(labels);

    [return: NotNullIfNotNull(nameof(tensor))]
    public static implicit operator PlotArray?(Tensor? tensor) => tensor is null ? null : Of(tensor);
}
