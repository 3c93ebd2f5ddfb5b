using Quantize.Format.Onnx;
using Quantize.Tests.Shared;
using Quantize.Torch.Pruning;

namespace Quantize.Torch.Tests.Pruning;

public class MagnitudePrunerTests
{
    static readonly IReadOnlyList<ParameterTensor> Sample = ModelParameters.Extract(OnnxModelFile.Load(RepoPaths.SampleModel));

    static IEnumerable<ParameterTensor> Prunable => Sample.Where(MagnitudePruner.IsPrunable);

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.37)]
    [InlineData(1.0)]
    public void GlobalRatioKeepsExactlyRoundedShare(double keep)
    {
        IReadOnlyList<PruningMask> masks = MagnitudePruner.Global(Sample, keep);
        long total = Prunable.Sum(p => p.ElementCount);
        Assert.Equal(Prunable.Select(p => p.Name), masks.Select(m => m.Name)); // biases are never masked
        Assert.Equal((long)Math.Round(keep * total, MidpointRounding.AwayFromZero), masks.Sum(m => (long)m.Kept));
    }

    [Fact]
    public void GlobalRatioKeepsTheLargestMagnitudes()
    {
        IReadOnlyList<PruningMask> masks = MagnitudePruner.Global(Sample, 0.2);
        var byName = Sample.ToDictionary(p => p.Name);
        var kept = new List<float>();
        var pruned = new List<float>();
        foreach (PruningMask mask in masks)
            for (int i = 0; i < mask.Count; i++)
                (mask.Keep[i] ? kept : pruned).Add(MathF.Abs(byName[mask.Name].Values[i]));
        Assert.True(kept.Min() >= pruned.Max(), $"smallest kept {kept.Min()} < largest pruned {pruned.Max()}");
    }

    [Fact]
    public void PerLayerRatiosKeepExactlyWhatWasAsked()
    {
        ParameterTensor[] weights = Prunable.ToArray();
        var asked = new Dictionary<string, double> { [weights[0].Name] = 0.5, [weights[^1].Name] = 0.08 };
        IReadOnlyList<PruningMask> masks = MagnitudePruner.PerLayer(Sample, asked);
        foreach (PruningMask mask in masks)
        {
            ParameterTensor tensor = weights.Single(w => w.Name == mask.Name);
            int expected = asked.TryGetValue(mask.Name, out double keep)
                ? (int)Math.Round(keep * tensor.ElementCount, MidpointRounding.AwayFromZero)
                : (int)tensor.ElementCount;
            Assert.Equal(expected, mask.Kept);
            float smallestKept = Enumerable.Range(0, mask.Count).Where(i => mask.Keep[i]).Min(i => MathF.Abs(tensor.Values[i]));
            float largestPruned = Enumerable.Range(0, mask.Count).Where(i => !mask.Keep[i]).Select(i => MathF.Abs(tensor.Values[i])).DefaultIfEmpty(0).Max();
            Assert.True(smallestKept >= largestPruned);
        }
    }

    [Fact]
    public void TiesAreBrokenByPosition()
    {
        var tensor = new ParameterTensor("w", [2, 2], [1f, -1f, 1f, 0.5f]);
        PruningMask mask = Assert.Single(MagnitudePruner.Global([tensor], 0.5));
        Assert.Equal([true, true, false, false], mask.Keep);
        Assert.Equal([1f, -1f, 0f, 0f], mask.Apply(tensor.Values));
    }

    [Fact]
    public void BadRequestsNameTheProblem()
    {
        string bias = Sample.First(p => !MagnitudePruner.IsPrunable(p)).Name;
        Assert.Contains("nope.weight", Assert.Throws<PruningSpecException>(() => MagnitudePruner.PerLayer(Sample, new Dictionary<string, double> { ["nope.weight"] = 0.5 })).Message);
        Assert.Contains(bias, Assert.Throws<PruningSpecException>(() => MagnitudePruner.PerLayer(Sample, new Dictionary<string, double> { [bias] = 0.5 })).Message);
        Assert.Throws<PruningSpecException>(() => MagnitudePruner.Global(Sample, 0));
        Assert.Throws<PruningSpecException>(() => MagnitudePruner.Global(Sample, 1.5));
        Assert.Throws<PruningSpecException>(() => LayerRatios.Parse("conv1.weight"));
        Assert.Throws<PruningSpecException>(() => LayerRatios.Parse("conv1.weight=half"));
        Assert.Equal(0.25, LayerRatios.Parse("a.weight=0.5, b.weight=0.25")["b.weight"]);
    }
}
