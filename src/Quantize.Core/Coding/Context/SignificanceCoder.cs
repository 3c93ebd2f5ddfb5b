namespace Quantize.Core.Coding.Context;

/// <summary>
/// Codes which elements of a pruned tensor are kept as one significance flag per element (1 = kept), in row-major order,
/// each with a context from its neighbours (<see cref="SignificanceContexts"/>): the positions of a pruned tensor without
/// index differences (docs/format.md, section 16.3). One stream per tensor.
/// </summary>
public static class SignificanceCoder
{
    public static byte[] Encode(ReadOnlySpan<bool> kept, SignificanceLayout layout)
    {
        if (kept.Length != layout.ElementCount) throw new ArgumentException($"{kept.Length} flags for a layout of {layout.ElementCount} elements", nameof(kept));
        var contexts = new SignificanceContexts(layout);
        AdaptiveBit[] models = contexts.Models;
        var encoder = new BinaryRangeEncoder(kept.Length / 32 + 16);
        int position = 0;
        for (int row = 0; row < layout.Rows; row++)
            for (int column = 0; column < layout.Columns; column++, position++)
            {
                bool flag = kept[position];
                encoder.Encode(ref models[contexts.At(kept, row, column, position)], flag ? 1 : 0);
                contexts.Record(column, flag);
            }
        return encoder.Finish();
    }

    /// <summary>The kept positions, ascending.</summary>
    /// <exception cref="InvalidDataException">The stream is corrupt, or keeps another number of elements than <paramref name="keptCount"/>.</exception>
    public static int[] Decode(ReadOnlySpan<byte> stream, SignificanceLayout layout, long keptCount)
    {
        if (keptCount < 0 || keptCount > layout.ElementCount) throw new InvalidDataException($"{keptCount} kept elements declared among {layout.ElementCount}");
        var kept = new bool[layout.ElementCount];
        var positions = new int[keptCount];
        var contexts = new SignificanceContexts(layout);
        AdaptiveBit[] models = contexts.Models;
        var decoder = new BinaryRangeDecoder(stream);
        int position = 0, found = 0;
        for (int row = 0; row < layout.Rows; row++)
            for (int column = 0; column < layout.Columns; column++, position++)
            {
                bool flag = decoder.Decode(ref models[contexts.At(kept, row, column, position)]) == 1;
                if (flag)
                {
                    if (found == positions.Length) throw new InvalidDataException($"the significance flags keep more than the {keptCount} elements declared");
                    positions[found++] = position;
                    kept[position] = true;
                }
                contexts.Record(column, flag);
            }
        decoder.Finish();
        if (found != keptCount) throw new InvalidDataException($"the significance flags keep {found} elements, not the {keptCount} declared");
        return positions;
    }
}
