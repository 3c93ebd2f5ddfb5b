namespace Quantize.Core.Coding.Context;

/// <summary>
/// A binary range coder over adaptive contexts (<see cref="AdaptiveBit"/>), in the manner of LZMA's: a 32-bit range, a
/// 33-bit low with carry into the bytes already written, a byte out whenever the range falls below 2^24. The stream is
/// MSB-first bytes; the decoder (<see cref="BinaryRangeDecoder"/>) reads back exactly the bytes written (docs/format.md,
/// section 16).
/// </summary>
public sealed class BinaryRangeEncoder
{
    const uint Top = 1u << 24;

    readonly List<byte> bytes;
    ulong low;
    uint range = uint.MaxValue;
    byte cache;
    long pending = 1; // the cache byte plus the 0xFF bytes behind it, all waiting for a possible carry
    bool leading = true; // the first byte out is always 0 (low starts at 0): it is not written
    bool finished;

    public BinaryRangeEncoder(int capacity = 256) => bytes = new List<byte>(capacity);

    /// <summary>Binary decisions coded so far.</summary>
    public long Decisions { get; private set; }

    /// <summary>Codes <paramref name="bit"/> (0 or 1) with the context's estimate, then adapts the estimate.</summary>
    public void Encode(ref AdaptiveBit model, int bit)
    {
        uint bound = (range >> AdaptiveBit.ProbabilityBits) * model.Probability;
        if (bit == 0)
        {
            range = bound;
        }
        else
        {
            low += bound;
            range -= bound;
        }
        model.Update(bit);
        Decisions++;
        while (range < Top)
        {
            range <<= 8;
            ShiftLow();
        }
    }

    /// <summary>Writes out the rest of low; the stream is then complete. No decision may follow.</summary>
    public byte[] Finish()
    {
        if (!finished)
        {
            for (int i = 0; i < 5; i++) ShiftLow();
            finished = true;
        }
        return [.. bytes];
    }

    void ShiftLow()
    {
        if ((uint)low < 0xFF000000u || (low >> 32) != 0)
        {
            byte carry = (byte)(low >> 32);
            byte next = cache;
            do
            {
                Emit((byte)(next + carry));
                next = 0xFF;
            }
            while (--pending != 0);
            cache = (byte)(low >> 24);
        }
        pending++;
        low = (low & 0x00FFFFFFu) << 8;
    }

    void Emit(byte value)
    {
        if (leading)
        {
            leading = false;
            return;
        }
        bytes.Add(value);
    }
}
