using Quantize.Data.NumPy;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Data;

/// <summary>
/// One NumPy array bound to one graph input: converted once to the type the input declares (int64 token ids,
/// float32 pixels, ...) and checked against its declared shape; batches gather samples along the sample axis — axis 0,
/// or the axis a recurrent state keeps its batch on ([layers, batch, hidden]) — and a scalar input (an audio model's
/// sample rate) is fed as it is with every batch.
/// </summary>
internal sealed class NpzInput
{
    readonly Array values;
    readonly long[] shape;
    // Elements before and after the sample axis in the array's C order: sample s is [outer, s, inner].
    readonly long outer, inner;

    NpzInput(string name, ScalarType type, long[] shape, int sampleAxis, Array values)
    {
        Name = name;
        Type = type;
        this.shape = shape;
        SampleAxis = sampleAxis;
        this.values = values;
        outer = sampleAxis < 0 ? 1 : shape[..sampleAxis].Aggregate(1L, (a, b) => a * b);
        inner = sampleAxis < 0 ? 1 : shape[(sampleAxis + 1)..].Aggregate(1L, (a, b) => a * b);
    }

    public string Name { get; }

    public ScalarType Type { get; }

    /// <summary>The axis samples lie along; -1 for a scalar fed whole with every batch.</summary>
    public int SampleAxis { get; }

    /// <summary>How many samples the array holds; null for a scalar, which holds none (it goes with every sample).</summary>
    public long? Samples => SampleAxis < 0 ? null : shape[SampleAxis];

    /// <param name="sampleAxis">Where the samples lie (<see cref="SampleAxisOf"/>).</param>
    public static NpzInput Bind(NpyArray array, DeclaredValue input, string file, int sampleAxis = 0)
    {
        ModelDataException Unfit(string why) =>
            new($"{file}: array '{array.Name}' is {array.Description} but model input '{input.Name}' takes {input.Description}; {why}");

        if (input.Rank == 0) sampleAxis = -1;
        if (array.Rank == 0 && sampleAxis >= 0) throw Unfit("arrays hold one sample per row (axis 0), so a scalar cannot be fed");
        if (input.Rank is int rank)
        {
            if (array.Rank != rank) throw Unfit($"the ranks differ ({array.Rank} and {rank})");
            // The sample axis holds the sample count; an export's fixed batch (often 1) is run in chunks by the executor.
            for (int d = 0; d < rank; d++)
                if (d != sampleAxis && input.Dim(d) is long size && size != array.Shape[d]) throw Unfit($"axis {d} is {array.Shape[d]}, the input's is {size}");
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
        return new NpzInput(input.Name, type, array.Shape, sampleAxis, values);
    }

    /// <summary>
    /// The axis an input's samples lie along: where it names the batch's symbol (a recurrent state [2, batch, 128]); else,
    /// where its first axis is a fixed size in a model whose batch is open and it leaves exactly one axis open, that one
    /// (a state declared [2, ?, 128]); else axis 0.
    /// </summary>
    public static int SampleAxisOf(DeclaredValue input, string? batchSymbol, bool batchIsOpen)
    {
        if (input.Rank is not int rank || rank == 0) return 0;
        if (batchSymbol != null && input.Symbols is { } symbols && Array.IndexOf(symbols, batchSymbol) is int named and >= 0) return named;
        int[] open = Enumerable.Range(0, rank).Where(d => input.Dims![d] == null).ToArray();
        return batchIsOpen && input.Dims![0] != null && open.Length == 1 ? open[0] : 0;
    }

    public Tensor Batch(int[] positions)
    {
        long[] shape = SampleAxis < 0 ? this.shape : [.. this.shape[..SampleAxis], positions.Length, .. this.shape[(SampleAxis + 1)..]];
        if (SampleAxis < 0) positions = [0];
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
        if (SampleAxis < 0) return (T[])source.Clone(); // a scalar: every batch its own copy, as every other input gets
        long samples = shape[SampleAxis];
        var result = new T[outer * positions.Length * inner];
        for (long o = 0; o < outer; o++)
            for (int b = 0; b < positions.Length; b++)
                Array.Copy(source, (o * samples + positions[b]) * inner, result, (o * positions.Length + b) * inner, inner);
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
