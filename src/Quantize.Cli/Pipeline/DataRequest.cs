namespace Quantize.Cli.Pipeline;

/// <summary>
/// Where a command's data comes from. <paramref name="Directory"/> null = the default search (docs/cli.md: --data).
/// Training data serves calibration, Hessians and fine-tuning; test data only measuring — never mixed.
/// </summary>
public sealed record DataRequest(string? Directory = null)
{
    public static DataRequest Default { get; } = new();
}
