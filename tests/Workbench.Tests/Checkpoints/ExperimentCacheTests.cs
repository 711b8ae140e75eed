using FsCheck;
using FsCheck.Fluent;
using Workbench.Checkpoints;
using Workbench.Nn.Models;
using Workbench.Torch;

namespace Workbench.Tests.Checkpoints;

public sealed class ExperimentCacheTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ANetworkIsTrainedOnceAndServedWithItsWeightsForTheSameKeyOnly()
    {
        var cache = new ExperimentCache(folder.Path);
        var trained = 0;
        ConvNet Train()
        {
            trained++;
            LibTorch.ManualSeed((ulong)trained);
            return ConvNet.Create(1, 28, width: 0.125);
        }
        using var first = cache.Network("baseline", new { epochs = 2, seed = 0 }, Train);
        using var again = cache.Network("baseline", new { epochs = 2, seed = 0 }, Train);
        Assert.Equal(1, trained);
        Assert.Equal(first.Model.StateDict()["features.0.weight"].ToArray<float>(), again.Model.StateDict()["features.0.weight"].ToArray<float>());

        using var other = cache.Network("baseline", new { epochs = 3, seed = 0 }, Train);
        Assert.Equal(2, trained);
        Assert.NotEqual(first.Model.StateDict()["features.0.weight"].ToArray<float>(), other.Model.StateDict()["features.0.weight"].ToArray<float>());
    }

    [Fact]
    public void AnEntryWhoseStoredKeyDiffersIsRefusedNotServed()
    {
        var cache = new ExperimentCache(folder.Path);
        using (cache.Network("baseline", new { epochs = 2 }, () => ConvNet.Create(1, 28, width: 0.125))) { }
        // A file moved or copied onto another key's name: the hash in the name says one thing, the stored key another.
        File.Copy(cache.PathOf("baseline", new { epochs = 2 }, ".safetensors"), cache.PathOf("baseline", new { epochs = 5 }, ".safetensors"));
        var e = Assert.Throws<InvalidDataException>(() => cache.Network("baseline", new { epochs = 5 }, () => throw new InvalidOperationException("must not train")));
        Assert.Contains("other parameters than {\"epochs\":5}", e.Message);

        cache.Value("table", new { n = 1 }, () => new[] { 1.0, 2.0 });
        File.Copy(cache.PathOf("table", new { n = 1 }, ".json"), cache.PathOf("table", new { n = 2 }, ".json"));
        Assert.Throws<InvalidDataException>(() => cache.Value("table", new { n = 2 }, () => new[] { 3.0 }));

        var run = cache.RunFolder("loop", new { target = 0.6 });
        File.WriteAllText(Path.Combine(run, "cache-key.json"), "{\"target\":0.5}");
        Assert.Throws<InvalidDataException>(() => cache.RunFolder("loop", new { target = 0.6 }));
    }

    [Fact]
    public void ACorruptValueIsNamedAndLeftForTheUserToDelete()
    {
        var cache = new ExperimentCache(folder.Path);
        var path = cache.PathOf("table", new { n = 1 }, ".json");
        File.WriteAllText(path, "{ not json");
        var e = Assert.Throws<InvalidDataException>(() => cache.Value("table", new { n = 1 }, () => 1));
        Assert.Contains(path, e.Message);
        Assert.Equal("{ not json", File.ReadAllText(path));
        Assert.Throws<ArgumentException>(() => cache.Value("a/b", new { n = 1 }, () => 1));
    }

    [Fact]
    public void ValuesAreServedExactlyForTheKeyTheyWereComputedFor() =>
        Prop.ForAll(Gen.Choose(0, 5).Two().ArrayOf().ToArbitrary(), keys =>
        {
            using var scratch = new TempFolder();
            var cache = new ExperimentCache(scratch.Path);
            var computed = new HashSet<(int, int)>();
            foreach (var (a, b) in keys)
            {
                var value = cache.Value("sum", new { a, b }, () => { Assert.True(computed.Add((a, b)), "computed twice"); return a * 10 + b; });
                if (value != a * 10 + b) return false;
            }
            return computed.SetEquals(keys.Select(k => (k.Item1, k.Item2)));
        }).QuickCheckThrowOnFailure();
}
