using Quantize.Core.Coding;
using Quantize.Format.Container.Proto;

namespace Quantize.Format.Container;

/// <summary>
/// Structural checks of one tensor's <see cref="Positions"/> before anything is decoded: every gap codeword takes
/// at least one bit, so entry_count ≤ stream_bits bounds the gap array by the stream's size.
/// </summary>
static class PositionsValidator
{
    public static void Validate(Positions positions, string tensor, Action<string> fail)
    {
        uint b = positions.GapBits;
        if (b < 1 || b > RelativeIndexing.MaxGapBits)
            fail($"tensor '{tensor}' has {b}-bit gaps (allowed 1..{RelativeIndexing.MaxGapBits})");
        if (positions.CodeLengths.Count != 1 << (int)b)
            fail($"tensor '{tensor}' has {positions.CodeLengths.Count} gap code lengths for {b}-bit gaps (needs {1 << (int)b})");
        foreach (uint length in positions.CodeLengths)
            if (length > NqzLimits.MaxCodeLength) fail($"tensor '{tensor}' has a gap code length of {length} bits (at most {NqzLimits.MaxCodeLength})");
        if (positions.StreamBits > (ulong)positions.Stream.Length * 8 || (ulong)positions.Stream.Length != (positions.StreamBits + 7) / 8)
            fail($"tensor '{tensor}' declares {positions.StreamBits} position bits but holds {positions.Stream.Length} bytes");
        if (positions.EntryCount > positions.StreamBits)
            fail($"tensor '{tensor}' declares {positions.EntryCount} positions in {positions.StreamBits} bits");
        if (positions.KeptCount > positions.EntryCount)
            fail($"tensor '{tensor}' declares {positions.KeptCount} kept parameters among {positions.EntryCount} positions");
    }
}
