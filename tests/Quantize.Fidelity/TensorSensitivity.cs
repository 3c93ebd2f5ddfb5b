using Google.Protobuf;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;

namespace Quantize.Fidelity;

/// <summary>
/// Which tensors the output depends on most: each learned tensor (rank ≥ 1) alone put on the RMS-scaled grid of
/// <see cref="ScaledGridSimulation"/> (per channel for weights, per tensor for vectors), everything else exact, and
/// the model run; the tensors whose lone quantization costs the most output cosine come first. Equal step means
/// equal SQNR for every tensor, so the ranking is by sensitivity, not by how badly one grid fits one tensor.
/// </summary>
static class TensorSensitivity
{
    public static IEnumerable<(string Name, long Elements, double MinCosine)> Worst(ModelProto original, Func<byte[], double> minCosine, double step, int count)
    {
        Dictionary<string, Int8Reference.ChannelAxis> axes = Int8Reference.Axes(original);
        var results = new List<(string, long, double)>();
        foreach (ParameterTensor p in ModelParameters.Extract(original).Where(p => p.Dims.Length >= 1))
        {
            int channels = 1;
            Func<int, int> channelOf = _ => 0;
            if (p.Dims.Length >= 2) channelOf = Int8Reference.ChannelOf(p, axes.GetValueOrDefault(p.Name, Int8Reference.ChannelAxis.First), out channels);
            ParameterTensor quantized = p with { Values = ScaledGridSimulation.Quantize(p.Values, channelOf, channels, step) };
            results.Add((p.Name, p.ElementCount, minCosine(ModelParameters.WithValues(original, [quantized]).ToByteArray())));
        }
        return results.OrderBy(r => r.Item3).Take(count);
    }
}
