using Quantize.Data.NumPy;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Data;

/// <summary>
/// One NumPy array bound to one graph input: converted once to the type the input declares (int64 token ids,
/// float32 pixels, ...) and checked against its declared shape; batches gather rows (samples along axis 0).
/// </summary>
internal sealed class NpzInput
{
    readonly Array values;
    readonly int sampleLength;

    NpzInput(string name, ScalarType type, long[] sampleShape, Array values)
    {
        Name = name;
        Type = type;
        SampleShape = sampleShape;
        this.values = values;
        sampleLength = (int)sampleShape.Aggregate(1L, (a, b) => a * b);
    }

    public string Name { get; }

    public ScalarType Type { get; }

    public long[] SampleShape { get; }

    public static NpzInput Bind(NpyArray array, DeclaredValue input, string file)
    {
        ModelDataException Unfit(string why) =>
            new($"{file}: array '{array.Name}' is {array.Description} but model input '{input.Name}' takes {input.Description}; {why}");

        if (array.Rank == 0) throw Unfit("arrays hold one sample per row (axis 0), so a scalar cannot be fed");
        if (input.Rank is int rank)
        {
            if (array.Rank != rank) throw Unfit($"the ranks differ ({array.Rank} and {rank})");
            // Axis 0 is the sample count; an export's fixed batch (often 1) is run in chunks by the executor.
            for (int d = 1; d < rank; d++)
                if (input.Dim(d) is long size && size != array.Shape[d]) throw Unfit($"axis {d} is {array.Shape[d]}, the input's is {size}");
        }
        ScalarType type = TargetType(array, input) ?? throw Unfit("that element type cannot be fed from .npz");
        bool integral = type is ScalarType.Int64 or ScalarType.Int32 or ScalarType.Bool or ScalarType.Byte;
        if (integral && array.ElementType.IsFloating()) throw Unfit("store integer values (np.int64) for an integer input, not floats");
        Array values = type switch
        {
            ScalarType.Int64 => array.ToInt64s(),
            ScalarType.Int32 => ToInt32s(array, Unfit),
            ScalarType.Bool => array.ToInt64s().Select(v => v != 0).ToArray(),
            ScalarType.Byte => ToBytes(array, Unfit),
            ScalarType.Float64 => Doubles(array),
            _ => array.ToSingles(), // float32, and float16/bfloat16 cast from it per batch (exact for float16 data)
        };
        return new NpzInput(input.Name, type, array.Shape[1..], values);
    }

    public Tensor Batch(int[] positions)
    {
        long[] shape = [positions.Length, .. SampleShape];
        return values switch
        {
            float[] f => Cast(tensor(Gather(f, positions), shape)),
            double[] d => tensor(Gather(d, positions), shape),
            long[] l => tensor(Gather(l, positions), shape),
            int[] i => tensor(Gather(i, positions), shape),
            bool[] b => tensor(Gather(b, positions), shape),
            byte[] u => tensor(Gather(u, positions), shape),
            _ => throw new InvalidOperationException($"unexpected storage {values.GetType().Name}"),
        };
    }

    Tensor Cast(Tensor floats)
    {
        if (Type == ScalarType.Float32) return floats;
        Tensor cast = floats.to_type(Type);
        floats.Dispose();
        return cast;
    }

    T[] Gather<T>(T[] source, int[] positions)
    {
        var result = new T[positions.Length * sampleLength];
        for (int b = 0; b < positions.Length; b++)
            Array.Copy(source, (long)positions[b] * sampleLength, result, (long)b * sampleLength, sampleLength);
        return result;
    }

    /// <summary>The declared type; for an input that declares none, the array's own (floats as float32, except float64).</summary>
    static ScalarType? TargetType(NpyArray array, DeclaredValue input) => (DataType)input.ElementType switch
    {
        DataType.Float => ScalarType.Float32,
        DataType.Float16 => ScalarType.Float16,
        DataType.Bfloat16 => ScalarType.BFloat16,
        DataType.Double => ScalarType.Float64,
        DataType.Int64 => ScalarType.Int64,
        DataType.Int32 => ScalarType.Int32,
        DataType.Bool => ScalarType.Bool,
        DataType.Uint8 => ScalarType.Byte,
        DataType.Undefined => array.ElementType switch
        {
            NpyElementType.Float64 => ScalarType.Float64,
            NpyElementType.Float16 or NpyElementType.Float32 => ScalarType.Float32,
            NpyElementType.Int32 => ScalarType.Int32,
            NpyElementType.Bool => ScalarType.Bool,
            NpyElementType.UInt8 => ScalarType.Byte,
            _ => ScalarType.Int64,
        },
        _ => null,
    };

    static double[] Doubles(NpyArray array)
    {
        var result = new double[array.Length];
        for (long i = 0; i < result.Length; i++) result[i] = array.Double(i);
        return result;
    }

    static int[] ToInt32s(NpyArray array, Func<string, ModelDataException> unfit)
    {
        long[] wide = array.ToInt64s();
        var result = new int[wide.Length];
        for (int i = 0; i < wide.Length; i++)
            result[i] = wide[i] is >= int.MinValue and <= int.MaxValue ? (int)wide[i] : throw unfit($"value {wide[i]} does not fit int32");
        return result;
    }

    static byte[] ToBytes(NpyArray array, Func<string, ModelDataException> unfit)
    {
        long[] wide = array.ToInt64s();
        var result = new byte[wide.Length];
        for (int i = 0; i < wide.Length; i++)
            result[i] = wide[i] is >= 0 and <= 255 ? (byte)wide[i] : throw unfit($"value {wide[i]} does not fit uint8");
        return result;
    }
}
