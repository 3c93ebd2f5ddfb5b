using System.Buffers.Binary;
using System.IO.Compression;
using Quantize.Data.Idx;

namespace Quantize.Fuzz.Targets;

/// <summary>IDX (MNIST's format), raw or gzip-compressed, read from a file as a dataset folder's files are.</summary>
sealed class IdxTarget : FuzzTarget
{
    public override string Name => "idx";

    public override string Description => "IDX: IdxReader.Read of a file, raw or gzip (with the gzip length trailer check)";

    public override IReadOnlyList<Type> Expected { get; } = [typeof(IdxFormatException)];

    public override void Run(byte[] input, Scratch scratch)
    {
        IdxArray array = IdxReader.Read(scratch.Write("input-idx3-ubyte", input));
        long count = array.Dims.Aggregate(1L, (product, d) => product * d);
        Execution.Check(count == array.Data.LongLength, "an IDX array holds as many bytes as its dimensions say");
    }

    public override IEnumerable<Seed> Seeds(string repositoryRoot)
    {
        byte[] images = Idx([3, 4, 4], Enumerable.Range(0, 48).Select(i => (byte)(i * 5)).ToArray());
        yield return new Seed("images-idx3-ubyte", images);
        yield return new Seed("labels-idx1-ubyte", Idx([3], [0, 7, 9]));
        yield return new Seed("images-idx3-ubyte.gz", Gzip(images));
    }

    static byte[] Idx(int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)dims.Length;
        for (int d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize)) gzip.Write(data);
        return output.ToArray();
    }
}
