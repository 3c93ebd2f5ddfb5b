namespace Quantize.Format.SafeTensors;

/// <summary>
/// Which tensors of a safetensors model are weights: docs/onnx.md's learned-parameter rule for a graph without nodes,
/// which is what a safetensors model is (<see cref="SafeTensorsModel.ToOnnx"/>). A tensor is a weight when its dtype is
/// F64, F32, F16 or BF16 and it holds more than one element; integer, boolean and 8-bit float tensors and scalars stay
/// exact. With no operators there are no configuration inputs, and every tensor is stored like an initializer.
/// </summary>
public static class SafeTensorsWeightRule
{
    public static bool IsWeight(SafeTensorsEntry entry) => SafeTensorsDTypes.IsFloating(entry.DType) && entry.ElementCount > 1;
}
