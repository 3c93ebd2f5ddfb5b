using Quantize.Core.Clustering;
using Quantize.Core.Scaling;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;

namespace Quantize.Format.Container;

/// <summary>
/// Tensors quantized together (one codebook), the quantization of their concatenated values, and the index code.
/// With <see cref="Pruned"/>, the quantization covers only the kept values, in tensor order. With <see cref="Scales"/>,
/// the quantization is of the normalised values w / s and the container stores the scales so the decoder restores c·s.
/// </summary>
public sealed record CodedGroup(IReadOnlyList<ParameterTensor> Tensors, Quantization Quantization, SymbolCoding Coding)
{
    /// <summary>Per tensor (same order as <see cref="Tensors"/>): its kept elements, or null where all are kept.</summary>
    public IReadOnlyList<PrunedTensor?>? Pruned { get; init; }

    public PrunedStorage Storage { get; init; } = PrunedStorage.IndexDifferences;

    /// <summary>
    /// Pruned positions as context-coded significance flags (<see cref="Proto.Significance"/>) rather than index differences:
    /// with CONTEXT coding, the positions are coded the way the indices are.
    /// </summary>
    public bool CodesSignificance => Coding == SymbolCoding.Context && Storage == PrunedStorage.IndexDifferences;

    /// <summary>
    /// Per tensor (same order as <see cref="Tensors"/>): the scales its values were divided by before quantization
    /// (<see cref="ScaleNormalization"/>), or null where they were not. Null (the default) stores no scales at all,
    /// byte for byte the container of before scales existed.
    /// </summary>
    public IReadOnlyList<TensorScales?>? Scales { get; init; }

    /// <summary>
    /// The step of the fixed-step grid the shared values were found on, or null: the container then stores them as integer
    /// levels of this step where every one is a grid point (<see cref="SharedValues.Store"/>), else as float32s.
    /// </summary>
    public float? GridStep { get; init; }
}

/// <summary>Which elements of a tensor are kept (true) and the gap width of its positions under index differences.</summary>
public sealed record PrunedTensor(bool[] Kept, int GapBits)
{
    public long KeptCount => Kept.AsSpan().Count(true);
}

/// <summary>How the pruned (exactly zero) parameters of a container are stored.</summary>
public enum PrunedStorage
{
    /// <summary>
    /// Kept positions as Huffman-coded gaps (<see cref="Positions"/>), or with CONTEXT coding as context-coded significance
    /// flags (<see cref="Proto.Significance"/>); only kept values are coded.
    /// </summary>
    IndexDifferences,

    /// <summary>No positions: every pruned element is coded as one more codebook symbol whose value is exactly 0.</summary>
    ZeroCluster,
}
