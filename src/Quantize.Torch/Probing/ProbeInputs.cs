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
/// [0, 1), kinds in turn: white noise, smooth (a coarse random grid bilinearly upsampled), strokes (rows of thin
/// dark strokes on a light page), smooth. All three, because a model can be robust on one and not another: an OCR recogniser
/// keeps 0.9996 output cosine on noise where it falls to 0.97 on smooth images at the same quantization
/// (docs/results.md §9d), and a text detector's output is near zero on both, so only strokes measure it (§9k). Integers: masks one, token types zero, ids in [0, 100); an integer scalar (an audio model's
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

    // NCHW images in [0, 1), the kinds in turn: white noise, smooth, strokes, smooth.
    static float[] Images(long[] shape, Random random)
    {
        long planeSize = shape[2] * shape[3], sampleSize = shape[1] * planeSize;
        var values = new float[shape[0] * sampleSize];
        for (long n = 0; n < shape[0]; n++)
        {
            // One stroke pattern for every channel of a sample: printed text is dark in all channels at once.
            float[]? strokes = n % 4 == 2 ? StrokePlane((int)shape[2], (int)shape[3], random) : null;
            for (long c = 0; c < shape[1]; c++)
            {
                var plane = values.AsSpan((int)(n * sampleSize + c * planeSize), (int)planeSize);
                if (strokes != null) strokes.CopyTo(plane);
                else if (n % 4 == 0)
                    for (int i = 0; i < plane.Length; i++) plane[i] = (float)random.NextDouble();
                else SmoothPlane(plane, (int)shape[2], (int)shape[3], random);
            }
        }
        return values;
    }

    // A light page with a few lines of dark, thin strokes a few pixels long: what text, signs and drawings share — flat regions
    // and sharp edges — and what neither noise nor smooth images have. A text detector's output is near zero on both of
    // those (docs/results.md §9k), so a probe without strokes measures it where it has nothing to say.
    static float[] StrokePlane(int height, int width, Random random)
    {
        var plane = new float[height * width];
        float background = (float)(0.75 + 0.2 * random.NextDouble());
        Array.Fill(plane, background);
        int rowHeight = Math.Max(4, height / 8), lines = random.Next(2, 5);
        for (int line = 0; line < lines; line++)
        {
            // A line of text somewhere on the page, over part of its width, as on a sign, a form or a receipt.
            int top = random.Next(Math.Max(1, height - rowHeight)), left = random.Next(width / 2), right = left + (int)(width / 2.0 * (0.4 + 0.6 * random.NextDouble()));
            for (int x = left; x < Math.Min(right, width - 2);)
            {
                int glyph = random.Next(2, Math.Max(3, rowHeight * 2 / 3));
                float dark = (float)(0.25 * random.NextDouble());
                for (int stroke = 0; stroke < 3; stroke++)
                {
                    // A vertical, horizontal or diagonal stroke inside the glyph's box.
                    int kind = random.Next(3), x0 = x + random.Next(glyph), y0 = top + random.Next(rowHeight / 3);
                    for (int t = 0; t < rowHeight - rowHeight / 3; t++)
                    {
                        int px = kind == 0 ? x0 : kind == 1 ? x + t * glyph / rowHeight : x0 + t / 3, py = kind == 1 ? y0 + rowHeight / 3 : y0 + t;
                        if ((uint)px < (uint)width && (uint)py < (uint)height) plane[py * width + px] = dark;
                    }
                }
                x += glyph + 1 + (random.Next(4) == 0 ? glyph : 0); // a word gap now and then
            }
        }
        return plane;
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
