using FsCheck;
using FsCheck.Fluent;
using Workbench.Data;
using Workbench.Torch;

namespace Workbench.Tests.Data;

/// <summary>Crop and flip against their definitions: a window of the zero-padded image, reversed columns.</summary>
public class AugmentationTests
{
    private static float[] Values(Tensor t)
    {
        using var contiguous = t.Contiguous();
        return contiguous.ToArray<float>();
    }

    [Fact]
    public void FlipAloneReversesTheColumns()
    {
        using var scope = DisposeScope.Enter();
        var images = Tensor.Rand(3, 2, 5, 7);
        var centre = new long[] { 4, 4, 4 }; // offset = padding: the unshifted window
        var flipped = Augmentation.CropAndFlip(images, 4, centre, centre, [true, true, true]);
        Assert.Equal(Values(images.Flip(3)), Values(flipped));
        var kept = Augmentation.CropAndFlip(images, 4, centre, centre, [false, false, false]);
        Assert.Equal(Values(images), Values(kept));
    }

    [Fact]
    public void CropIsAShiftedWindowOfThePaddedImage()
    {
        using var scope = DisposeScope.Enter();
        var images = Tensor.Rand(4, 3, 6, 5);
        long[] top = [0, 8, 3, 4];
        long[] left = [8, 0, 1, 6];
        bool[] flip = [false, true, false, true];
        var result = Augmentation.CropAndFlip(images, 4, top, left, flip);
        var padded = images.Pad([4, 4, 4, 4]);
        for (int i = 0; i < 4; i++)
        {
            var window = padded[i].Narrow(1, top[i], 6).Narrow(2, left[i], 5);
            Assert.Equal(Values(flip[i] ? window.Flip(2) : window), Values(result[i]));
        }
        // The corner crop at (0, 8) shows four rows of zero padding on top.
        Assert.Equal(0f, result[0].Narrow(1, 0, 4).Abs().Sum().Item<float>());
    }

    [Fact]
    public void RandomAugmentationAlwaysYieldsSomeWindowOrItsMirror()
    {
        var property = Prop.ForAll(Gen.Choose(0, 10000).ToArbitrary(), seed =>
        {
            using var scope = DisposeScope.Enter();
            LibTorch.ManualSeed((ulong)seed);
            var images = Tensor.Rand(3, 2, 4, 4);
            var padded = images.Pad([2, 2, 2, 2]);
            var result = new Augmentation { Padding = 2 }.Apply(images, new Random(seed));
            for (int i = 0; i < 3; i++)
            {
                var actual = Values(result[i]);
                var candidates =
                    from top in Enumerable.Range(0, 5)
                    from left in Enumerable.Range(0, 5)
                    from mirrored in new[] { false, true }
                    let window = padded[i].Narrow(1, top, 4).Narrow(2, left, 4)
                    select Values(mirrored ? window.Flip(2) : window);
                if (!candidates.Any(c => c.SequenceEqual(actual))) return false;
            }
            return true;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(25), property);
    }

    [Fact]
    public void SameSeedSameAugmentationAndOffMeansUnchanged()
    {
        using var scope = DisposeScope.Enter();
        var images = Tensor.Rand(16, 3, 8, 8);
        var recipe = Augmentation.CifarRecipe;
        Assert.Equal(Values(recipe.Apply(images, new Random(4))), Values(recipe.Apply(images, new Random(4))));
        Assert.NotEqual(Values(recipe.Apply(images, new Random(4))), Values(recipe.Apply(images, new Random(5))));

        var off = new Augmentation { RandomCrop = false, HorizontalFlip = false };
        Assert.True(off.IsIdentity);
        Assert.Equal(Values(images), Values(off.Apply(images, new Random(4))));
    }

    [Fact]
    public void OffsetsOutsideThePaddingAreRefused()
    {
        using var images = Tensor.Zeros(1, 1, 4, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => Augmentation.CropAndFlip(images, 2, [5], [0], [false]));
    }

    /// <summary>The words train and the loop record in their settings: changing them would refuse every run made before.</summary>
    [Fact]
    public void DescriptionsAreTheRecordedWords()
    {
        Assert.Equal("crop4+flip", Augmentation.CifarRecipe.Describe());
        Assert.Equal("crop2", new Augmentation { Padding = 2, HorizontalFlip = false }.Describe());
        Assert.Equal("flip", new Augmentation { RandomCrop = false }.Describe());
        Assert.Equal("none", new Augmentation { Padding = 0, HorizontalFlip = false }.Describe());
    }
}
