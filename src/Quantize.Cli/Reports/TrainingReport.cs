namespace Quantize.Cli.Reports;

/// <summary>What <c>train</c> reports: the file written, how it was trained, and its test accuracy.</summary>
public sealed record TrainingReport(string Model, string Arch, int Epochs, long Seed, long TrainingImages, double Accuracy, long Correct, long Total,
    string Data, string Optimizer, string? Moments)
{
    public void WriteText(TextWriter writer) =>
        writer.WriteLine($"wrote {Model}: test accuracy {Accuracy:F2}% ({Correct}/{Total}) from {Data}");
}
