using System.Buffers.Binary;
using System.IO.Compression;

namespace Quantize.Data.Tests.Idx;

/// <summary>Hand-made IDX files: a magic of (0, 0, type, rank), big-endian int32 dimensions, then the data.</summary>
static class IdxBytes
{
    public const byte UnsignedByte = 0x08;

    public static byte[] Build(int[] dims, byte[] data, byte type = UnsignedByte) =>
        Build([0, 0, type, (byte)dims.Length], dims, data);

    public static byte[] Build(byte[] magic, int[] dims, byte[] data)
    {
        var bytes = new byte[magic.Length + 4 * dims.Length + data.Length];
        magic.CopyTo(bytes, 0);
        for (int d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(magic.Length + 4 * d), dims[d]);
        data.CopyTo(bytes, magic.Length + 4 * dims.Length);
        return bytes;
    }

    public static byte[] Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }

    public static byte[] Gzip(byte[] plain)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest)) gzip.Write(plain);
        return compressed.ToArray();
    }
}
