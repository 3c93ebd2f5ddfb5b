using Quantize.Core.Scaling;
using Quantize.Format.Onnx;

namespace Quantize.Cli.Pipeline;

/// <summary>Tensors that share one codebook; <see cref="Kind"/> picks per-layer-type settings.</summary>
public sealed record ParameterGroup(string Name, LayerKind Kind, IReadOnlyList<ParameterTensor> Tensors)
{
    public long ElementCount => Tensors.Sum(t => t.ElementCount);

    /// <summary>
    /// Per tensor (same order as <see cref="Tensors"/>): the scales its kept values were divided by (<c>--scale</c>), or null
    /// when the group was not scaled: the container then stores none.
    /// </summary>
    public IReadOnlyList<TensorScales?>? Scales { get; init; }
}
