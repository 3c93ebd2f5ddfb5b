using Quantize.Format.Container;

namespace Quantize.Cli.Names;

/// <summary>The command-line names of the ways to store pruned parameters, both ways.</summary>
public static class PositionNames
{
    public const string IndexDiff = "index-diff";
    public const string ZeroCluster = "zero-cluster";

    public static readonly string[] All = [IndexDiff, ZeroCluster];

    public static PrunedStorage Parse(string name) => name switch
    {
        IndexDiff => PrunedStorage.IndexDifferences,
        ZeroCluster => PrunedStorage.ZeroCluster,
        _ => throw new UserInputException($"unknown positions mode '{name}' (expected {string.Join(", ", All)})"),
    };

    public static string Of(PrunedStorage storage) => storage == PrunedStorage.ZeroCluster ? ZeroCluster : IndexDiff;
}
