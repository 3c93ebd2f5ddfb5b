using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>
/// QuantizeLinear and DequantizeLinear, the pairs around each weight and activation of a QDQ-format model: scale and
/// zero point per tensor, or (opset 13) per slice along axis. Blocked quantization (opset 21's block_size) is not
/// supported.
/// </summary>
static class QuantizationOps
{
    /// <summary>(x − zero_point) · scale, in float.</summary>
    public static Tensor DequantizeLinear(OnnxNode node)
    {
        // Quantized weights are integer initializers, which stay on the CPU (see OnnxGraphModule): dequantize where the graph runs.
        Tensor input = node.Input(0).to(node.Device);
        (Tensor scale, Tensor? zeroPoint) = Parameters(node, input);
        Tensor values = input.to_type(ScalarType.Float32);
        if (zeroPoint is not null) values = values.sub(zeroPoint.to_type(ScalarType.Float32));
        return values.mul(scale);
    }

    /// <summary>
    /// round(x / scale) + zero_point (halves to even), saturated to the zero point's type: uint8 (the default without
    /// one) or int8.
    /// </summary>
    public static Tensor QuantizeLinear(OnnxNode node)
    {
        Tensor input = node.Input(0);
        (Tensor scale, Tensor? zeroPoint) = Parameters(node, input);
        ScalarType type = zeroPoint?.dtype ?? ScalarType.Byte;
        (double low, double high) = type switch
        {
            ScalarType.Byte => (0.0, 255.0),
            ScalarType.Int8 => (-128.0, 127.0),
            _ => throw node.Error($"quantizing to {type} is not supported (uint8, int8)"),
        };
        Tensor values = input.div(scale).round();
        if (zeroPoint is not null) values = values.add(zeroPoint.to_type(values.dtype), ScalarOne.Value);
        return values.clamp(low, high).to_type(type);
    }

    // A scale of one element applies to the whole tensor; a vector (opset 13) to the slices along axis (default 1).
    static (Tensor Scale, Tensor? ZeroPoint) Parameters(OnnxNode node, Tensor input)
    {
        if (node.Attributes.Int("block_size", 0) != 0) throw node.Error("blocked quantization (block_size) is not supported");
        Tensor scale = node.Input(1).to_type(ScalarType.Float32).to(input.device);
        Tensor? zeroPoint = node.OptionalInput(2)?.to(input.device);
        if (scale.numel() == 1 && scale.dim() <= 1) return (scale.reshape([]), zeroPoint?.reshape([]));
        long axis = Axes.Normalize(node.Attributes.Int("axis", 1), input.dim(), node);
        if (scale.dim() != 1 || scale.shape[0] != input.shape[axis])
            throw node.Error($"a scale of shape [{string.Join(",", scale.shape)}] does not fit axis {axis} of size {input.shape[axis]}");
        long[] sliceShape = Enumerable.Repeat(1L, (int)input.dim()).ToArray();
        sliceShape[axis] = input.shape[axis];
        return (scale.reshape(sliceShape), zeroPoint?.reshape(sliceShape));
    }
}
