using Quantize.Cli.Names;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;
using Quantize.Format.Container.Proto;

namespace Quantize.Cli.Sweep;

/// <summary>
/// Turns one coding of a unit into a row with the numbers <c>compress</c> would report for the same
/// setting: the report is built by the same code, from the codebook actually written.
/// </summary>
static class SweepRowBuilder
{
    public static SweepRow Build(SweepRequest request, UnitOutcome outcome, CodedContainer container, AccuracyReport accuracy, HessianReport hessian)
    {
        string coding = CodingNames.Of(container.Coding);
        if (container.Body is not { } body) return SweepRow.FailedRow(outcome.Unit, coding, container.Error ?? "not coded");
        var setting = new CompressionSetting(request.ModelPath, null, outcome.Options, container.Coding);
        CompressionReport report = CompressionReportBuilder.Build(setting, [outcome.Quantization!], body, null, container.Bytes, accuracy, hessian);
        SizeReport sizes = report.Sizes;
        return new SweepRow(
            Method: outcome.Unit.MethodName,
            Coding: coding,
            Bits: outcome.Unit.Bits,
            Clusters: report.Clusters,
            EntropyBits: report.EntropyBits,
            AverageCodewordBits: report.AverageCodewordBits,
            Distortion: report.Distortion,
            CompressionRatio: report.CompressionRatio,
            Sizes: new SweepSizes(sizes.OriginalBits, sizes.WeightBits, sizes.IndexBits, sizes.TableBits, sizes.TotalBits) { ScaleBits = sizes.ScaleBits },
            ContainerBytes: sizes.ContainerBytes,
            Accuracy: new SweepAccuracy(accuracy.Original, accuracy.Quantized, accuracy.FineTuned),
            Status: SweepRow.Ok,
            Error: null);
    }
}
