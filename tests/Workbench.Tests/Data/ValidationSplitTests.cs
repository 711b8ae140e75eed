using FsCheck;
using FsCheck.Fluent;
using Workbench.Data;
using Workbench.Torch;

namespace Workbench.Tests.Data;

/// <summary>The validation split: disjoint, complete, sized as asked, and fixed by its seed.</summary>
public class ValidationSplitTests
{
    [Fact]
    public void IndicesPartitionTheTrainingSetDeterministically()
    {
        var cases = from count in Gen.Choose(0, 400)
                    from validation in Gen.Choose(0, count)
                    from seed in Gen.Choose(int.MinValue, int.MaxValue)
                    select (count, validation, seed);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (train, validation) = ValidationSplit.Indices(c.count, c.validation, c.seed);
            var again = ValidationSplit.Indices(c.count, c.validation, c.seed);
            return validation.Length == c.validation
                && train.Concat(validation).Order().SequenceEqual(Enumerable.Range(0, c.count).Select(i => (long)i))
                && train.SequenceEqual(again.Train) && validation.SequenceEqual(again.Validation);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void DifferentSeedsChooseDifferentImages()
    {
        var a = ValidationSplit.Indices(1000, 100, seed: 1).Validation;
        var b = ValidationSplit.Indices(1000, 100, seed: 2).Validation;
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void CarvedDatasetsHoldTheChosenImagesAndLabels()
    {
        using var full = IndexedData.Create(50);
        var (train, validation) = ValidationSplit.Carve(full, 12, seed: 7);
        using (train)
        using (validation)
        {
            var expected = ValidationSplit.Indices(50, 12, seed: 7);
            Assert.Equal(expected.Train, train.LabelArray());
            Assert.Equal(expected.Validation, validation.LabelArray());
            Assert.Equal(IndexedData.Ids(validation.Images), validation.LabelArray());
        }
    }

    [Fact]
    public void ValidationLargerThanTheSetIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ValidationSplit.Indices(10, 11, 0));
    }
}
