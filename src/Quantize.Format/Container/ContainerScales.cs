using Quantize.Core.Scaling;
using Quantize.Format.Container.Proto;

namespace Quantize.Format.Container;

/// <summary>The scales of a container's tensors (docs/format.md, section 9c): reading them back, checking them, counting them.</summary>
public static class ContainerScales
{
    /// <summary>The scales of a validated tensor, or null where it has none.</summary>
    public static TensorScales? Of(QuantizedTensor tensor) =>
        tensor.Scales is { } s ? new TensorScales(s.HasAxis ? (int)s.Axis : null, s.Values.ToArray()) : null;

    /// <summary>Bits of every stored scale (32 per value): the scale term of eq. (1), <c>scale_bits</c>.</summary>
    public static long Bits(NqzBody body) => body.Tensors.Sum(t => 32L * (t.Scales?.Values.Count ?? 0));

    /// <summary>Checks a tensor's scales against its shape; <paramref name="fail"/> throws.</summary>
    internal static void Validate(QuantizedTensor tensor, Action<string> fail)
    {
        if (tensor.Scales is not { } scales) return;
        long expected = 1;
        if (scales.HasAxis)
        {
            if (scales.Axis >= (uint)tensor.Dims.Count)
                fail($"tensor '{tensor.Name}' has scales along axis {scales.Axis} but rank {tensor.Dims.Count}");
            expected = tensor.Dims[(int)scales.Axis];
        }
        if (scales.Values.Count != expected)
            fail($"tensor '{tensor.Name}' has {scales.Values.Count} scales for {expected} channels");
        foreach (float value in scales.Values)
            if (!TensorScales.IsValid(value)) fail($"tensor '{tensor.Name}' has a scale of {value} (scales are positive normal floats)");
    }
}
