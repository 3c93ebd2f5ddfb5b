using Quantize.Core.Coding;
using Quantize.Format.Container;
using Quantize.Format.Onnx;

namespace Quantize.Cli.Reports;

/// <summary>
/// What a pruned tensor's positions would cost by the two references a context coder must beat (issue 15, item 3): positions
/// drawn independently at the tensor's density, H(p)/p bits per kept parameter, and Huffman-coded index differences at their
/// best gap width (1–8 bits), stream and code table as <see cref="CodedPositions"/> writes them, plus what the fillers cost
/// in the index stream (at their ideal cost as one more cluster: narrow gaps look cheap until their fillers are counted).
/// </summary>
sealed record PositionReferences(double IndependentBitsPerKept, double IndexDifferenceBitsPerKept, int IndexDifferenceGapBits)
{
    const int WidestGap = 8;

    /// <summary>The references of a pruned tensor (some values exactly zero, some not); null otherwise.</summary>
    public static PositionReferences? Of(ParameterTensor tensor)
    {
        if (PruningRule.Of(tensor, WidestGap) is not { } pruned || tensor.ElementCount > int.MaxValue) return null;
        long kept = pruned.KeptCount;
        if (kept == 0) return null;
        double p = (double)kept / tensor.ElementCount;
        double independent = p >= 1 ? 0 : -(p * Math.Log2(p) + (1 - p) * Math.Log2(1 - p)) / p;
        double best = double.MaxValue;
        int bestGap = WidestGap;
        for (int gapBits = 1; gapBits <= WidestGap; gapBits++)
        {
            (Format.Container.Proto.Positions positions, _, _) = CodedPositions.Encode(pruned.Kept, gapBits);
            // Fillers are symbols of the index stream too: one more cluster at its ideal cost, entries · H(fillers / entries).
            double entries = positions.EntryCount, fillers = entries - positions.KeptCount;
            double fillerBits = fillers == 0 ? 0 : -(fillers * Math.Log2(fillers / entries) + kept * Math.Log2(kept / entries));
            double bits = (positions.StreamBits + positions.CodeLengths.Sum(l => (double)l) + fillerBits) / kept;
            if (bits < best)
            {
                best = bits;
                bestGap = gapBits;
            }
        }
        return new PositionReferences(independent, best, bestGap);
    }
}
