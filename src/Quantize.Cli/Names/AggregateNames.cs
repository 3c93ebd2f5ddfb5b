using Quantize.Torch.FineTuning;

namespace Quantize.Cli.Names;

/// <summary>The command-line names of <see cref="GradientAggregate"/>: sum (Deep Compression) and avg.</summary>
public static class AggregateNames
{
    public static IReadOnlyList<string> All { get; } = ["avg", "sum"];

    public static GradientAggregate Parse(string name) => name switch
    {
        "avg" => GradientAggregate.Average,
        "sum" => GradientAggregate.Sum,
        _ => throw new UserInputException($"unknown --aggregate '{name}' (use avg or sum)"),
    };

    public static string Of(GradientAggregate aggregate) => aggregate == GradientAggregate.Sum ? "sum" : "avg";
}
