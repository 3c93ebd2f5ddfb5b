using Google.Protobuf;
using Quantize.Core.Coding.Context;
using Quantize.Format.Container.Proto;

namespace Quantize.Format.Container;

/// <summary>
/// The <see cref="Significance"/> of one pruned tensor: Core's context-coded flags (<see cref="SignificanceCoder"/>) in the
/// layout its dims give (docs/format.md, section 16.3).
/// </summary>
public static class CodedSignificance
{
    /// <summary>
    /// The flags of <paramref name="kept"/>; null where the stream would hold more elements per bit than a reader accepts
    /// (<see cref="AdaptiveBit.MaxDecisionsPerBit"/>), so that the writer stores those positions as index differences instead.
    /// </summary>
    public static Significance? Encode(ReadOnlySpan<bool> kept, ReadOnlySpan<long> dims)
    {
        byte[] stream = SignificanceCoder.Encode(kept, SignificanceLayout.Of(dims));
        if (!WithinBound(kept.Length, stream.Length)) return null;
        int count = kept.Count(true);
        return new Significance { KeptCount = (ulong)count, Stream = UnsafeByteOperations.UnsafeWrap(stream) };
    }

    /// <summary>Whether a stream of <paramref name="streamBytes"/> may describe <paramref name="elements"/> flags (docs/format.md, section 16.4).</summary>
    public static bool WithinBound(long elements, long streamBytes) => (ulong)elements <= (ulong)streamBytes * 8 * AdaptiveBit.MaxDecisionsPerBit;

    /// <summary>Positions of the kept elements of a validated tensor; a corrupt stream ends in <see cref="NqzFormatException"/>.</summary>
    public static int[] Decode(Significance message, ReadOnlySpan<long> dims, string tensorName)
    {
        try
        {
            return SignificanceCoder.Decode(message.Stream.Span, SignificanceLayout.Of(dims), (long)message.KeptCount);
        }
        catch (InvalidDataException e)
        {
            throw new NqzFormatException($"tensor '{tensorName}' has corrupt significance flags ({e.Message.TrimEnd('.')})", e);
        }
    }

    /// <summary>Structural checks before anything is decoded (docs/format.md, section 16.4); <paramref name="elements"/> is the tensor's element count.</summary>
    internal static void Validate(QuantizedTensor tensor, ulong elements, Action<string> fail)
    {
        Significance significance = tensor.Significance;
        if (tensor.Positions != null) fail($"tensor '{tensor.Name}' has both positions and significance flags");
        if (significance.Stream.Length < 4) fail($"tensor '{tensor.Name}' has a {significance.Stream.Length}-byte significance stream (at least 4)");
        if (elements > int.MaxValue) fail($"tensor '{tensor.Name}' has {elements} elements; a pruned tensor may have at most {int.MaxValue}");
        if (!WithinBound((long)elements, significance.Stream.Length))
            fail($"tensor '{tensor.Name}' declares {elements} significance flags in {significance.Stream.Length} bytes");
        if (significance.KeptCount > elements) fail($"tensor '{tensor.Name}' declares {significance.KeptCount} kept parameters among {elements} elements");
    }
}
