using System.Runtime.CompilerServices;

namespace Quantize.Core.Coding.Context;

/// <summary>
/// Reads decisions written by <see cref="BinaryRangeEncoder"/>. The stream is untrusted: reading past its end, leaving
/// bytes unread, or ending anywhere but at the encoder's final state (code 0) is a corrupt stream
/// (<see cref="InvalidDataException"/> from <see cref="Finish"/>). Past the end the decoder reads zeros, so it never
/// fails in the hot loop; <see cref="Finish"/> judges.
/// </summary>
public ref struct BinaryRangeDecoder
{
    const uint Top = 1u << 24;

    readonly ReadOnlySpan<byte> stream;
    int next;
    uint range;
    uint code;

    /// <exception cref="InvalidDataException">The stream is shorter than the 4 bytes every stream starts with.</exception>
    public BinaryRangeDecoder(ReadOnlySpan<byte> stream)
    {
        if (stream.Length < 4) throw new InvalidDataException($"a context-coded stream has {stream.Length} bytes; every stream has at least 4");
        this.stream = stream;
        range = uint.MaxValue;
        code = (uint)(stream[0] << 24 | stream[1] << 16 | stream[2] << 8 | stream[3]);
        next = 4;
        if (code == uint.MaxValue) throw new InvalidDataException("a context-coded stream starts above its range (0xFFFFFFFF)");
    }

    /// <summary>Decodes one decision with the context's estimate, then adapts the estimate as the encoder did.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Decode(ref AdaptiveBit model)
    {
        uint bound = (range >> AdaptiveBit.ProbabilityBits) * model.Probability;
        int bit;
        if (code < bound)
        {
            range = bound;
            bit = 0;
        }
        else
        {
            code -= bound;
            range -= bound;
            bit = 1;
        }
        model.Update(bit);
        while (range < Top)
        {
            range <<= 8;
            code = (code << 8) | (next < stream.Length ? stream[next] : 0u);
            next++;
        }
        return bit;
    }

    /// <summary>Checks that the stream was read exactly to its end and that the decoder is in the encoder's final state.</summary>
    /// <exception cref="InvalidDataException">The stream is truncated, has unused bytes, or is corrupt.</exception>
    public readonly void Finish()
    {
        if (next > stream.Length)
            throw new InvalidDataException($"the context-coded stream is truncated: {next - stream.Length} more bytes needed after its {stream.Length}");
        if (next < stream.Length)
            throw new InvalidDataException($"the context-coded stream has {stream.Length - next} unused bytes after its last decision");
        if (code != 0)
            throw new InvalidDataException($"the context-coded stream ends in state {code:X8}, not the encoder's final state 0");
    }
}
