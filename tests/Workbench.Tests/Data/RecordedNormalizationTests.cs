using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Workbench.Data;
using Workbench.Training;

namespace Workbench.Tests.Data;

/// <summary>
/// The normalisation a checkpoint records is read back exactly, and every way its text can be wrong is one
/// message naming the file and the key. Before, "{oops" threw a JsonReaderException, {"Mean":[0.2]} a
/// KeyNotFoundException, and "NaN" a message about Number elements, each as a stack trace from the CLI.
/// </summary>
public class RecordedNormalizationTests
{
    private const string Key = "workbench.normalization";

    [Theory]
    [InlineData("{oops", "not JSON")]
    [InlineData("{\"Mean\":[0.2]}", "no \"Std\"")]
    [InlineData("{\"Std\":[0.2]}", "no \"Mean\"")]
    [InlineData("[0.2]", "not an object")]
    [InlineData("{\"Mean\":0.2,\"Std\":[0.3]}", "\"Mean\" is a JSON Number, not a list")]
    [InlineData("{\"Mean\":[0.2],\"Std\":[\"NaN\"]}", "\"Std\"[0] is \"NaN\", not a finite number")]
    [InlineData("{\"Mean\":[1e39],\"Std\":[0.3]}", "\"Mean\"[0] is 1e39, not a finite number")]
    [InlineData("{\"Mean\":[null],\"Std\":[0.3]}", "\"Mean\"[0] is null")]
    [InlineData("{\"Mean\":[0.1,0.2],\"Std\":[0.3]}", "2 means and 1 stds")]
    [InlineData("{\"Mean\":[],\"Std\":[]}", "0 means and 0 stds")]
    [InlineData("{\"Mean\":[0.1],\"Std\":[0]}", "\"Std\"[0] is 0; every std must be positive")]
    [InlineData("{\"Mean\":[0.1],\"Std\":[-1]}", "\"Std\"[0] is -1")]
    public void AnUnusableRecordNamesTheFileTheKeyAndTheProblem(string json, string problem)
    {
        var metadata = new Dictionary<string, string> { [Key] = json };
        var e = Assert.Throws<InvalidDataException>(() => Trainer.NormalizationOf(metadata, "/runs/model.safetensors"));
        Assert.Contains("'/runs/model.safetensors'", e.Message);
        Assert.Contains($"'{Key}'", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void NoRecordIsNoNormalisation() => Assert.Null(Trainer.NormalizationOf(new Dictionary<string, string>(), "x"));

    /// <summary>What a trainer writes (its own serialisation) reads back bit for bit.</summary>
    [Fact]
    public void WhatATrainerRecordsReadsBackExactly()
    {
        var gen = from channels in Gen.Choose(1, 4)
                  from mean in Gen.Choose(-100_000, 100_000).Select(v => v / 1000f).ArrayOf(channels)
                  from std in Gen.Choose(1, 100_000).Select(v => v / 7919f).ArrayOf(channels)
                  select (mean, std);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100), Prop.ForAll(gen.ToArbitrary(), p =>
        {
            var json = JsonSerializer.Serialize(new { Mean = p.mean, Std = p.std });
            var back = RecordedNormalization.Parse(json, Key, "f");
            return back.Mean.SequenceEqual(p.mean) && back.Std.SequenceEqual(p.std);
        }));
    }
}
