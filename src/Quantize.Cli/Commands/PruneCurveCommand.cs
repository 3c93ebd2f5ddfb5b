using System.CommandLine;
using Quantize.Cli.Options;
using Quantize.Cli.Pruning;
using Quantize.Format.IO;

namespace Quantize.Cli.Commands;

/// <summary><c>quantize prune curve</c>: a PNG of test accuracy against density from <c>prune --json</c> reports.</summary>
public sealed class PruneCurveCommand(TextWriter stdout)
{
    readonly Argument<string[]> reports = new("reports")
    {
        Description = "Reports written by 'prune --json', each named by its series (points of a series are joined by a line)",
        HelpName = "SERIES=FILE",
        Arity = ArgumentArity.OneOrMore,
    };
    readonly Option<string> output = new("--output", "-o") { Description = "Where to write the PNG", Required = true, HelpName = "FILE" };
    readonly Option<string> title = new("--title") { Description = "Title above the plot", DefaultValueFactory = _ => "Test accuracy against density" };

    public Command Create()
    {
        var command = new Command("curve",
            "Plot test accuracy (after retraining or gradual pruning) against the fraction of weights kept, one line per series, from 'prune --json' reports.\n" +
            "Example: quantize prune curve one-shot=os-0.1.json one-shot=os-0.05.json gradual=g-0.1.json gradual=g-0.05.json -o curve.png");
        command.AddRange(reports, output, title);
        command.SetAction(result => Run(result.GetValue(reports)!, result.GetValue(output)!, result.GetValue(title)!));
        return command;
    }

    public int Run(IReadOnlyList<string> arguments, string outputPath, string plotTitle)
    {
        IReadOnlyList<PruneCurvePoint> points = PruneCurveReports.Read(arguments);
        foreach (string path in arguments.Select(a => a[(a.IndexOf('=') + 1)..])) AtomicFile.EnsureNotInput(outputPath, path);
        AtomicFile.WriteAllBytes(outputPath, PruneCurveChart.Png(points, plotTitle));
        foreach (PruneCurvePoint p in points.OrderBy(p => p.Series, StringComparer.Ordinal).ThenByDescending(p => p.KeptFraction))
            stdout.WriteLine($"{p.Series,-24} kept {100 * p.KeptFraction,6:F2}%  accuracy {p.Accuracy:F2}%");
        stdout.WriteLine($"wrote {outputPath}");
        return (int)ExitCode.Success;
    }
}
