namespace Quantize.Format.Onnx;

/// <summary>A learned tensor of a model: its ONNX initializer name, shape, and values in row-major order.</summary>
public sealed record ParameterTensor(string Name, long[] Dims, float[] Values)
{
    // Set only by WithoutValues: the element count the values had.
    long? releasedCount;

    public long ElementCount => releasedCount ?? Values.LongLength;

    public string ShapeText => Dims.Length == 0 ? "scalar" : string.Join("x", Dims);

    /// <summary>
    /// The same tensor with an empty <see cref="Values"/> (name, shape and <see cref="ElementCount"/> stay): for steps
    /// that only lay tensors out once their values live elsewhere (a quantizer's concatenated input), so that a large
    /// model is not held twice.
    /// </summary>
    public ParameterTensor WithoutValues() => this with { Values = [], releasedCount = ElementCount };
}
