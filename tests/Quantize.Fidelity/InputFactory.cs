using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Quantize.Fidelity;

/// <summary>
/// Deterministic inputs of the right shape and type for a model, from its declared inputs and the configuration:
/// float inputs random normal (state inputs zero), integer ids in [0, vocabulary), masks of ones with trailing
/// zeros, token types zero, booleans true; or, where the configuration asks, images with text and speech.
/// </summary>
sealed class InputFactory(HarnessConfig config, ModelSpec spec, int vocabulary, string workFolder)
{
    /// <summary>For a streamed run: which chunk to make, speech taken that many chunk lengths further on.</summary>
    public int Chunk { get; init; }

    public List<NamedOnnxValue> Create(InferenceSession session)
    {
        var random = new Random(config.Seed);
        var inputs = new List<NamedOnnxValue>();
        // A symbol that leads any input is the batch wherever it appears (recurrent states put it second).
        batchSymbols = session.InputMetadata.Values.Where(m => m.SymbolicDimensions.Length > 0 && m.SymbolicDimensions[0].Length > 0)
            .Select(m => m.SymbolicDimensions[0]).ToHashSet(StringComparer.Ordinal);
        foreach ((string name, NodeMetadata meta) in session.InputMetadata)
        {
            InputSpec input = spec.Inputs.GetValueOrDefault(name) ?? new InputSpec();
            int[] shape = input.Shape ?? Shape(meta);
            string kind = input.Kind ?? DefaultKind(name, meta.ElementDataType);
            double[] values = Values(kind, input, shape, random);
            inputs.Add(meta.ElementDataType switch
            {
                TensorElementType.Float => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(values.Select(v => (float)v).ToArray(), shape)),
                TensorElementType.Double => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<double>(values, shape)),
                TensorElementType.Float16 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<Float16>(values.Select(v => (Float16)(float)v).ToArray(), shape)),
                TensorElementType.Int64 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<long>(values.Select(v => (long)v).ToArray(), shape)),
                TensorElementType.Int32 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<int>(values.Select(v => (int)v).ToArray(), shape)),
                TensorElementType.Bool => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<bool>(values.Select(v => v != 0).ToArray(), shape)),
                _ => throw new NotSupportedException($"input '{name}' has element type {meta.ElementDataType}; give it in the configuration"),
            });
        }
        return inputs;
    }

    HashSet<string> batchSymbols = [];

    int[] Shape(NodeMetadata meta)
    {
        var shape = new int[meta.Dimensions.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            string symbol = meta.SymbolicDimensions.Length > i ? meta.SymbolicDimensions[i] : "";
            shape[i] = meta.Dimensions[i] > 0 ? meta.Dimensions[i]
                : spec.Dims.TryGetValue(symbol, out int size) ? size
                : i == 0 || batchSymbols.Contains(symbol) ? config.Batch
                : config.OtherDims;
        }
        return shape;
    }

    static string DefaultKind(string name, TensorElementType type)
    {
        string lower = name.ToLowerInvariant();
        return type switch
        {
            TensorElementType.Int64 or TensorElementType.Int32 => lower.Contains("mask") ? "mask" : lower.Contains("type") ? "zeros" : "tokens",
            TensorElementType.Bool => "ones",
            _ => lower.Contains("state") || lower is "h" or "c" or "h0" or "c0" ? "zeros" : "normal",
        };
    }

    double[] Values(string kind, InputSpec input, int[] shape, Random random)
    {
        switch (kind)
        {
            case "smooth": return Smooth(shape, input.Scale, random);
            case "text-page": return TextImages.Pages(shape, input.Mean ?? [0, 0, 0], input.Std ?? [1, 1, 1], random);
            case "text-line": return TextImages.Lines(shape, input.Mean ?? [0, 0, 0], input.Std ?? [1, 1, 1], random);
            case "speech": return SpeechAudio.Chunks(shape, input.Scale, input.Context, random, workFolder, Chunk);
        }
        int count = shape.Aggregate(1, (a, b) => a * b);
        int row = shape.Length == 0 ? 1 : shape[^1];
        var values = new double[count];
        for (int i = 0; i < count; i++)
            values[i] = kind switch
            {
                "normal" => Normal(random) * input.Scale,
                "uniform" => random.NextDouble() * input.Scale,
                "zeros" => 0,
                "ones" => 1,
                "value" => input.Value,
                "tokens" => random.Next(vocabulary),
                // Trailing padding, as a tokenizer leaves it: the last quarter of each row masked out.
                "mask" => i % row < row - row / 4 ? 1 : 0,
                _ => throw new InvalidDataException($"unknown input kind '{kind}'"),
            };
        return values;
    }

    /// <summary>
    /// Image-like inputs for NCHW models: normal values on a grid 8 times coarser, bilinearly upsampled, so that
    /// neighbouring pixels agree as in photographs (white noise drives detectors into regions real images never reach).
    /// </summary>
    static double[] Smooth(int[] shape, double scale, Random random)
    {
        if (shape.Length != 4) throw new InvalidDataException("kind 'smooth' needs an NCHW input");
        int planes = shape[0] * shape[1], h = shape[2], w = shape[3], gh = h / 8 + 2, gw = w / 8 + 2;
        var values = new double[planes * h * w];
        for (int p = 0; p < planes; p++)
        {
            double[] grid = Enumerable.Range(0, gh * gw).Select(_ => Normal(random) * scale).ToArray();
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    double gy = y / 8.0, gx = x / 8.0, fy = gy - Math.Floor(gy), fx = gx - Math.Floor(gx);
                    int y0 = (int)gy, x0 = (int)gx;
                    values[(p * h + y) * w + x] =
                        (1 - fy) * ((1 - fx) * grid[y0 * gw + x0] + fx * grid[y0 * gw + x0 + 1]) +
                        fy * ((1 - fx) * grid[(y0 + 1) * gw + x0] + fx * grid[(y0 + 1) * gw + x0 + 1]);
                }
        }
        return values;
    }

    internal static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
