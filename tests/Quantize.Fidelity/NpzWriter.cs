using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Quantize.Fidelity;

/// <summary>
/// Writes a model's inputs as a NumPy archive (<c>np.savez</c>'s layout: one .npy version 1.0 per input, named after
/// it), the form <c>quantize --data DIR</c> reads as DIR/train.npz and DIR/test.npz (docs/data.md).
/// </summary>
static class NpzWriter
{
    public static void Write(string path, IReadOnlyList<NamedOnnxValue> inputs)
    {
        string temporary = path + ".tmp";
        using (var zip = new ZipArchive(File.Create(temporary), ZipArchiveMode.Create))
            foreach (NamedOnnxValue input in inputs)
            {
                (string dtype, byte[] data, int[] shape) = input.Value switch
                {
                    DenseTensor<float> t => ("<f4", Bytes(t.Buffer.ToArray(), sizeof(float)), t.Dimensions.ToArray()),
                    DenseTensor<long> t => ("<i8", Bytes(t.Buffer.ToArray(), sizeof(long)), t.Dimensions.ToArray()),
                    DenseTensor<int> t => ("<i4", Bytes(t.Buffer.ToArray(), sizeof(int)), t.Dimensions.ToArray()),
                    _ => throw new NotSupportedException($"input '{input.Name}': only float32, int64 and int32 inputs are written"),
                };
                using Stream entry = zip.CreateEntry(input.Name + ".npy", CompressionLevel.Fastest).Open();
                entry.Write(Header(dtype, shape));
                entry.Write(data);
            }
        File.Move(temporary, path, overwrite: true);
    }

    static byte[] Bytes<T>(T[] values, int size) where T : struct
    {
        var bytes = new byte[values.Length * size];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    // Magic, version 1.0, a little-endian header length, then the dict padded with spaces to a multiple of 64 bytes.
    static byte[] Header(string dtype, int[] shape)
    {
        string dims = shape.Length == 1 ? shape[0].ToString(CultureInfo.InvariantCulture) + ","
            : string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        string dict = $"{{'descr': '{dtype}', 'fortran_order': False, 'shape': ({dims}), }}";
        int total = (10 + dict.Length + 1 + 63) / 64 * 64;
        string padded = dict.PadRight(total - 10 - 1) + "\n";
        var header = new byte[total];
        header[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY").CopyTo(header, 1);
        header[6] = 1;
        BitConverter.TryWriteBytes(header.AsSpan(8), (ushort)padded.Length);
        Encoding.ASCII.GetBytes(padded).CopyTo(header, 10);
        return header;
    }
}
