using System.Buffers.Binary;

namespace Quantize.Data.NumPy;

/// <summary>
/// One NumPy array: its name (the .npy file's stem, or the key in an .npz), element type, shape (outermost first)
/// and data in C order as little-endian bytes, whatever order and byte order the file stored.
/// </summary>
public sealed record NpyArray(string Name, NpyElementType ElementType, long[] Shape, byte[] Data)
{
    /// <summary>The number of elements: the product of the shape (1 for a scalar).</summary>
    public long Length => Shape.Aggregate(1L, (a, b) => a * b);

    public int Rank => Shape.Length;

    /// <summary>E.g. "float32 [8,3,4]".</summary>
    public string Description => $"{ElementType.NumPyName()} [{string.Join(",", Shape)}]";

    /// <summary>The elements as float32 (integers and booleans converted, float64 rounded to nearest).</summary>
    public float[] ToSingles()
    {
        var values = new float[Length];
        for (int i = 0; i < values.Length; i++) values[i] = (float)Double(i);
        return values;
    }

    /// <summary>The elements as int64; only for integer and boolean arrays (a float is not silently truncated).</summary>
    public long[] ToInt64s()
    {
        if (ElementType.IsFloating())
            throw new InvalidOperationException($"array '{Name}' holds {ElementType.NumPyName()}, not integers");
        var values = new long[Length];
        for (int i = 0; i < values.Length; i++) values[i] = Integer(i);
        return values;
    }

    /// <summary>Element i as a double (exact for every type but int64 beyond 2^53).</summary>
    public double Double(long i)
    {
        ReadOnlySpan<byte> d = Data;
        return ElementType switch
        {
            NpyElementType.Float16 => (double)BinaryPrimitives.ReadHalfLittleEndian(d[(int)(2 * i)..]),
            NpyElementType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(d[(int)(4 * i)..]),
            NpyElementType.Float64 => BinaryPrimitives.ReadDoubleLittleEndian(d[(int)(8 * i)..]),
            _ => Integer(i),
        };
    }

    /// <summary>Element i of an integer or boolean array.</summary>
    public long Integer(long i)
    {
        ReadOnlySpan<byte> d = Data;
        return ElementType switch
        {
            NpyElementType.Bool => d[(int)i] != 0 ? 1 : 0,
            NpyElementType.UInt8 => d[(int)i],
            NpyElementType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(d[(int)(4 * i)..]),
            NpyElementType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(d[(int)(8 * i)..]),
            _ => throw new InvalidOperationException($"array '{Name}' holds {ElementType.NumPyName()}, not integers"),
        };
    }
}
