namespace Workbench.Data;

/// <summary>A class-balanced sample without randomness: the first images of each class, in dataset order.</summary>
public static class PerClassSample
{
    /// <summary>Up to <paramref name="perClass"/> images of each class (fewer where a class has fewer), as a new dataset in the original order.</summary>
    public static Dataset First(Dataset data, int perClass)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(perClass, 1);
        var taken = new Dictionary<long, int>();
        var indices = new List<long>();
        var labels = data.LabelArray();
        for (long i = 0; i < labels.Length; i++)
        {
            var count = taken.GetValueOrDefault(labels[i]);
            if (count == perClass) continue;
            taken[labels[i]] = count + 1;
            indices.Add(i);
        }
        return data.Subset([.. indices]);
    }
}
