using Workbench.Similarity;
using Workbench.Tests.Reference;
using Workbench.Torch;
using static Workbench.Tests.Similarity.RandomMatrices;

namespace Workbench.Tests.Similarity;

/// <summary>
/// Agreement with independent numpy implementations, in one Python call: Kornblith et al.'s Gram
/// form (centre the Gram matrix of the raw features) for linear CKA, and Song et al.'s HSIC₁ on
/// raw (uncentred) minibatch Gram matrices for minibatch CKA.
/// </summary>
public class CkaReferenceTests
{
    private const string Script = """
        import numpy as np

        def center_gram(gram):
            means = gram.mean(0)
            means -= means.mean() / 2
            return gram - means[:, None] - means[None, :]

        def linear_cka(x, y):
            x = x.reshape(x.shape[0], -1); y = y.reshape(y.shape[0], -1)
            k, l = center_gram(x @ x.T), center_gram(y @ y.T)
            return (k.ravel() @ l.ravel()) / (np.linalg.norm(k) * np.linalg.norm(l))

        def hsic1(k, l):
            n = k.shape[0]
            k = k.copy(); l = l.copy()
            np.fill_diagonal(k, 0); np.fill_diagonal(l, 0)
            return (np.trace(k @ l) + k.sum() * l.sum() / ((n - 1) * (n - 2)) - 2 / (n - 2) * (k.sum(0) @ l.sum(1))) / (n * (n - 3))

        for i in range(4):
            outputs["cka%d" % i] = linear_cka(inputs["x%d" % i].numpy(), inputs["y%d" % i].numpy())

        x, y = inputs["xm"].numpy(), inputs["ym"].numpy()
        sums = np.zeros(3)
        for start in range(0, x.shape[0], 15):
            xb, yb = x[start:start + 15], y[start:start + 15]
            k, l = xb @ xb.T, yb @ yb.T
            sums += [hsic1(k, l), hsic1(k, k), hsic1(l, l)]
        outputs["minibatch"] = sums[0] / np.sqrt(sums[1] * sums[2])
        """;

    [Fact]
    public void Linear_and_minibatch_cka_equal_numpy_on_the_same_matrices()
    {
        using var scope = DisposeScope.Enter();
        // p < n, p > n with q < n, both > n, and 4-D activations; features offset from zero so
        // that centring matters.
        Shape[] shapes = [new(30, 5, 7, 1), new(12, 40, 3, 2), new(20, 25, 30, 3), new(10, 18, 4, 4)];
        var inputs = new Dictionary<string, Tensor>();
        var expected = new double[shapes.Length];
        for (int i = 0; i < shapes.Length; i++)
        {
            var (x, y) = Related(shapes[i]);
            x = x + 2.5;
            if (i == 3) x = x.Reshape(10, 2, 3, 3);
            (inputs[$"x{i}"], inputs[$"y{i}"]) = (x, y);
            expected[i] = LinearCka.Compute(x, y);
        }
        var (xm, ym) = Related(new Shape(60, 6, 9, 5));
        (inputs["xm"], inputs["ym"]) = (xm + 1, ym);
        var minibatch = new MinibatchCka();
        for (int start = 0; start < 60; start += 15) minibatch.Add(inputs["xm"].Narrow(0, start, 15), ym.Narrow(0, start, 15));

        var numpy = PyTorch.Run(Script, inputs);

        for (int i = 0; i < shapes.Length; i++) Assert.Equal(numpy[$"cka{i}"].Item, expected[i], 1e-6);
        Assert.Equal(numpy["minibatch"].Item, minibatch.Value, 1e-6);
        Assert.Equal(4, minibatch.Batches);
    }
}
