using Google.Protobuf;
using Quantize.Core.Coding;
using Quantize.Format.Container.Proto;

namespace Quantize.Format.Container;

/// <summary>
/// The <see cref="Positions"/> of one pruned tensor: Core's gap code (<see cref="RelativeIndexing"/>) plus
/// trailing fillers, so that no run of pruned elements, the last one included, is longer than 2^b − 1.
/// That rule bounds a tensor's element count by (entry_count + 1)·2^b, so a reader's allocation is
/// bounded by the stream's size (docs/format.md, section 9b).
/// </summary>
public static class CodedPositions
{
    /// <summary>The coded gaps of <paramref name="kept"/>, and which coded entries are fillers (value 0).</summary>
    public static (Positions Message, int[] EntryPositions, bool[] IsFiller) Encode(ReadOnlySpan<bool> kept, int gapBits)
    {
        PositionGaps differences = RelativeIndexing.Encode(kept, gapBits);
        var gaps = new List<int>(differences.Gaps.ToArray());
        var positions = new List<int>(differences.Positions.ToArray());
        int maxGap = (1 << gapBits) - 1;
        long last = positions.Count == 0 ? -1 : positions[^1];
        while (kept.Length - 1 - last > maxGap)
        {
            last += maxGap + 1;
            gaps.Add(maxGap);
            positions.Add((int)last);
        }
        var fillers = new HashSet<int>(differences.FillerPositions.ToArray());
        bool[] isFiller = positions.Select((p, i) => i >= differences.EntryCount || fillers.Contains(p)).ToArray();

        CodedGaps stream = GapCoder.Encode(gaps.ToArray(), gapBits);
        var message = new Positions
        {
            GapBits = (uint)gapBits,
            EntryCount = (ulong)gaps.Count,
            KeptCount = (ulong)isFiller.Count(f => !f),
            StreamBits = (ulong)stream.IndexBits,
            Stream = ByteString.CopyFrom(stream.Bytes),
        };
        foreach (int length in stream.CodeLengths) message.CodeLengths.Add((uint)length);
        return (message, positions.ToArray(), isFiller);
    }

    /// <summary>Positions of the coded entries of a validated tensor; a corrupt stream ends in <see cref="NqzFormatException"/>.</summary>
    public static int[] Decode(Positions message, long elementCount, string tensorName)
    {
        int gapBits = (int)message.GapBits;
        int[] positions;
        int fillerCandidates = 0;
        try
        {
            int[] gaps = GapCoder.Decode(message.Stream.Memory, (long)message.StreamBits,
                message.CodeLengths.Select(l => (int)l).ToArray(), checked((int)message.EntryCount), gapBits);
            positions = RelativeIndexing.Decode(gaps, checked((int)elementCount), gapBits);
            foreach (int gap in gaps)
                if (gap == (1 << gapBits) - 1) fillerCandidates++;
        }
        catch (InvalidDataException e)
        {
            throw new NqzFormatException($"tensor '{tensorName}' has corrupt positions ({e.Message.TrimEnd('.')})", e);
        }
        long last = positions.Length == 0 ? -1 : positions[^1];
        if (elementCount - 1 - last > (1L << gapBits) - 1)
            throw new NqzFormatException($"tensor '{tensorName}' ends in {elementCount - 1 - last} pruned elements; at most {(1 << gapBits) - 1} may follow the last entry");
        // Every filler has the largest gap, so there can be no more fillers than such gaps.
        if ((long)message.EntryCount - (long)message.KeptCount > fillerCandidates)
            throw new NqzFormatException($"tensor '{tensorName}' declares {message.EntryCount - message.KeptCount} fillers but only {fillerCandidates} entries can be fillers");
        return positions;
    }
}
