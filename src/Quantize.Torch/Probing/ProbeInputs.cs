using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Probing;

/// <summary>
/// Synthetic inputs of the right shape and type for a model the user gave no data for, to see which of its tensors
/// its outputs depend on (<see cref="OutputSensitivity"/>). Deterministic from the seed. A batch of four; a size the graph
/// leaves symbolic is the batch where a symbol leads an input, else 512 for a flat float signal ([N, samples]), 64 for
/// image sides and 32 for token sequences. Floats: recurrent states zero, other signals normal·0.3, images (rank 4) in
/// [0, 1): half of them white noise, half smooth (a coarse random grid bilinearly upsampled). Both kinds, because a
/// model can be robust on one and not the other: an OCR recogniser keeps 0.9996 output cosine on noise where it falls to
/// 0.97 on smooth images at the same quantization (docs/results.md §9d). Integers: masks one, token types zero, ids in [0, 100); an integer scalar (an audio model's
/// sample rate) takes a value the graph compares it with (Equal), else 16000 when named as a sample rate, else 1. A
/// recurrent state's open size is the batch. Other element types are refused (<see cref="ProbeException"/>).
/// </summary>
public static class ProbeInputs
{
    public const int Batch = 4;

    public static Dictionary<string, Tensor> For(ModelProto model, int seed = 7)
    {
        IReadOnlyList<ValueInfoProto> fed = ModelInputs.FedInputs(model.Graph);
        var random = new Random(seed);
        var batchSymbols = fed.Select(i => Symbol(i, 0)).Where(s => s.Length > 0).ToHashSet(StringComparer.Ordinal);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (ValueInfoProto input in fed)
        {
            TypeProto.Types.Tensor type = input.Type?.TensorType ?? throw new ProbeException($"input '{input.Name}' declares no tensor type");
            if (type.Shape == null) throw new ProbeException($"input '{input.Name}' declares no shape");
            bool state = IsState(input.Name);
            long[] shape = type.Shape.Dim.Select((d, i) => d.HasDimValue && d.DimValue > 0 ? d.DimValue
                : SizeOf(Symbol(input, i), i, (DataType)type.ElemType, type.Shape.Dim.Count, batchSymbols, sizes, state)).ToArray();
            inputs[input.Name] = Values(model.Graph, input.Name, (DataType)type.ElemType, shape, random);
        }
        return inputs;
    }

    static string Symbol(ValueInfoProto input, int index)
    {
        var dims = input.Type?.TensorType?.Shape?.Dim;
        return dims != null && index < dims.Count && !(dims[index].HasDimValue && dims[index].DimValue > 0) ? dims[index].DimParam ?? "" : "";
    }

    // A recurrent state ([layers, batch, hidden]) leaves only its batch open.
    static bool IsState(string name)
    {
        string lower = name.ToLowerInvariant();
        return lower.Contains("state") || lower is "h" or "c" or "h0" or "c0";
    }

    static long SizeOf(string symbol, int index, DataType type, int rank, HashSet<string> batchSymbols, Dictionary<string, long> sizes, bool state)
    {
        if (symbol.Length > 0 && sizes.TryGetValue(symbol, out long known)) return known;
        long size = index == 0 && (symbol.Length == 0 || batchSymbols.Contains(symbol)) || batchSymbols.Contains(symbol) || state && symbol.Length == 0 ? Batch
            : IsFloat(type) ? (rank == 2 ? 512 : 64)
            : 32;
        if (symbol.Length > 0) sizes[symbol] = size;
        return size;
    }

    static bool IsFloat(DataType type) => type is DataType.Float or DataType.Float16 or DataType.Double or DataType.Bfloat16;

    static Tensor Values(GraphProto graph, string name, DataType type, long[] shape, Random random)
    {
        long count = shape.Aggregate(1L, (a, b) => a * b);
        string lower = name.ToLowerInvariant();
        if (IsFloat(type))
        {
            bool state = IsState(name);
            float[] values = state ? new float[count] : shape.Length == 4 ? Images(shape, random) : Signal(count, random);
            Tensor floats = tensor(values).reshape(shape);
            return type == DataType.Float ? floats : floats.to(type switch
            {
                DataType.Float16 => ScalarType.Float16,
                DataType.Double => ScalarType.Float64,
                _ => ScalarType.BFloat16,
            });
        }
        if (type is DataType.Int64 or DataType.Int32)
        {
            var values = new long[count];
            if (shape.Length == 0) values[0] = ComparedValue(graph, name) ?? (lower is "sr" or "sample_rate" or "sampling_rate" ? 16000 : 1);
            else
                for (long i = 0; i < count; i++)
                    values[i] = lower.Contains("mask") ? 1 : lower.Contains("type") || lower.Contains("segment") ? 0 : random.Next(100);
            Tensor ints = tensor(values).reshape(shape);
            return type == DataType.Int64 ? ints : ints.to(ScalarType.Int32);
        }
        if (type == DataType.Bool) return ones(shape, ScalarType.Bool);
        throw new ProbeException($"input '{name}' has element type {type}, which the probe cannot make up");
    }

    /// <summary>A constant the graph tests the input against with Equal (through Cast or Identity), e.g. a sample rate 16000.</summary>
    static long? ComparedValue(GraphProto graph, string input)
    {
        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (NodeProto node in graph.Node)
            foreach (string output in node.Output) producers[output] = node;
        bool FromInput(string value)
        {
            for (int hops = 0; hops < 8; hops++)
            {
                if (value == input) return true;
                if (!producers.TryGetValue(value, out NodeProto? node) || node.OpType is not ("Cast" or "Identity") || node.Input.Count == 0) return false;
                value = node.Input[0];
            }
            return false;
        }
        long? Constant(string value)
        {
            TensorProto? proto = graph.Initializer.FirstOrDefault(t => t.Name == value)
                                 ?? (producers.TryGetValue(value, out NodeProto? node) && node.OpType == "Constant"
                                     ? node.Attribute.FirstOrDefault(a => a.Name == "value")?.T : null);
            if (proto == null) return null;
            using Tensor t = InitializerTensors.Create(proto);
            return t.numel() == 1 ? t.to(ScalarType.Float64).item<double>() is var v && v == Math.Floor(v) ? (long)v : null : null;
        }
        foreach (NodeProto node in graph.Node.Where(n => n.OpType == "Equal" && n.Input.Count == 2))
        {
            if (FromInput(node.Input[0]) && Constant(node.Input[1]) is { } right) return right;
            if (FromInput(node.Input[1]) && Constant(node.Input[0]) is { } left) return left;
        }
        return null;
    }

    static float[] Signal(long count, Random random)
    {
        var values = new float[count];
        for (long i = 0; i < count; i++) values[i] = (float)(0.3 * Normal(random));
        return values;
    }

    // NCHW images: even samples white noise, odd samples smooth, all in [0, 1).
    static float[] Images(long[] shape, Random random)
    {
        long planeSize = shape[2] * shape[3], sampleSize = shape[1] * planeSize;
        var values = new float[shape[0] * sampleSize];
        for (long n = 0; n < shape[0]; n++)
            for (long c = 0; c < shape[1]; c++)
            {
                var plane = values.AsSpan((int)(n * sampleSize + c * planeSize), (int)planeSize);
                if (n % 2 == 0)
                    for (int i = 0; i < plane.Length; i++) plane[i] = (float)random.NextDouble();
                else SmoothPlane(plane, (int)shape[2], (int)shape[3], random);
            }
        return values;
    }

    // Uniform values on a grid 8 pixels apart, bilinearly interpolated: neighbouring pixels agree, as in photographs
    // and scanned text. A convex mix of values in [0, 1) stays in [0, 1).
    static void SmoothPlane(Span<float> plane, int height, int width, Random random)
    {
        const int Spacing = 8;
        int rows = height / Spacing + 2, columns = width / Spacing + 2;
        double[] grid = Enumerable.Range(0, rows * columns).Select(_ => random.NextDouble()).ToArray();
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int y0 = y / Spacing, x0 = x / Spacing;
                double fy = (y % Spacing) / (double)Spacing, fx = (x % Spacing) / (double)Spacing;
                double top = (1 - fx) * grid[y0 * columns + x0] + fx * grid[y0 * columns + x0 + 1];
                double bottom = (1 - fx) * grid[(y0 + 1) * columns + x0] + fx * grid[(y0 + 1) * columns + x0 + 1];
                plane[y * width + x] = (float)((1 - fy) * top + fy * bottom);
            }
    }

    static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

/// <summary>The model's inputs cannot be made up (no declared shape, a type or scalar the probe cannot guess).</summary>
public sealed class ProbeException(string message) : Exception(message);
