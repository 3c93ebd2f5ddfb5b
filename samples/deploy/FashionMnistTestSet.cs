using System.Buffers.Binary;
using System.IO.Compression;

namespace Deploy;

/// <summary>
/// The Fashion-MNIST test split as the IDX files ship it (gzipped): 28×28 gray images, one byte a pixel, and a label each.
/// A small reader of its own, so that the application needs nothing of the quantize tool but the runtime library.
/// </summary>
sealed class FashionMnistTestSet
{
    public int Count => Labels.Length;

    public int Rows { get; }

    public int Columns { get; }

    public byte[] Pixels { get; }

    public byte[] Labels { get; }

    FashionMnistTestSet(int rows, int columns, byte[] pixels, byte[] labels)
    {
        Rows = rows;
        Columns = columns;
        Pixels = pixels;
        Labels = labels;
    }

    public static FashionMnistTestSet Load(string folder)
    {
        (int[] imageDims, byte[] pixels) = ReadIdx(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), rank: 3);
        (int[] labelDims, byte[] labels) = ReadIdx(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"), rank: 1);
        if (imageDims[0] != labelDims[0])
            throw new InvalidDataException($"{folder} has {imageDims[0]} test images but {labelDims[0]} labels");
        return new FashionMnistTestSet(imageDims[1], imageDims[2], pixels, labels);
    }

    /// <summary>An IDX file of unsigned bytes: magic 0x0000080N (N = rank), N big-endian sizes, then the data.</summary>
    static (int[] Dims, byte[] Data) ReadIdx(string path, int rank)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new BinaryReader(gzip);
        int magic = BinaryPrimitives.ReadInt32BigEndian(reader.ReadBytes(4));
        if (magic != 0x0800 + rank) throw new InvalidDataException($"{path} is not an IDX file of bytes with {rank} dimensions");
        var dims = new int[rank];
        for (int d = 0; d < rank; d++) dims[d] = BinaryPrimitives.ReadInt32BigEndian(reader.ReadBytes(4));
        int length = dims.Aggregate(1, (a, b) => checked(a * b));
        byte[] data = reader.ReadBytes(length);
        if (data.Length != length) throw new InvalidDataException($"{path} ends after {data.Length} of {length} bytes");
        return (dims, data);
    }
}
