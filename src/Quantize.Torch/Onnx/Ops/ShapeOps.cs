using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>Flatten and Reshape (with ONNX's 0 = "copy this dimension" and -1 = "infer").</summary>
static class ShapeOps
{
    public static Tensor Flatten(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long axis = node.Attributes.Int("axis", 1);
        if (axis < 0) axis += input.dim();
        long outer = 1;
        for (int d = 0; d < axis; d++) outer *= input.shape[d];
        return input.reshape(outer, -1);
    }

    public static Tensor Reshape(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long[] shape = node.Input(1).data<long>().ToArray();
        bool allowZero = node.Attributes.Int("allowzero", 0) != 0;
        for (int d = 0; d < shape.Length; d++)
            if (shape[d] == 0 && !allowZero)
            {
                if (d >= input.dim()) throw node.Error($"shape entry {d} copies a dimension the input does not have");
                shape[d] = input.shape[d];
            }
        return input.reshape(shape);
    }
}
