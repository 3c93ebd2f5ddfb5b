using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Fidelity;

/// <summary>
/// Which tensors a quantization hurt most: signal-to-quantization-noise ratio per learned tensor,
/// 10·log10(Σw² / Σ(w − ŵ)²) dB, between the original model and a restored one.
/// </summary>
static class TensorErrors
{
    public static IEnumerable<(string Name, long Elements, double Db)> Worst(ModelProto original, ModelProto restored, int count)
    {
        Dictionary<string, ParameterTensor> after = ModelParameters.Extract(restored).ToDictionary(p => p.Name, StringComparer.Ordinal);
        return ModelParameters.Extract(original)
            .Where(p => after.ContainsKey(p.Name))
            .Select(p => (p.Name, p.ElementCount, Db: Sqnr(p.Values, after[p.Name].Values)))
            .OrderBy(t => t.Db)
            .Take(count);
    }

    public static double Sqnr(float[] original, float[] restored)
    {
        double signal = 0, noise = 0;
        for (int i = 0; i < original.Length; i++)
        {
            signal += (double)original[i] * original[i];
            double d = (double)original[i] - restored[i];
            noise += d * d;
        }
        return noise == 0 ? double.PositiveInfinity : 10 * Math.Log10(signal / noise);
    }
}
