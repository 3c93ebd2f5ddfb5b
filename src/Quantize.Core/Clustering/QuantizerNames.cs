namespace Quantize.Core.Clustering;

/// <summary>The command-line spellings of the clustering choices, both ways, with errors that list what is allowed.</summary>
public static class QuantizerNames
{
    static readonly (string Name, QuantizationMethod Value)[] Methods =
        [("kmeans", QuantizationMethod.KMeans), ("hkmeans", QuantizationMethod.HessianKMeans), ("uniform", QuantizationMethod.Uniform), ("ecsq", QuantizationMethod.Ecsq)];

    static readonly (string Name, ClusteringSolver Value)[] Solvers = [("lloyd", ClusteringSolver.Lloyd), ("dp", ClusteringSolver.DynamicProgramming)];

    static readonly (string Name, CenterInitialization Value)[] Initializations =
        [("linear", CenterInitialization.Linear), ("kmeans++", CenterInitialization.KMeansPlusPlus)];

    static readonly (string Name, CenterMean Value)[] Centers = [("mean", CenterMean.Plain), ("weighted", CenterMean.Weighted), ("grid", CenterMean.Grid)];

    /// <summary>The accepted spellings, for option choice lists and error messages.</summary>
    public static IReadOnlyList<string> MethodNames { get; } = [.. Methods.Select(m => m.Name)];

    public static IReadOnlyList<string> SolverNames { get; } = [.. Solvers.Select(s => s.Name)];

    public static IReadOnlyList<string> InitializationNames { get; } = [.. Initializations.Select(i => i.Name)];

    public static IReadOnlyList<string> CenterNames { get; } = [.. Centers.Select(c => c.Name)];

    public static QuantizationMethod ParseMethod(string name) => Parse(Methods, name, "method");

    public static ClusteringSolver ParseSolver(string name) => Parse(Solvers, name, "solver");

    public static CenterInitialization ParseInitialization(string name) => Parse(Initializations, name, "initialization");

    public static CenterMean ParseCenter(string name) => Parse(Centers, name, "center");

    public static string Of(QuantizationMethod value) => Name(Methods, value);

    public static string Of(ClusteringSolver value) => Name(Solvers, value);

    public static string Of(CenterInitialization value) => Name(Initializations, value);

    public static string Of(CenterMean value) => Name(Centers, value);

    static T Parse<T>((string Name, T Value)[] table, string name, string what)
    {
        foreach ((string candidate, T value) in table)
        {
            if (string.Equals(candidate, name.Trim(), StringComparison.OrdinalIgnoreCase)) return value;
        }
        throw new QuantizationException($"unknown {what} '{name}' (expected {string.Join(", ", table.Select(entry => entry.Name))})", nameof(name));
    }

    static string Name<T>((string Name, T Value)[] table, T value) where T : struct, Enum =>
        table.First(entry => EqualityComparer<T>.Default.Equals(entry.Value, value)).Name;
}
