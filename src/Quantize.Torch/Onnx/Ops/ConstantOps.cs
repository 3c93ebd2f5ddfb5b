using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>Ops that make tensors from attributes or convert them: Constant, ConstantOfShape, Cast, CastLike, EyeLike.</summary>
static class ConstantOps
{
    public static Tensor Constant(OnnxNode node)
    {
        NodeAttributes a = node.Attributes;
        if (a.Tensor("value") is { } value) return InitializerTensors.Create(value).to(node.Device);
        if (a.Has("value_float")) return tensor(a.Float("value_float", 0f), device: node.Device);
        if (a.Has("value_int")) return tensor(a.Int("value_int", 0), device: node.Device);
        if (a.Floats("value_floats") is { } floats) return tensor(floats, device: node.Device);
        if (a.Ints("value_ints") is { } ints) return tensor(ints, device: node.Device);
        throw node.Error($"only value, value_float(s) and value_int(s) are supported, not [{string.Join(", ", a.Names)}]");
    }

    /// <summary>A tensor of the shape given by input 0, filled with the one-element value attribute (default float 0).</summary>
    public static Tensor ConstantOfShape(OnnxNode node)
    {
        long[] shape = node.Longs(0);
        if (node.Attributes.Tensor("value") is not { } proto) return zeros(shape, dtype: ScalarType.Float32, device: node.Device);
        using Tensor value = InitializerTensors.Create(proto);
        if (value.numel() != 1) throw node.Error($"value must have one element, not {value.numel()}");
        return value.reshape([]).expand(shape).contiguous().to(node.Device);
    }

    public static Tensor Cast(OnnxNode node)
    {
        ScalarType type = OnnxDataTypes.ToTorch(node.Attributes.Int("to", 0), $"{node.Description}'s target type");
        Tensor input = node.Input(0);
        // ONNX casts floats to integers by truncation toward zero; so does torch.
        return input.dtype == type ? input.alias() : input.to_type(type);
    }

    /// <summary>Cast to the element type of input 1 (opset 15), which torch exports write for mixed-type arithmetic.</summary>
    public static Tensor CastLike(OnnxNode node)
    {
        Tensor input = node.Input(0), like = node.Input(1);
        return input.dtype == like.dtype ? input.alias() : input.to_type(like.dtype);
    }

    /// <summary>A 2-D tensor of the input's shape with ones on diagonal k, of the dtype attribute's type or else the input's.</summary>
    public static Tensor EyeLike(OnnxNode node)
    {
        Tensor input = node.Input(0);
        if (input.dim() != 2) throw node.Error($"input has rank {input.dim()}; EyeLike needs a matrix");
        ScalarType type = node.Attributes.Has("dtype") ? OnnxDataTypes.ToTorch(node.Attributes.Int("dtype", 0), $"{node.Description}'s dtype") : input.dtype;
        return ones(input.shape, type, input.device).triu(node.Attributes.Int("k", 0)).tril(node.Attributes.Int("k", 0));
    }
}
