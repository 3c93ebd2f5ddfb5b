using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Onnx.Oracle;

/// <summary>DFT, STFT and the window functions of audio front ends against ONNX Runtime.</summary>
public class SpectralOracleTests
{
    public SpectralOracleTests() => TorchRuntime.EnsureLoaded();

    // Real [2, 8, 1] or complex [2, 8, 2] signals; dft_length 0 means the axis length, others pad or cut.
    [Theory]
    [InlineData(17, 1, 0, 0, 0)]
    [InlineData(17, 1, 1, 0, 0)]
    [InlineData(17, 1, 1, 0, 10)]
    [InlineData(17, 1, 0, 0, 6)]
    [InlineData(17, 2, 0, 0, 0)]
    [InlineData(17, 2, 0, 1, 0)]
    [InlineData(20, 1, 1, 0, 0)]
    [InlineData(20, 2, 0, 1, 12)]
    public void DftMatchesOrt(long opset, long channels, long onesided, long inverse, long length)
    {
        long[] shape = [2, 8, channels];
        var inputs = new List<string> { length > 0 ? "n" : "" };
        if (opset >= 20) inputs.Add("axis");
        AttributeProto[] attributes = opset >= 20
            ? [Int("onesided", onesided), Int("inverse", inverse)]
            : [Int("onesided", onesided), Int("inverse", inverse), Int("axis", 1)];
        ModelProto model = Graphs.SingleOp(opset, "DFT", shape, [.. inputs], b =>
        {
            if (length > 0) b.Int64Initializer("n", [], length);
            if (opset >= 20) b.Int64Initializer("axis", [], -2);
        }, attributes);
        Graphs.AssertOpMatches(model, 160, shape);
    }

    // A 64-sample signal in frames of 16 every 8 (7 frames) or 12 every 5, with a Hann window, a window only or a length only.
    [Theory]
    [InlineData(16, 8, true, true, 1)]
    [InlineData(16, 8, true, false, 1)]
    [InlineData(16, 8, false, true, 1)]
    [InlineData(12, 5, true, true, 0)]
    public void StftMatchesOrt(long frameLength, long step, bool window, bool length, long onesided)
    {
        long[] shape = [2, 64, 1];
        float[] hann = Enumerable.Range(0, (int)frameLength).Select(n => (float)(0.5 - 0.5 * Math.Cos(2 * Math.PI * n / frameLength))).ToArray();
        ModelProto model = Graphs.SingleOp(17, "STFT", shape, ["step", window ? "window" : "", length ? "length" : ""], b =>
        {
            b.Int64Initializer("step", [], step);
            if (window) b.Initializer("window", [frameLength], hann);
            if (length) b.Int64Initializer("length", [], frameLength);
        }, Int("onesided", onesided));
        Graphs.AssertOpMatches(model, 161, shape);
    }

    [Theory]
    [InlineData("HannWindow", 1)]
    [InlineData("HannWindow", 0)]
    [InlineData("HammingWindow", 1)]
    [InlineData("HammingWindow", 0)]
    [InlineData("BlackmanWindow", 1)]
    [InlineData("BlackmanWindow", 0)]
    public void WindowMatchesOrt(string op, long periodic)
    {
        var b = new OnnxGraphBuilder("window", 17);
        b.Input("x", 10);
        b.Node("Constant", [], "size", Tensor("value", Int64Tensor("size", [], 10)));
        b.Node(op, ["size"], "window", Int("periodic", periodic));
        b.Node("Add", ["window", "x"], "y");
        b.Output("y", DataType.Float);
        Graphs.AssertOpMatches(b.ToModel("test"), 162, [10]);
    }
}
