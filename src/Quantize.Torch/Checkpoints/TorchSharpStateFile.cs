using System.Buffers.Binary;
using System.Text;
using Quantize.Format.Onnx;

namespace Quantize.Torch.Checkpoints;

/// <summary>
/// Reads and writes the file TorchSharp's <c>Module.save</c> / <c>Module.load</c> use: the entry count, then
/// per state-dict entry its name (a .NET BinaryWriter string: 7-bit length prefix, UTF-8), its dtype (a
/// TorchSharp ScalarType code), its rank and sizes, then the raw little-endian elements. Every integer
/// before the data is unsigned LEB128. Float32, Float64 and Int64 (BatchNorm's step counter) are read as floats.
/// </summary>
public static class TorchSharpStateFile
{
    // TorchSharp's ScalarType codes (they follow c10::ScalarType).
    const long Int64 = 4;
    const long Float32 = 6;
    const long Float64 = 7;
    const long MaxEntries = 1_000_000;
    const long MaxRank = 16;

    public static IReadOnlyList<ParameterTensor> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint file not found: {path}", path);
        using FileStream stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static IReadOnlyList<ParameterTensor> Read(Stream stream, string description)
    {
        CheckpointFormatException Bad(string problem) => new($"{description} is not a valid TorchSharp checkpoint: {problem}");
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var tensors = new List<ParameterTensor>();
        try
        {
            long count = ReadLeb128(reader);
            if (count > MaxEntries) throw Bad($"declares {count} entries");
            for (long i = 0; i < count; i++)
            {
                string name = reader.ReadString();
                long dtype = ReadLeb128(reader);
                long rank = ReadLeb128(reader);
                if (rank > MaxRank) throw Bad($"entry '{name}' has rank {rank}");
                var dims = new long[rank];
                for (int d = 0; d < rank; d++) dims[d] = ReadLeb128(reader);
                long elements = ElementCount(dims, name, Bad);
                tensors.Add(new ParameterTensor(name, dims, ReadValues(reader, dtype, elements, name, stream.Length - stream.Position, Bad)));
            }
        }
        catch (EndOfStreamException)
        {
            throw Bad("the file ends inside an entry");
        }
        catch (FormatException e)
        {
            throw Bad(e.Message);
        }
        if (stream.Position != stream.Length) throw Bad($"{stream.Length - stream.Position} bytes follow the last entry");
        return tensors;
    }

    /// <summary>Writes float tensors as Float32; names ending in ".num_batches_tracked" as Int64, the type TorchSharp's BatchNorm expects on load.</summary>
    /// <summary>Writes atomically, like every output of the tool: a failed run leaves no partial checkpoint.</summary>
    public static void Write(string path, IReadOnlyList<ParameterTensor> tensors) =>
        Quantize.Format.IO.AtomicFile.Write(path, stream => Write(stream, tensors));

    public static void Write(Stream stream, IReadOnlyList<ParameterTensor> tensors)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        WriteLeb128(writer, tensors.Count);
        Span<byte> scratch = stackalloc byte[8];
        foreach (ParameterTensor tensor in tensors)
        {
            bool counter = tensor.Name.EndsWith(Models.ModuleState.StepCounterSuffix, StringComparison.Ordinal);
            writer.Write(tensor.Name);
            WriteLeb128(writer, counter ? Int64 : Float32);
            WriteLeb128(writer, tensor.Dims.Length);
            foreach (long dim in tensor.Dims) WriteLeb128(writer, dim);
            foreach (float value in tensor.Values)
            {
                if (counter)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(scratch, (long)value);
                    writer.Write(scratch);
                }
                else
                {
                    BinaryPrimitives.WriteSingleLittleEndian(scratch, value);
                    writer.Write(scratch[..4]);
                }
            }
        }
    }

    static float[] ReadValues(BinaryReader reader, long dtype, long elements, string name, long remaining, Func<string, CheckpointFormatException> bad)
    {
        int size = dtype switch
        {
            Float32 => 4,
            Float64 or Int64 => 8,
            _ => throw bad($"entry '{name}' has TorchSharp dtype {dtype}; Float32, Float64 and Int64 are read"),
        };
        if (elements * size > remaining) throw bad($"entry '{name}' needs {elements * size} bytes, {remaining} remain");
        byte[] bytes = reader.ReadBytes(checked((int)(elements * size)));
        var values = new float[elements];
        for (int i = 0; i < values.Length; i++)
            values[i] = dtype switch
            {
                Float32 => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4)),
                Float64 => (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i * 8)),
                _ => BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i * 8)),
            };
        return values;
    }

    static long ElementCount(long[] dims, string name, Func<string, CheckpointFormatException> bad)
    {
        long count = 1;
        foreach (long dim in dims)
        {
            if (dim > int.MaxValue || (dim > 0 && count > int.MaxValue / dim)) throw bad($"entry '{name}' is too large ({string.Join("x", dims)})");
            count *= dim;
        }
        return count;
    }

    static long ReadLeb128(BinaryReader reader)
    {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7)
        {
            byte b = reader.ReadByte();
            value |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new FormatException("an integer runs past 63 bits");
    }

    static void WriteLeb128(BinaryWriter writer, long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        do
        {
            byte low = (byte)(value & 0x7f);
            value >>= 7;
            writer.Write(value == 0 ? low : (byte)(low | 0x80));
        }
        while (value != 0);
    }
}
