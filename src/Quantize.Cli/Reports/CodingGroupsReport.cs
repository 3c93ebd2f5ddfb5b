namespace Quantize.Cli.Reports;

/// <summary>
/// How the indices of a fixed-step grid were coded: in <see cref="Codebooks"/> codebooks, one per coding group of tensors
/// of like spread (docs/cli.md, "The default quantizer"), or one table when groups would not make the file smaller; and
/// what that saved against one table per quantization (<c>--one-table</c>), in file bytes and in eq. (1)'s bits.
/// </summary>
/// <param name="Codebooks">Codebooks the container holds.</param>
/// <param name="SharedValues">Shared values they store in all (a value used by two groups is stored twice: eq. (1)'s k).</param>
/// <param name="OneTableSharedValues">Shared values one table per quantization stores: the clusters.</param>
/// <param name="SavedBytes">Bytes the file is smaller than with one table; 0 when it has one.</param>
/// <param name="SavedBits">Bits eq. (1)'s total is smaller than with one table; 0 when it has one.</param>
public sealed record CodingGroupsReport(int Codebooks, long SharedValues, long OneTableSharedValues, long SavedBytes, long SavedBits);
