namespace Quantize.Format.Onnx;

/// <summary>A learned tensor of a model: its ONNX initializer name, shape, and values in row-major order.</summary>
public sealed record ParameterTensor(string Name, long[] Dims, float[] Values)
{
    public long ElementCount => Values.LongLength;

    public string ShapeText => Dims.Length == 0 ? "scalar" : string.Join("x", Dims);
}
