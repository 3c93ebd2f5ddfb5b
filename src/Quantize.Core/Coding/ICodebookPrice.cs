namespace Quantize.Core.Coding;

/// <summary>
/// What one codebook costs where it is stored, in bits: its coded indices and its table (shared values and code). Lets
/// <see cref="CodingGroups"/> weigh the table a group adds against the index bits it saves, priced as the container
/// really stores them (the container's implementation lives in Format).
/// </summary>
public interface ICodebookPrice
{
    /// <summary>Bits of a codebook holding these levels and coding these symbols.</summary>
    /// <param name="counts">How often each level of the codebook is coded, in the codebook's order; all positive.</param>
    /// <param name="values">The levels' shared values, in the same order.</param>
    double Bits(ReadOnlySpan<long> counts, ReadOnlySpan<float> values);

    /// <summary>Bits a tensor spends naming a codebook other than the first (the first is the default and costs none).</summary>
    double TensorReferenceBits { get; }
}
