namespace Quantize.Torch.FineTuning;

/// <summary>
/// A quantized model as fine-tuning sees it: codebooks of shared values (one for all layers, or one per
/// layer) and, per quantized parameter, which shared value each element takes. Parameters not listed stay
/// as they are.
/// </summary>
public sealed class QuantizedState
{
    public QuantizedState(IReadOnlyList<float[]> codebooks, IReadOnlyList<CodebookAssignment> parameters)
    {
        ArgumentNullException.ThrowIfNull(codebooks);
        ArgumentNullException.ThrowIfNull(parameters);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (CodebookAssignment parameter in parameters)
        {
            if (!seen.Add(parameter.Name)) throw new ArgumentException($"tensor '{parameter.Name}' is assigned twice", nameof(parameters));
            if (parameter.Codebook < 0 || parameter.Codebook >= codebooks.Count)
                throw new ArgumentException($"tensor '{parameter.Name}' draws from codebook {parameter.Codebook}, but there are {codebooks.Count}", nameof(parameters));
            int size = codebooks[parameter.Codebook].Length;
            int bad = Array.FindIndex(parameter.Clusters, c => c < CodebookAssignment.Pruned || c >= size);
            if (bad >= 0)
                throw new ArgumentException(
                    $"tensor '{parameter.Name}' element {bad} takes cluster {parameter.Clusters[bad]}, but codebook {parameter.Codebook} has {size} (use -1 for pruned)", nameof(parameters));
        }
        Codebooks = codebooks;
        Parameters = parameters;
    }

    /// <summary>The shared values of each codebook.</summary>
    public IReadOnlyList<float[]> Codebooks { get; }

    public IReadOnlyList<CodebookAssignment> Parameters { get; }

    /// <summary>Unpruned members of each cluster, per codebook: the divisor of <see cref="GradientAggregate.Average"/>.</summary>
    public long[][] MemberCounts()
    {
        long[][] counts = Codebooks.Select(c => new long[c.Length]).ToArray();
        foreach (CodebookAssignment parameter in Parameters)
            foreach (int cluster in parameter.Clusters)
                if (cluster != CodebookAssignment.Pruned) counts[parameter.Codebook][cluster]++;
        return counts;
    }
}
