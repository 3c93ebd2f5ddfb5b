using System.Buffers.Binary;
using System.IO.Compression;

namespace Quantize.Data.Idx;

/// <summary>
/// Reads IDX files (LeCun's MNIST format), raw or gzip-compressed: a 4-byte magic (0, 0, type, rank),
/// rank big-endian int32 dimensions, then the data. Only type 0x08 (unsigned byte) is used by image datasets.
/// </summary>
public static class IdxReader
{
    const byte UnsignedByte = 0x08;
    const long MaxElements = int.MaxValue;
    const int Chunk = 1 << 20;

    public static IdxArray Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"dataset file not found: {path}", path);
        using FileStream file = File.OpenRead(path);
        bool gzip = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        uint? declaredLength = gzip ? GzipDeclaredLength(file) : null;
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        try
        {
            IdxArray array = Read(stream, path);
            // GZipStream accepts a member whose trailer was cut off; its length field (mod 2^32) catches that.
            if (declaredLength is { } expected && expected != (uint)DecodedLength(array))
                throw new IdxFormatException($"{path} is truncated or damaged (gzip length trailer does not match)");
            return array;
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException($"{path}: corrupt gzip data ({e.Message})", e);
        }
    }

    static uint? GzipDeclaredLength(FileStream file)
    {
        if (file.Length < 18) return null; // smaller than a gzip header and trailer; decoding reports it
        Span<byte> trailer = stackalloc byte[4];
        file.Position = file.Length - 4;
        file.ReadExactly(trailer);
        file.Position = 0;
        return BinaryPrimitives.ReadUInt32LittleEndian(trailer);
    }

    static long DecodedLength(IdxArray array) => 4 + 4L * array.Dims.Length + array.Data.LongLength;

    public static IdxArray Read(Stream stream, string description)
    {
        Span<byte> header = stackalloc byte[4];
        ReadExactly(stream, header, description, "header");
        if (header[0] != 0 || header[1] != 0)
            throw new IdxFormatException($"{description} is not an IDX file (bad magic number)");
        if (header[2] != UnsignedByte)
            throw new IdxFormatException($"{description}: IDX data type 0x{header[2]:x2} is not supported (only unsigned bytes)");
        int rank = header[3];
        if (rank == 0) throw new IdxFormatException($"{description}: IDX rank 0 has no data");

        var dims = new int[rank];
        Span<byte> dim = stackalloc byte[4];
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            ReadExactly(stream, dim, description, "dimensions");
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(dim);
            if (dims[d] < 0) throw new IdxFormatException($"{description}: negative dimension {dims[d]}");
            count *= dims[d];
            if (count > MaxElements) throw new IdxFormatException($"{description}: declares more than {MaxElements} elements");
        }
        byte[] data = ReadData(stream, count, description);
        if (stream.ReadByte() != -1) throw new IdxFormatException($"{description}: has bytes after the declared data");
        return new IdxArray(dims, data);
    }

    // A header of a few bytes may declare 2^31 elements: the data are never allocated before they are there. A file's
    // size says so up front; a gzip stream's does not, so its data grow chunk by chunk as they are decoded.
    static byte[] ReadData(Stream stream, long count, string description)
    {
        if (stream.CanSeek)
        {
            long left = stream.Length - stream.Position;
            if (left < count)
                throw new IdxFormatException($"{description} is truncated: its dimensions declare {count} bytes of data, the file holds {left}");
            var exact = new byte[count];
            ReadExactly(stream, exact, description, "data");
            return exact;
        }
        var buffer = new MemoryStream((int)Math.Min(count, Chunk));
        var chunk = new byte[(int)Math.Min(Math.Max(count, 1), Chunk)];
        for (long read = 0; read < count;)
        {
            int got = stream.Read(chunk, 0, (int)Math.Min(count - read, chunk.Length));
            if (got == 0) throw new IdxFormatException($"{description} is truncated: its dimensions declare {count} bytes of data, the stream holds {read}");
            buffer.Write(chunk, 0, got);
            read += got;
        }
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }

    static void ReadExactly(Stream stream, Span<byte> buffer, string description, string part)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw new IdxFormatException($"{description} is truncated (in its {part})", e);
        }
    }
}
