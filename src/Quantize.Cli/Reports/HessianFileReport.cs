using System.Globalization;

namespace Quantize.Cli.Reports;

/// <summary>What <c>hessian</c> reports of the diagonal it wrote: where, by which estimator on how many samples, how long, and its summary statistics.</summary>
public sealed record HessianFileReport(string Model, string Output, string Estimator, int Samples, long Parameters, double Seconds, double Mean, float Max,
    long Zeros, string Data, string? Profile)
{
    public void WriteText(TextWriter writer)
    {
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {Output}: {Estimator} diagonal of {Parameters} parameters from {Samples} images in {Seconds:F1} s; mean {Mean:E3}, max {Max:E3}, zeros {Zeros}"));
        if (Profile != null) writer.WriteLine($"profile: {Profile}");
    }
}
