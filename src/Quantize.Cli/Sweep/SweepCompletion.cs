using Quantize.Cli.Gates;
using Quantize.Cli.Reports;

namespace Quantize.Cli.Sweep;

/// <summary>
/// The end of <c>sweep</c> and <c>sweep merge</c>: write the files, judge the gates, write the summary, print,
/// and give the exit code. Everything is written before a failed gate is reported.
/// </summary>
public static class SweepCompletion
{
    public static int Finish(SweepReport report, string directory, GateThresholds thresholds, string? summaryPath, bool asJson, TextWriter stdout, TextWriter stderr)
    {
        IReadOnlyList<string> files = SweepFiles.Write(directory, report);
        GateVerdict verdict = SweepGate.Evaluate(thresholds, report.Rows);
        if (summaryPath != null) SummaryFile.Write(summaryPath, SweepSummary.Format(report, verdict, summaryPath, directory));
        if (asJson) JsonOutput.Write(stdout, report);
        else
        {
            SweepText.Write(stdout, report, directory, files);
            if (verdict is { Passed: true, Summary: { } passed }) stdout.WriteLine(passed);
        }
        return verdict.Finish(stderr);
    }
}
