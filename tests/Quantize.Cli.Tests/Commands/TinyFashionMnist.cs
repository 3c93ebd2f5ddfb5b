using System.Buffers.Binary;
using Quantize.Data.Idx;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Commands;

/// <summary>The first images of the shipped Fashion-MNIST, written as an IDX folder, so a command scores a ResNet in seconds.</summary>
static class TinyFashionMnist
{
    public static string Write(string folder, int trainImages, int testImages)
    {
        Directory.CreateDirectory(folder);
        var dataset = new ImageDataset(RepoPaths.FashionMnist);
        WriteSplit(folder, "train", dataset.Load(DatasetSplit.Train).Take(trainImages));
        WriteSplit(folder, "t10k", dataset.Load(DatasetSplit.Test).Take(testImages));
        return folder;
    }

    /// <summary>The same pixels declared as images of another shape (rows × columns = 784): data that fits no 28×28 model.</summary>
    public static string WriteAs(string folder, int images, int rows, int columns)
    {
        Directory.CreateDirectory(folder);
        var dataset = new ImageDataset(RepoPaths.FashionMnist);
        WriteSplit(folder, "train", dataset.Load(DatasetSplit.Train).Take(images), rows, columns);
        WriteSplit(folder, "t10k", dataset.Load(DatasetSplit.Test).Take(images), rows, columns);
        return folder;
    }

    static void WriteSplit(string folder, string prefix, LabeledImages images, int rows = 0, int columns = 0)
    {
        WriteIdx(Path.Combine(folder, $"{prefix}-images-idx3-ubyte"), [images.Count, rows > 0 ? rows : images.Rows, columns > 0 ? columns : images.Columns], images.Pixels);
        WriteIdx(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte"), [images.Count], images.Labels);
    }

    // IDX: two zero bytes, type 0x08 (unsigned byte), the rank, then each size as a big-endian int32.
    static void WriteIdx(string path, int[] dims, byte[] data)
    {
        using FileStream file = File.Create(path);
        file.Write([0, 0, 0x08, (byte)dims.Length]);
        Span<byte> size = stackalloc byte[4];
        foreach (int dim in dims)
        {
            BinaryPrimitives.WriteInt32BigEndian(size, dim);
            file.Write(size);
        }
        file.Write(data);
    }
}
