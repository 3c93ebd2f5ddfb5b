using Quantize.Data.Images;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// Where a command's data comes from and how images are prepared (docs/data.md). <paramref name="Directory"/> null = the
/// default search for Fashion-MNIST (docs/cli.md: --data). Training data serves calibration, Hessians and fine-tuning;
/// test data only measuring — never mixed.
/// </summary>
public sealed record DataRequest(string? Directory = null, ImagePreprocessing? Preprocessing = null)
{
    public static DataRequest Default { get; } = new();

    /// <summary>A validation split carved from the training data (compress --search); null = none, training keeps every sample.</summary>
    public ValidationCarve? Validation { get; init; }
}
