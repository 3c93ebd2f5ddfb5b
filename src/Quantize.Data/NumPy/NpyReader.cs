using System.Buffers.Binary;
using System.Text;

namespace Quantize.Data.NumPy;

/// <summary>
/// Reads NumPy's .npy format (versions 1.0, 2.0 and 3.0): the magic "\x93NUMPY", a version, the header's length
/// (2 bytes in 1.0, 4 in 2.0 and 3.0), a Python-literal header (UTF-8 in 3.0) and the raw elements. Data come back
/// in C order, little-endian (<see cref="NpyArray"/>). A header never makes us allocate more than the bytes present:
/// data are read in chunks until the declared size, and a shortfall is reported as truncation.
/// </summary>
public static class NpyReader
{
    static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Headers are a few hundred bytes; NumPy itself refuses more than 10,000 unless told otherwise.</summary>
    public const int MaxHeaderBytes = 1 << 20;

    const int Chunk = 1 << 20;

    /// <summary>Reads a .npy file; the array is named after the file's stem.</summary>
    public static NpyArray Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"NumPy file not found: {path}", path);
        using FileStream file = File.OpenRead(path);
        return Read(file, Path.GetFileNameWithoutExtension(path), path, file.Length);
    }

    /// <summary>
    /// Reads one array from a stream; <paramref name="source"/> names the file in messages. When the stream's
    /// length is known (a file, a zip entry's declared size), a shape that needs more bytes fails before any reading.
    /// </summary>
    public static NpyArray Read(Stream stream, string name, string source, long? streamLength = null)
    {
        NpyFormatException Fail(string problem) => new($"{source}: array '{name}' {problem}");

        Span<byte> lead = stackalloc byte[8];
        ReadExactly(stream, lead, () => Fail("is truncated (in its header)"));
        if (!lead[..6].SequenceEqual(Magic)) throw Fail("is not a NumPy .npy array (bad magic)");
        byte major = lead[6];
        if (major is not (1 or 2 or 3)) throw Fail($"has .npy format version {major}.{lead[7]}, which is not supported (1.0, 2.0, 3.0)");
        Span<byte> size = stackalloc byte[major == 1 ? 2 : 4];
        ReadExactly(stream, size, () => Fail("is truncated (in its header)"));
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(size) : BinaryPrimitives.ReadUInt32LittleEndian(size);
        if (headerLength > MaxHeaderBytes) throw Fail($"declares a header of {headerLength} bytes (at most {MaxHeaderBytes})");
        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, () => Fail("is truncated (in its header)"));
        string headerText;
        try
        {
            headerText = (major == 3 ? new UTF8Encoding(false, true) : Encoding.Latin1).GetString(headerBytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new NpyFormatException($"{source}: array '{name}' has a header that is not valid UTF-8", e);
        }

        NpyHeader header = NpyHeader.Parse(headerText.TrimEnd('\n', ' ', '\0'), Fail);
        (NpyElementType type, bool bigEndian) = NpyElementTypes.Parse(header.Descr)
            ?? throw Fail($"has dtype '{header.Descr}', which is not supported (float16/32/64, int32, int64, uint8, bool)");
        long bytes = ByteCount(header.Shape, type.Size()) ?? throw Fail($"declares shape ({string.Join(",", header.Shape)}), too large to load");

        long headerEnd = (major == 1 ? 10 : 12) + headerLength;
        if (streamLength is long length && length - headerEnd < bytes)
            throw Fail($"is truncated: its shape ({string.Join(",", header.Shape)}) needs {bytes} bytes of data, the file holds {Math.Max(0, length - headerEnd)}");
        byte[] data = ReadData(stream, bytes, Fail);
        if (bigEndian) SwapBytes(data, type.Size());
        if (header.FortranOrder && header.Shape.Length > 1) data = ToCOrder(data, header.Shape, type.Size());
        return new NpyArray(name, type, header.Shape, data);
    }

    static long? ByteCount(long[] shape, int elementSize)
    {
        long count = elementSize;
        foreach (long d in shape)
        {
            if (d != 0 && count > Array.MaxLength / d) return null;
            count *= d;
        }
        return count;
    }

    static byte[] ReadData(Stream stream, long bytes, Func<string, NpyFormatException> fail)
    {
        // Grown chunk by chunk, so a lying shape fails on the data actually present instead of allocating for it.
        var buffer = new MemoryStream(capacity: (int)Math.Min(bytes, Chunk));
        var chunk = new byte[(int)Math.Min(Math.Max(bytes, 1), Chunk)];
        long left = bytes;
        while (left > 0)
        {
            int read = stream.Read(chunk, 0, (int)Math.Min(left, chunk.Length));
            if (read == 0) throw fail($"is truncated: its shape needs {bytes} bytes of data, the file holds {bytes - left}");
            buffer.Write(chunk, 0, read);
            left -= read;
        }
        if (stream.Read(chunk, 0, 1) != 0) throw fail($"has bytes after its {bytes} bytes of data");
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }

    static void SwapBytes(byte[] data, int size)
    {
        for (int i = 0; i + size <= data.Length; i += size) data.AsSpan(i, size).Reverse();
    }

    // Fortran order stores the first index fastest; walk the C-order positions and find each element's Fortran offset.
    static byte[] ToCOrder(byte[] data, long[] shape, int size)
    {
        int rank = shape.Length;
        var fortranStride = new long[rank];
        for (int d = 0, stride = 1; d < rank; d++) { fortranStride[d] = stride; stride *= (int)shape[d]; }
        var index = new long[rank];
        var result = new byte[data.Length];
        long offset = 0;
        for (long c = 0; c < data.Length / size; c++)
        {
            Buffer.BlockCopy(data, (int)(offset * size), result, (int)(c * size), size);
            for (int d = rank - 1; d >= 0; d--)
            {
                index[d]++;
                offset += fortranStride[d];
                if (index[d] < shape[d]) break;
                offset -= fortranStride[d] * index[d];
                index[d] = 0;
            }
        }
        return result;
    }

    static void ReadExactly(Stream stream, Span<byte> buffer, Func<NpyFormatException> fail)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw new NpyFormatException(fail().Message, e);
        }
    }
}
