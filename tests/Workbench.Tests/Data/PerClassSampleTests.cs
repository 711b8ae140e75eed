using FsCheck;
using FsCheck.Fluent;
using Workbench.Data;
using Workbench.Torch;

namespace Workbench.Tests.Data;

public class PerClassSampleTests
{
    [Fact]
    public void TakesTheFirstImagesOfEachClassInDatasetOrder()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(50), Prop.ForAll(Gen.Choose(0, 3).ArrayOf().ToArbitrary(), Gen.Choose(1, 4).ToArbitrary(), (labels, perClass) =>
        {
            if (labels.Length == 0) return;
            // Each image is its own index, so the sample shows which images were taken.
            using var data = new Dataset(Tensor.From(Enumerable.Range(0, labels.Length).Select(i => (float)i).ToArray()).Reshape(labels.Length, 1, 1, 1),
                Tensor.From(labels.Select(l => (long)l).ToArray()), ["a", "b", "c", "d"]);
            using var sample = PerClassSample.First(data, perClass);

            var expected = Enumerable.Range(0, labels.Length).Where(i => labels.Take(i).Count(l => l == labels[i]) < perClass).ToArray();
            Assert.Equal(expected.Select(i => (float)i), sample.Images.ToArray<float>());
            Assert.Equal(expected.Select(i => (long)labels[i]), sample.LabelArray());
        }));
    }
}
