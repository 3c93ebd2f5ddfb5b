using Quantize.Format.Onnx;
using Quantize.Torch.Pruning;

namespace Quantize.Torch.Tests.Pruning;

public class SensitivityAllocationTests
{
    static readonly ParameterTensor A = new("a", [10, 10], Enumerable.Range(1, 100).Select(i => (float)Math.Sin(i) * 0.1f).ToArray());
    static readonly ParameterTensor B = new("b", [20, 10], Enumerable.Range(1, 200).Select(i => (float)Math.Cos(i) * 2f).ToArray());
    static readonly ParameterTensor Bias = new("bias", [10], new float[10]);

    [Fact]
    public void EqualSensitivities_KeepLayersAlikeRelativeToTheirOwnScale_AndTheTotalIsExact()
    {
        // The same shape of values at scales 0.1 and 2: by magnitude alone, a would lose everything; by S·w²/mean(w²) it is a peer.
        var sameShape = new ParameterTensor("b", [10, 10], A.Values.Select(v => v * 20).ToArray());
        var ratios = SensitivityAllocation.KeepRatios([A, sameShape, Bias], new Dictionary<string, double> { ["a"] = 1, ["b"] = 1 }, 0.3);
        Assert.Equal(["a", "b"], ratios.Keys.Order());
        Assert.Equal(60, ratios["a"] * 100 + ratios["b"] * 100, 9);
        Assert.InRange(Math.Abs(ratios["a"] - ratios["b"]), 0, 0.011); // ties in score split by position, one weight apart at most
    }

    [Fact]
    public void AMoreSensitiveLayerKeepsMore_MatchingABruteForceRanking()
    {
        var sensitivity = new Dictionary<string, double> { ["a"] = 2, ["b"] = 1 };
        var ratios = SensitivityAllocation.KeepRatios([A, B], sensitivity, 0.2);
        Assert.True(ratios["a"] > ratios["b"], $"a keeps {ratios["a"]}, b {ratios["b"]}");

        // Brute force: the threshold score of the 60th best weight, counted per layer.
        double MeanSquare(ParameterTensor t) => t.Values.Average(v => (double)v * v);
        var scores = A.Values.Select(v => ("a", 2 * v * (double)v / MeanSquare(A)))
            .Concat(B.Values.Select(v => ("b", 1 * v * (double)v / MeanSquare(B)))).OrderByDescending(s => s.Item2).Take(60).ToList();
        Assert.True(scores.Count(s => s.Item1 == "b") > 0, "the case must not lean on the one-weight floor");
        Assert.Equal(scores.Count(s => s.Item1 == "a") / 100.0, ratios["a"], 12);
        Assert.Equal(scores.Count(s => s.Item1 == "b") / 200.0, ratios["b"], 12);
    }

    [Fact]
    public void EveryLayerKeepsAtLeastOneWeight()
    {
        var ratios = SensitivityAllocation.KeepRatios([A, B], new Dictionary<string, double> { ["a"] = 0, ["b"] = 1 }, 0.01);
        Assert.Equal(0.01, ratios["a"]);
    }

    [Fact]
    public void MissingOrNegativeSensitivityIsAnError()
    {
        Assert.Throws<PruningSpecException>(() => SensitivityAllocation.KeepRatios([A, B], new Dictionary<string, double> { ["a"] = 1 }, 0.5));
        Assert.Throws<PruningSpecException>(() => SensitivityAllocation.KeepRatios([A, B], new Dictionary<string, double> { ["a"] = 1, ["b"] = -1 }, 0.5));
    }
}
