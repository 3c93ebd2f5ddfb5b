using System.Buffers.Binary;

namespace Quantize.Core.Coding;

/// <summary>
/// Reads bits most-significant first. Meant for untrusted input: reading past the end throws
/// <see cref="InvalidDataException"/>, never an index error.
/// </summary>
public sealed class BitReader
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly long _bitLength;
    private int _nextByte;

    // The next bits of the stream, left-aligned. Bits below _bufferBits are either zero or the
    // stream's own next bits (a whole-word refill may load a few bits ahead), so OR-ing a later
    // refill over them is harmless.
    private ulong _buffer;
    private int _bufferBits;

    public BitReader(byte[] data)
        : this(new ReadOnlyMemory<byte>(data ?? throw new ArgumentNullException(nameof(data))))
    {
    }

    public BitReader(ReadOnlyMemory<byte> data)
        : this(data, (long)data.Length * 8)
    {
    }

    /// <summary>Reads only the first <paramref name="bitLength"/> bits, so padding is never taken as data.</summary>
    public BitReader(ReadOnlyMemory<byte> data, long bitLength)
    {
        if (bitLength < 0 || bitLength > (long)data.Length * 8)
        {
            throw new ArgumentOutOfRangeException(
                nameof(bitLength), bitLength, $"Bit length must be in 0..{(long)data.Length * 8}.");
        }

        _data = data;
        _bitLength = bitLength;
    }

    /// <summary>Total number of readable bits.</summary>
    public long BitLength => _bitLength;

    /// <summary>Number of bits read so far.</summary>
    public long BitPosition => (long)_nextByte * 8 - _bufferBits;

    public long BitsRemaining => _bitLength - BitPosition;

    /// <summary>Reads <paramref name="bitCount"/> bits (0..64) as an unsigned number.</summary>
    /// <exception cref="InvalidDataException">Fewer than <paramref name="bitCount"/> bits remain.</exception>
    public ulong Read(int bitCount)
    {
        if ((uint)bitCount > 57)
        {
            if ((uint)bitCount > 64)
            {
                throw new ArgumentOutOfRangeException(nameof(bitCount), bitCount, "Bit count must be in 0..64.");
            }

            // Check everything first so a failed read consumes nothing.
            EnsureRemaining(bitCount);
            ulong high = ReadUnchecked(bitCount - 32);
            return (high << 32) | ReadUnchecked(32);
        }

        EnsureRemaining(bitCount);
        return ReadUnchecked(bitCount);
    }

    /// <summary>Reads one bit.</summary>
    /// <exception cref="InvalidDataException">No bits remain.</exception>
    public int ReadBit() => (int)Read(1);

    /// <summary>The next <paramref name="bitCount"/> bits (1..32) without consuming them; zeros past the data.</summary>
    internal uint Peek(int bitCount)
    {
        if (_bufferBits < bitCount)
        {
            Refill();
        }

        return (uint)(_buffer >> (64 - bitCount));
    }

    /// <summary>Consumes bits already checked against <see cref="BitsRemaining"/>.</summary>
    internal void Skip(int bitCount)
    {
        if (_bufferBits < bitCount)
        {
            Refill();
        }

        _buffer <<= bitCount;
        _bufferBits -= bitCount;
    }

    private void EnsureRemaining(int bitCount)
    {
        long remaining = BitsRemaining;
        if (bitCount > remaining)
        {
            ThrowHelper.EndOfStream(bitCount, BitPosition, remaining);
        }
    }

    // Requires 1 <= bitCount <= 57 and bitCount <= BitsRemaining.
    private ulong ReadUnchecked(int bitCount)
    {
        if (bitCount == 0)
        {
            return 0; // a shift by 64 would be a shift by 0 in C#
        }

        if (_bufferBits < bitCount)
        {
            Refill();
        }

        ulong value = _buffer >> (64 - bitCount);
        _buffer <<= bitCount;
        _bufferBits -= bitCount;
        return value;
    }

    // Leaves at least 57 bits in the buffer, or every bit left in the data.
    private void Refill()
    {
        ReadOnlySpan<byte> data = _data.Span;
        if (data.Length - _nextByte >= 8)
        {
            ulong word = BinaryPrimitives.ReadUInt64BigEndian(data.Slice(_nextByte));
            _buffer |= word >> _bufferBits;
            int wholeBytes = (64 - _bufferBits) >> 3;
            _nextByte += wholeBytes;
            _bufferBits += wholeBytes * 8;
            return;
        }

        while (_bufferBits <= 56 && _nextByte < data.Length)
        {
            _buffer |= (ulong)data[_nextByte++] << (56 - _bufferBits);
            _bufferBits += 8;
        }
    }
}
