using Quantize.Format.Container;
using Quantize.Format.Container.Proto;

namespace Quantize.Format.Tests.Container;

/// <summary>The worked example of docs/format.md, section 9b, computed by the writer and the reader.</summary>
public class NqzPositionsWorkedExampleTests
{
    // 12 elements, kept at 1, 2 and 9; 2-bit gaps.
    static readonly bool[] Kept = [false, true, true, false, false, false, false, false, false, true, false, false];

    [Fact]
    public void TheDocumentedFieldsAreWhatTheWriterProduces()
    {
        (Positions message, int[] entries, bool[] isFiller) = CodedPositions.Encode(Kept, 2);
        Assert.Equal([1, 2, 6, 9], entries);
        Assert.Equal([false, false, true, false], isFiller);
        Assert.Equal(2u, message.GapBits);
        Assert.Equal([2u, 2u, 2u, 2u], message.CodeLengths);
        Assert.Equal(4UL, message.EntryCount);
        Assert.Equal(3UL, message.KeptCount);
        Assert.Equal(8UL, message.StreamBits);
        Assert.Equal([0x4E], message.Stream.ToByteArray()); // gaps 1 0 3 2 as 01 00 11 10
        Assert.Equal([1, 2, 6, 9], CodedPositions.Decode(message, 12, "w"));
    }

    [Fact]
    public void ALongTail_EndsInFillers()
    {
        // Kept only at 0 in 12 elements with 2-bit gaps: fillers at 4 and 8 leave a tail of 3.
        bool[] kept = new bool[12];
        kept[0] = true;
        (Positions message, int[] entries, bool[] isFiller) = CodedPositions.Encode(kept, 2);
        Assert.Equal([0, 4, 8], entries);
        Assert.Equal([false, true, true], isFiller);
        Assert.Equal(1UL, message.KeptCount);
    }
}
