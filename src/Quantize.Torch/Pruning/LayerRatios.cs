using System.Globalization;

namespace Quantize.Torch.Pruning;

/// <summary>Parses per-tensor keep ratios written as <c>name=keep,name=keep</c>.</summary>
public static class LayerRatios
{
    public static IReadOnlyDictionary<string, double> Parse(string text)
    {
        var ratios = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            // Split at the last '=': ONNX names may contain '=' but a number never does.
            int at = item.LastIndexOf('=');
            if (at <= 0 || at == item.Length - 1)
                throw new PruningSpecException($"--layer-ratios entry '{item}' is not name=keep (e.g. conv1.weight=0.5)");
            string name = item[..at];
            if (!double.TryParse(item[(at + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double keep))
                throw new PruningSpecException($"--layer-ratios entry '{item}': '{item[(at + 1)..]}' is not a number");
            MagnitudePruner.CheckRatio(keep, $"keep ratio of '{name}'");
            if (!ratios.TryAdd(name, keep))
                throw new PruningSpecException($"--layer-ratios names '{name}' twice");
        }
        return ratios;
    }
}
