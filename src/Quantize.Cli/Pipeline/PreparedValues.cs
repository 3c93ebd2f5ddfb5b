using Quantize.Cli.Reports;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// What the quantizers see, per codebook group: the kept values concatenated in model order and their importance
/// weights, with the groups' dense tensors already let go of their own copies (only names and shapes remain).
/// Weights are gathered per group once, when a method first needs them; safe to read from several threads (sweep).
/// </summary>
public sealed class PreparedValues
{
    readonly float[]? modelWeights;
    readonly Lazy<float[]>[] keptWeights;

    public PreparedValues(IReadOnlyList<ParameterGroup> groups, PrunedPositions pruned, IReadOnlyList<float[]> values, ImportanceWeights importance)
    {
        Groups = groups;
        Pruned = pruned;
        Values = values;
        modelWeights = importance.Values;
        Importance = importance.Report;
        keptWeights = groups.Select(g => new Lazy<float[]>(() => pruned.KeptWeights(g.Tensors, modelWeights))).ToArray();
    }

    public IReadOnlyList<ParameterGroup> Groups { get; }

    public PrunedPositions Pruned { get; }

    /// <summary>Kept values of each group, in group order.</summary>
    public IReadOnlyList<float[]> Values { get; }

    /// <summary>How the report describes the importance weights.</summary>
    public HessianReport Importance { get; }

    /// <summary>Whether importance weights were given (else every weight is 1).</summary>
    public bool HasWeights => modelWeights != null;

    /// <summary>The importance weights of group <paramref name="group"/>'s kept values (all ones without --hessian).</summary>
    public float[] WeightsOf(int group) => keptWeights[group].Value;
}
