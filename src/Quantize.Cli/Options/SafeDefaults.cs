using Quantize.Core.Clustering;
using Quantize.Core.Scaling;
using Quantize.Format.Container.Proto;

namespace Quantize.Cli.Options;

/// <summary>
/// What compress does when told nothing about the quantizer: uniform cells of a fixed step over weights normalised per
/// output channel, so every tensor keeps about the same SQNR whatever its scale (issue 14; docs/results.md §9 measures it
/// on ten real models in ONNX Runtime). The paper's "32 uniform cells over raw weights" destroyed most real models.
/// Each cell's value is its grid point (<see cref="CenterMean.Grid"/>) unless --center says otherwise: the container then
/// stores the codebook as integer levels, about 8 bits a value instead of 32, and at this step a cell's mean sits within a
/// fraction of a percent of the step from its grid point. The indices are ANS-coded unless --coding says otherwise: static
/// rANS reaches the entropy, 1.5–2% below Huffman on real models; a quantizer the user names keeps Huffman, the paper's code.
/// </summary>
public static class SafeDefaults
{
    /// <summary>The step in units of each channel's RMS: about 33.9 dB SQNR per weight (10·log10(12/S²)).</summary>
    public const double Step = 0.07;

    /// <summary>The index code of compress's own quantizer.</summary>
    public const SymbolCoding Coding = SymbolCoding.Ans;

    /// <param name="methodOrSizeGiven">Whether --method, --bits, --clusters, --rate or --step was given.</param>
    /// <param name="scaleGiven">Whether --scale was given.</param>
    /// <param name="codingGiven">Whether --coding was given.</param>
    /// <param name="keepsCount">Per-layer mode or a preset: these keep the cell count the option group read (2^5).</param>
    public static (QuantizerOptions Quantizer, ScaleMode Scale, SymbolCoding Coding) Apply(QuantizerOptions read, ScaleMode scale, SymbolCoding coding,
        bool methodOrSizeGiven, bool scaleGiven, bool codingGiven, bool keepsCount)
    {
        if (methodOrSizeGiven || keepsCount || scaleGiven && scale == ScaleMode.None) return (read, scale, coding);
        QuantizerOptions own = read with { Clusters = null, Step = Step, Center = read.Center ?? CenterMean.Grid };
        SymbolCoding code = codingGiven ? coding : Coding;
        // A scale mode without a size: the step, since 32 cells over normalised weights are as coarse as over raw ones.
        if (scaleGiven) return (own, scale, code);
        return (own with { Method = QuantizationMethod.Uniform }, ScaleMode.Channel, code);
    }
}
