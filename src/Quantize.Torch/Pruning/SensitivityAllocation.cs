using Quantize.Format.Onnx;

namespace Quantize.Torch.Pruning;

/// <summary>
/// Per-layer keep ratios from a per-layer sensitivity S_l (higher = pruning the layer costs more): every weight is
/// scored S_l·w²/mean_l(w²) (its share of its layer's energy times the layer's sensitivity), the top round(keep × N)
/// of all N prunable weights are kept, and a layer keeps at least one weight. Within a layer this is magnitude order,
/// so the ratios feed <see cref="MagnitudePruner.PerLayer"/>; across layers, a sensitive layer keeps more. S_l is a cost of
/// the layer as a whole (the loss OBD predicts for removing it, or the accuracy lost pruning it alone), not per weight:
/// per-weight saliencies are larger in small layers and starve the big ones.
/// </summary>
public static class SensitivityAllocation
{
    public static IReadOnlyDictionary<string, double> KeepRatios(IReadOnlyList<ParameterTensor> parameters,
        IReadOnlyDictionary<string, double> sensitivity, double keep)
    {
        MagnitudePruner.CheckRatio(keep, "--ratio");
        ParameterTensor[] layers = parameters.Where(MagnitudePruner.IsPrunable).ToArray();
        var scored = new List<(double Score, int Layer, int Element)>(layers.Sum(l => l.Values.Length));
        for (int l = 0; l < layers.Length; l++)
        {
            if (!sensitivity.TryGetValue(layers[l].Name, out double s) || !(s >= 0) || double.IsInfinity(s))
                throw new PruningSpecException($"no finite, non-negative sensitivity for '{layers[l].Name}'");
            float[] values = layers[l].Values;
            double meanSquare = values.Sum(v => (double)v * v) / values.Length;
            for (int i = 0; i < values.Length; i++)
                scored.Add((meanSquare > 0 ? s * values[i] * values[i] / meanSquare : 0, l, i));
        }
        // Ties go to the earlier layer, then the earlier element, as in MagnitudePruner: the same inputs give the same ratios.
        scored.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Layer != b.Layer ? a.Layer.CompareTo(b.Layer) : a.Element.CompareTo(b.Element));
        int total = (int)Math.Round(keep * scored.Count, MidpointRounding.AwayFromZero);
        var kept = new int[layers.Length];
        for (int i = 0; i < total; i++) kept[scored[i].Layer]++;
        return Enumerable.Range(0, layers.Length).ToDictionary(l => layers[l].Name,
            l => (double)Math.Max(1, kept[l]) / layers[l].Values.Length, StringComparer.Ordinal);
    }
}
