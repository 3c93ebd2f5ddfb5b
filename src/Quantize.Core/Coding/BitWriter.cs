namespace Quantize.Core.Coding;

/// <summary>
/// Writes bits most-significant first into a growable byte buffer. The last byte of
/// <see cref="ToArray"/> is padded with zero bits.
/// </summary>
public sealed class BitWriter
{
    private byte[] _bytes;
    private int _byteCount;

    // Fewer than 8 bits waiting for a whole byte, right-aligned.
    private ulong _pending;
    private int _pendingBits;

    public BitWriter(int initialCapacityBytes = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacityBytes);
        _bytes = new byte[Math.Max(initialCapacityBytes, 8)];
    }

    /// <summary>Number of bits written so far.</summary>
    public long BitLength => (long)_byteCount * 8 + _pendingBits;

    /// <summary>Writes the low <paramref name="bitCount"/> bits of <paramref name="value"/> (0..64 bits).</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="bitCount"/> is outside 0..64, or <paramref name="value"/> has bits set above it
    /// (almost always a caller bug, so it is not silently masked).
    /// </exception>
    public void Write(ulong value, int bitCount)
    {
        if ((uint)bitCount > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(bitCount), bitCount, "Bit count must be in 0..64.");
        }

        if (bitCount < 64 && value >> bitCount != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Value does not fit in {bitCount} bits.");
        }

        // Up to 7 pending bits plus 56 new ones still fit the 64-bit accumulator.
        if (bitCount > 56)
        {
            WriteUnchecked(value >> 32, bitCount - 32);
            WriteUnchecked(value & uint.MaxValue, 32);
            return;
        }

        WriteUnchecked(value, bitCount);
    }

    /// <summary>Returns the bits written so far; the last byte is zero-padded.</summary>
    public byte[] ToArray()
    {
        var result = new byte[_byteCount + (_pendingBits > 0 ? 1 : 0)];
        _bytes.AsSpan(0, _byteCount).CopyTo(result);
        if (_pendingBits > 0)
        {
            result[^1] = (byte)(_pending << (8 - _pendingBits));
        }

        return result;
    }

    private void WriteUnchecked(ulong value, int bitCount)
    {
        _pending = (_pending << bitCount) | value;
        _pendingBits += bitCount;
        if (_pendingBits < 8)
        {
            return;
        }

        int wholeBytes = _pendingBits >> 3;
        EnsureCapacity(wholeBytes);
        for (int i = 0; i < wholeBytes; i++)
        {
            _pendingBits -= 8;
            _bytes[_byteCount++] = (byte)(_pending >> _pendingBits);
        }

        _pending &= (1UL << _pendingBits) - 1;
    }

    private void EnsureCapacity(int extraBytes)
    {
        if (_byteCount + extraBytes <= _bytes.Length)
        {
            return;
        }

        long doubled = Math.Max((long)_bytes.Length * 2, (long)_byteCount + extraBytes);
        Array.Resize(ref _bytes, (int)Math.Min(doubled, Array.MaxLength));
    }
}
