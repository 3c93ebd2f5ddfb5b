using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;

namespace Quantize.Fidelity;

/// <summary>
/// What issue 14's fix could reach, simulated outside the product to choose its defaults: every weight (rank ≥ 2)
/// divided by the RMS of its tensor or of its output channel, one shared mid-tread grid of step Δ over all the
/// normalised weights (zero stays zero, no range to stretch), ideal entropy coding of the grid indices. Scales and
/// tensors of rank 1 (and, when asked, weights of fewer than keepBelow elements) stored as float16 (float32 where a
/// value does not fit, or when asked), scalars as float32 and never quantized. Ratio as eq. (1) with the entropy for the codeword length.
/// </summary>
static class ScaledGridSimulation
{
    public static (ModelProto Model, double Ratio) Apply(ModelProto model, bool perChannel, double step, bool vectorsInHalf, int keepBelow = 0)
    {
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        Dictionary<string, Int8Reference.ChannelAxis> axes = Int8Reference.Axes(model);
        var counts = new Dictionary<long, long>();
        var result = new List<ParameterTensor>();
        double originalBits = 0, sideBits = 0;
        long coded = 0;
        foreach (ParameterTensor p in parameters)
        {
            originalBits += 32.0 * p.Values.Length;
            if (p.Dims.Length < 2 || p.Values.Length < keepBelow)
            {
                bool fits = vectorsInHalf && p.Values.All(v => MathF.Abs(v) <= 65504);
                sideBits += (p.Dims.Length == 0 || !fits ? 32.0 : 16.0) * p.Values.Length;
                if (p.Dims.Length >= 1 && fits) result.Add(p with { Values = p.Values.Select(v => (float)(Half)v).ToArray() });
                continue;
            }
            int channels = 1;
            Func<int, int> channelOf = _ => 0;
            if (perChannel) channelOf = Int8Reference.ChannelOf(p, axes.GetValueOrDefault(p.Name, Int8Reference.ChannelAxis.First), out channels);
            sideBits += 16.0 * channels;
            float[] values = Quantize(p.Values, channelOf, channels, step, counts);
            coded += values.Length;
            result.Add(p with { Values = values });
        }
        double entropy = counts.Values.Sum(n => -(double)n / coded * Math.Log2((double)n / coded));
        double tableBits = counts.Count * (32.0 + 16); // a shared value and a codeword length per grid cell
        return (ModelParameters.WithValues(model, result), originalBits / (entropy * coded + sideBits + tableBits));
    }

    /// <summary>One tensor on the grid: each channel divided by its RMS (stored as float16), step Δ, mid-tread; counts the grid indices used.</summary>
    public static float[] Quantize(float[] weights, Func<int, int> channelOf, int channels, double step, Dictionary<long, long>? counts = null)
    {
        var squares = new double[channels];
        var members = new long[channels];
        for (int i = 0; i < weights.Length; i++) { squares[channelOf(i)] += (double)weights[i] * weights[i]; members[channelOf(i)]++; }
        float[] scales = squares.Select((s, c) => (float)(Half)Math.Sqrt(s / Math.Max(1, members[c]))).ToArray();
        var values = new float[weights.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double cell = scales[channelOf(i)] * step;
            long q = cell == 0 ? 0 : (long)Math.Round(weights[i] / cell);
            if (counts != null) counts[q] = counts.GetValueOrDefault(q) + 1;
            values[i] = (float)(q * cell);
        }
        return values;
    }
}
