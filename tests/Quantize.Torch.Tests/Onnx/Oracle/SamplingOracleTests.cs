using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Onnx.Oracle;

/// <summary>GridSample and ImageScaler against ONNX Runtime.</summary>
public class SamplingOracleTests
{
    public SamplingOracleTests() => TorchRuntime.EnsureLoaded();

    static readonly long[] Shape = [2, 3, 5, 6];

    // The grid reaches past [-1, 1] (standard normal values times 0.8), so every padding mode matters.
    [Theory]
    [InlineData(16, "bilinear", "zeros", 0)]
    [InlineData(16, "bilinear", "border", 1)]
    [InlineData(16, "nearest", "zeros", 0)]
    [InlineData(16, "bilinear", "reflection", 0)]
    [InlineData(20, "linear", "reflection", 1)]
    [InlineData(20, "nearest", "border", 0)]
    public void GridSampleMatchesOrt(long opset, string mode, string padding, long alignCorners)
    {
        float[] grid = Graphs.RandomValues(170, 2, 4, 7, 2).Select(v => v * 0.8f).ToArray();
        ModelProto model = Graphs.SingleOp(opset, "GridSample", Shape, ["grid"], b => b.Initializer("grid", [2, 4, 7, 2], grid),
            String("mode", mode), String("padding_mode", padding), Int("align_corners", alignCorners));
        Graphs.AssertOpMatches(model, 171, Shape);
    }

    [Fact]
    public void ImageScalerMatchesOrt() =>
        Graphs.AssertOpMatches(Graphs.SingleOp(8, "ImageScaler", Shape, Floats("bias", -0.5f, 0.25f, 1f), Float("scale", 0.017f)), 172, Shape);

    // A rotation-and-shift theta's grid, sampled from x at another size: AffineGrid and GridSample as a spatial transformer chains them.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void AffineGridMatchesOrt(long alignCorners)
    {
        var b = new OnnxGraphBuilder("affine", 20);
        b.Input("x", 2, 3, 5, 6);
        b.Initializer("theta", [2, 2, 3], [0.9f, -0.3f, 0.1f, 0.2f, 1.1f, -0.2f, 1f, 0f, 0f, 0f, 0.5f, 0.3f]);
        b.Int64Initializer("size", [4], 2, 3, 4, 7);
        b.Node("AffineGrid", ["theta", "size"], "grid", Int("align_corners", alignCorners));
        b.Node("GridSample", ["x", "grid"], "y", Int("align_corners", alignCorners));
        b.Output("y", DataType.Float);
        Graphs.AssertOpMatches(b.ToModel("test"), 173, Shape);
    }
}
