using Quantize.Format.Onnx;

namespace Quantize.Torch.Pruning;

/// <summary>
/// Magnitude pruning (Han et al., Deep Compression): keeps the weights of largest absolute value and
/// zeroes the rest. Only weights (rank ≥ 2) are pruned; biases are few and cheap, so they are kept whole.
/// Equal magnitudes are broken by position (earlier tensor, then earlier element, wins), so the same
/// model always gives the same mask.
/// </summary>
public static class MagnitudePruner
{
    public static bool IsPrunable(ParameterTensor tensor) => tensor.Dims.Length >= 2;

    /// <summary>Keeps exactly round(keep × total) of all prunable weights together, chosen by magnitude across tensors.</summary>
    public static IReadOnlyList<PruningMask> Global(IReadOnlyList<ParameterTensor> parameters, double keep)
    {
        CheckRatio(keep, "--ratio");
        ParameterTensor[] prunable = parameters.Where(IsPrunable).ToArray();
        float[] all = prunable.SelectMany(p => p.Values).ToArray();
        bool[] kept = KeepLargest(all, KeepCount(keep, all.Length));
        var masks = new List<PruningMask>(prunable.Length);
        int offset = 0;
        foreach (ParameterTensor tensor in prunable)
        {
            masks.Add(new PruningMask(tensor.Name, kept.AsSpan(offset, tensor.Values.Length).ToArray()));
            offset += tensor.Values.Length;
        }
        return masks;
    }

    /// <summary>Keeps exactly round(keep × n) of each named tensor; prunable tensors not named keep everything.</summary>
    public static IReadOnlyList<PruningMask> PerLayer(IReadOnlyList<ParameterTensor> parameters, IReadOnlyDictionary<string, double> keepByName)
    {
        var byName = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach ((string name, double keep) in keepByName)
        {
            if (!byName.TryGetValue(name, out ParameterTensor? tensor))
                throw new PruningSpecException($"the model has no float tensor named '{name}' (prunable: {string.Join(", ", parameters.Where(IsPrunable).Select(p => p.Name))})");
            if (!IsPrunable(tensor))
                throw new PruningSpecException($"tensor '{name}' has rank {tensor.Dims.Length}; only weights of rank 2 or more are pruned");
            CheckRatio(keep, $"keep ratio of '{name}'");
        }
        return parameters.Where(IsPrunable).Select(tensor => new PruningMask(tensor.Name,
            keepByName.TryGetValue(tensor.Name, out double keep)
                ? KeepLargest(tensor.Values, KeepCount(keep, tensor.Values.Length))
                : Enumerable.Repeat(true, tensor.Values.Length).ToArray())).ToList();
    }

    internal static void CheckRatio(double keep, string what)
    {
        if (!(keep > 0 && keep <= 1))
            throw new PruningSpecException($"{what} must be in (0, 1] (the fraction of weights to keep), got {keep}");
    }

    // Half away from zero, so 0.5 of 3 weights keeps 2 on every runtime.
    static int KeepCount(double keep, int total) => (int)Math.Round(keep * total, MidpointRounding.AwayFromZero);

    static bool[] KeepLargest(float[] values, int count)
    {
        int[] order = Enumerable.Range(0, values.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            int byMagnitude = MathF.Abs(values[b]).CompareTo(MathF.Abs(values[a]));
            return byMagnitude != 0 ? byMagnitude : a.CompareTo(b);
        });
        var keep = new bool[values.Length];
        for (int i = 0; i < count; i++) keep[order[i]] = true;
        return keep;
    }
}
