using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;

namespace Quantize.Torch.Tests.Onnx.Oracle;

/// <summary>Resize (opsets 10–19) and Upsample (7–9) against ONNX Runtime: every coordinate and nearest mode, up and down, by scales and by sizes.</summary>
public class ResizeOracleTests
{
    public ResizeOracleTests() => TorchRuntime.EnsureLoaded();

    static readonly long[] Shape = [1, 2, 5, 7];

    [Theory]
    [InlineData("half_pixel", "round_prefer_floor")]
    [InlineData("half_pixel", "round_prefer_ceil")]
    [InlineData("asymmetric", "floor")]
    [InlineData("asymmetric", "ceil")]
    [InlineData("align_corners", "round_prefer_floor")]
    [InlineData("pytorch_half_pixel", "floor")]
    [InlineData("tf_half_pixel_for_nn", "round_prefer_ceil")]
    public void NearestByScalesMatchesOrt(string coordinates, string nearest)
    {
        foreach (float[] scales in new[] { new[] { 1f, 1f, 2f, 3f }, [1f, 1f, 0.6f, 0.5f], [1f, 1f, 1.5f, 0.75f] })
            Graphs.AssertOpMatches(ByScales(13, scales, "nearest", coordinates, nearest), 80, Shape);
    }

    [Theory]
    [InlineData("half_pixel")]
    [InlineData("asymmetric")]
    [InlineData("align_corners")]
    [InlineData("pytorch_half_pixel")]
    public void LinearByScalesMatchesOrt(string coordinates)
    {
        foreach (float[] scales in new[] { new[] { 1f, 1f, 2f, 3f }, [1f, 1f, 0.6f, 0.5f], [1f, 1f, 1.5f, 0.75f] })
            Graphs.AssertOpMatches(ByScales(13, scales, "linear", coordinates, "round_prefer_floor"), 81, Shape);
    }

    // Cubic over H and W (ONNX Runtime resizes only those two cubically), up and down, with the default A = -0.75
    // and PyTorch's -0.5, with and without exclude_outside.
    [Theory]
    [InlineData("half_pixel", -0.75f, 0)]
    [InlineData("half_pixel", -0.5f, 1)]
    [InlineData("asymmetric", -0.75f, 0)]
    [InlineData("align_corners", -0.75f, 1)]
    [InlineData("pytorch_half_pixel", -0.5f, 0)]
    public void CubicByScalesMatchesOrt(string coordinates, float a, long excludeOutside)
    {
        foreach (float[] scales in new[] { new[] { 1f, 1f, 2f, 3f }, [1f, 1f, 0.6f, 0.5f], [1f, 1f, 1.5f, 0.75f] })
        {
            ModelProto model = Graphs.SingleOp(13, "Resize", Shape, ["", "scales"], b => b.Initializer("scales", [4], scales),
                String("mode", "cubic"), String("coordinate_transformation_mode", coordinates), Float("cubic_coeff_a", a), Int("exclude_outside", excludeOutside));
            Graphs.AssertOpMatches(model, 83, Shape);
        }
    }

    [Theory]
    [InlineData("nearest", "half_pixel")]
    [InlineData("nearest", "asymmetric")]
    [InlineData("linear", "half_pixel")]
    [InlineData("linear", "align_corners")]
    [InlineData("linear", "pytorch_half_pixel")]
    public void BySizesMatchesOrt(string mode, string coordinates)
    {
        foreach (long[] sizes in new[] { new long[] { 1, 2, 9, 4 }, [1, 2, 3, 14], [1, 2, 1, 1] })
        {
            ModelProto model = Graphs.SingleOp(13, "Resize", Shape, ["", "", "sizes"], b => b.Int64Initializer("sizes", [4], sizes),
                String("mode", mode), String("coordinate_transformation_mode", coordinates));
            Graphs.AssertOpMatches(model, 82, Shape);
        }
    }

    // Opset 18 names the resized axes; scales and sizes list only those.
    [Fact]
    public void AxesOfOpset18MatchOrt()
    {
        ModelProto model = Graphs.SingleOp(18, "Resize", Shape, ["", "scales"], b => b.Initializer("scales", [2], [2f, 1.5f]),
            String("mode", "linear"), Ints("axes", 2, 3));
        Graphs.AssertOpMatches(model, 83, Shape);
    }

    [Fact]
    public void HalfPixelSymmetricOfOpset19MatchesOrt() =>
        Graphs.AssertOpMatches(ByScales(19, [1f, 1f, 1.7f, 0.6f], "linear", "half_pixel_symmetric", "round_prefer_floor"), 84, Shape);

    // Resize-10 took scales as input 1 and its coordinates were asymmetric.
    [Theory]
    [InlineData("nearest")]
    [InlineData("linear")]
    public void Opset10MatchesOrt(string mode)
    {
        foreach (float[] scales in new[] { new[] { 1f, 1f, 2f, 3f }, [1f, 1f, 0.6f, 0.5f] })
        {
            ModelProto model = Graphs.SingleOp(10, "Resize", Shape, ["scales"], b => b.Initializer("scales", [4], scales), String("mode", mode));
            Graphs.AssertOpMatches(model, 85, Shape);
        }
    }

    [Theory]
    [InlineData(7, "nearest")]
    [InlineData(7, "linear")]
    [InlineData(9, "nearest")]
    [InlineData(9, "linear")]
    public void UpsampleMatchesOrt(long opset, string mode)
    {
        float[] scales = [1f, 1f, 2f, 3f];
        ModelProto model = opset < 9
            ? Graphs.SingleOp(opset, "Upsample", Shape, Floats("scales", scales), String("mode", mode))
            : Graphs.SingleOp(opset, "Upsample", Shape, ["scales"], b => b.Initializer("scales", [4], scales), String("mode", mode));
        Graphs.AssertOpMatches(model, 86, Shape);
    }

    static ModelProto ByScales(long opset, float[] scales, string mode, string coordinates, string nearest) =>
        Graphs.SingleOp(opset, "Resize", Shape, ["", "scales"], b => b.Initializer("scales", [4], scales),
            String("mode", mode), String("coordinate_transformation_mode", coordinates), String("nearest_mode", nearest));
}
