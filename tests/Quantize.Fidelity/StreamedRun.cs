using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Quantize.Fidelity;

/// <summary>
/// Runs a recurrent model as a streaming user does: chunk after chunk, each chunk's state output fed back as the next
/// chunk's state input. The harness's single run starts from a zero state, where a recurrent weight (an LSTM's
/// weight_hh) multiplies zeros and so is never measured; after a few chunks it is. Each chunk's inputs come from
/// <c>chunkInputs</c>: speech continues where the last chunk ended (a detector needs that context before its
/// probability means anything); other float inputs are shifted cyclically (<see cref="Shifted"/>), so the state keeps moving.
/// </summary>
static class StreamedRun
{
    /// <summary>State input → the output that carries it on: an output named like the input plus a suffix (state → stateN, h → hn) with as many values.</summary>
    public static Dictionary<string, string> StatePairs(InferenceSession session)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string input, NodeMetadata inMeta) in session.InputMetadata)
        {
            if (inMeta.ElementDataType != TensorElementType.Float) continue;
            string? output = session.OutputMetadata.Keys.FirstOrDefault(o =>
                o.Length > input.Length && o.StartsWith(input, StringComparison.OrdinalIgnoreCase) &&
                session.OutputMetadata[o].ElementDataType == TensorElementType.Float);
            if (output != null) pairs[input] = output;
        }
        return pairs;
    }

    /// <summary>The outputs of the last of <paramref name="chunks"/> chunks; null when the model has no state to carry.</summary>
    public static ModelOutputs? Run(string modelPath, Func<int, IReadOnlyList<NamedOnnxValue>> chunkInputs, int chunks)
    {
        using var session = new InferenceSession(modelPath);
        Dictionary<string, string> pairs = StatePairs(session);
        if (pairs.Count == 0) return null;
        var current = chunkInputs(0).ToList();
        for (int chunk = 0; ; chunk++)
        {
            IReadOnlyList<NamedOnnxValue> next = chunkInputs(chunk);
            List<NamedOnnxValue> fed = current.Select(v => pairs.ContainsKey(v.Name) ? v : next.Single(n => n.Name == v.Name)).ToList();
            using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run(fed);
            if (chunk == chunks - 1) return ModelOutputs.From(results);
            current = current.Select(v => pairs.TryGetValue(v.Name, out string? output)
                ? NamedOnnxValue.CreateFromTensor(v.Name, new DenseTensor<float>(
                    results.Single(r => r.Name == output).AsTensor<float>().ToArray(), v.AsTensor<float>().Dimensions.ToArray()))
                : v).ToList();
        }
    }

    /// <summary>A cyclic shift of a float input's values by a prime stride per chunk: the same distribution, other samples.</summary>
    public static NamedOnnxValue Shifted(NamedOnnxValue value, int chunk)
    {
        if (chunk == 0 || value.Value is not DenseTensor<float> tensor) return value;
        float[] source = tensor.ToArray();
        var shifted = new float[source.Length];
        int by = (int)((long)chunk * 97 % Math.Max(1, source.Length));
        for (int i = 0; i < source.Length; i++) shifted[(i + by) % source.Length] = source[i];
        return NamedOnnxValue.CreateFromTensor(value.Name, new DenseTensor<float>(shifted, tensor.Dimensions.ToArray()));
    }
}
