using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Onnx.Oracle;

/// <summary>QuantizeLinear and DequantizeLinear, as a QDQ model has them around weights and activations, against ONNX Runtime.</summary>
public class QuantizationOracleTests
{
    public QuantizationOracleTests() => TorchRuntime.EnsureLoaded();

    static readonly long[] Shape = [2, 3, 4];

    // An int8 or uint8 weight [3, 4] dequantized per tensor or per row (axis 0) and added to x.
    [Theory]
    [InlineData(DataType.Int8, false)]
    [InlineData(DataType.Int8, true)]
    [InlineData(DataType.Uint8, false)]
    [InlineData(DataType.Uint8, true)]
    public void DequantizedWeightMatchesOrt(DataType type, bool perAxis)
    {
        int[] quantized = Enumerable.Range(0, 12).Select(i => type == DataType.Int8 ? i * 23 % 256 - 128 : i * 37 % 256).ToArray();
        var b = new OnnxGraphBuilder("dequantize", 13);
        b.Input("x", 2, 3, 4);
        b.Node("Constant", [], "w_q", Tensor("value", Narrow("w_q", type, [3, 4], quantized)));
        b.Node("Constant", [], "zero", Tensor("value", Narrow("zero", type, perAxis ? [3] : [], perAxis ? [3, -5, 0] : [7])));
        if (perAxis) b.Initializer("scale", [3], [0.02f, 0.5f, 0.003f]);
        else b.Initializer("scale", [], [0.04f]);
        b.Node("DequantizeLinear", ["w_q", "scale", "zero"], "w", Int("axis", 0));
        b.Node("Add", ["x", "w"], "y");
        b.Output("y", DataType.Float);
        Graphs.AssertOpMatches(b.ToModel("test"), 190, Shape);
    }

    // x quantized and back (a fake-quantized activation); scales small enough that values saturate at the type's ends.
    [Theory]
    [InlineData(null, false)]
    [InlineData(DataType.Uint8, false)]
    [InlineData(DataType.Int8, false)]
    [InlineData(DataType.Int8, true)]
    public void QuantizeDequantizePairMatchesOrt(DataType? type, bool perAxis)
    {
        var b = new OnnxGraphBuilder("qdq", 13);
        b.Input("x", 2, 3, 4);
        if (perAxis) b.Initializer("scale", [3], [0.01f, 0.02f, 0.05f]);
        else b.Initializer("scale", [], [0.015f]);
        string[] parameters = ["scale"];
        if (type is DataType t)
        {
            b.Node("Constant", [], "zero", Tensor("value", Narrow("zero", t, perAxis ? [3] : [], perAxis ? [1, -2, 0] : [t == DataType.Uint8 ? 128 : 3])));
            parameters = ["scale", "zero"];
        }
        b.Node("QuantizeLinear", ["x", .. parameters], "x_q", Int("axis", 1));
        b.Node("DequantizeLinear", ["x_q", .. parameters], "y", Int("axis", 1));
        b.Output("y", DataType.Float);
        Graphs.AssertOpMatches(b.ToModel("test"), 191, Shape);
    }

    // Narrow integer types keep one value per int32 entry when not stored raw.
    static TensorProto Narrow(string name, DataType type, long[] dims, int[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type };
        tensor.Dims.AddRange(dims);
        tensor.Int32Data.AddRange(values);
        return tensor;
    }
}
