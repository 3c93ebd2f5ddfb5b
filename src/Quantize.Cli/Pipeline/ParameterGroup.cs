using Quantize.Format.Onnx;

namespace Quantize.Cli.Pipeline;

/// <summary>Tensors that share one codebook; <see cref="Kind"/> picks per-layer-type settings.</summary>
public sealed record ParameterGroup(string Name, LayerKind Kind, IReadOnlyList<ParameterTensor> Tensors)
{
    public long ElementCount => Tensors.Sum(t => t.ElementCount);
}
