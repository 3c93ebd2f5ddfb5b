using System.CommandLine;
using System.Text;
using Quantize.Cli.Compare;
using Quantize.Cli.Options;
using Quantize.Cli.Reports;
using Quantize.Format.IO;

namespace Quantize.Cli.Commands;

/// <summary><c>quantize compare</c>: one table of accuracy against compression ratio, with every storage term, from compress reports.</summary>
public sealed class CompareCommand(TextWriter stdout)
{
    readonly Argument<string[]> reports = new("reports")
    {
        Description = "Reports written by 'quantize compress --json', each optionally labelled as LABEL=FILE (default label: the file name)",
        HelpName = "[LABEL=]REPORT",
        Arity = ArgumentArity.OneOrMore,
    };
    readonly Option<string?> baseline = new("--baseline")
    {
        Description = "Label of the row whose compression ratio the others are compared with (adds a '× baseline' column)",
        HelpName = "LABEL",
    };
    readonly Option<bool> inputs = new("--inputs")
    {
        Description = "Add one row per input model as given: 32-bit values of its unpruned parameters plus their positions as index differences " +
                      "(the 'original' and 'pruned' rows of the paper's Table 1)",
    };
    readonly Option<bool> seedRuns = new("--seed-runs")
    {
        Description = "Also read each REPORT's runs with other fine-tuning seeds (compress --fine-tune-seed), NAME.seed<N>.json beside NAME.json, " +
                      "and show their fine-tuned accuracies in brackets after the row's, e.g. \"91.20 (91.05, 91.31)\"; they must code the same bits",
    };
    readonly Option<string?> output = new("--output", "-o") { Description = "Write the Markdown table here instead of stdout", HelpName = "FILE" };
    readonly Option<bool> json = CommonOptions.Json();

    public Command Create()
    {
        var command = new Command("compare",
            "Tabulate compress reports side by side: accuracy (quantized and fine-tuned), change against the input model, compression " +
            "ratio and every term of eq. (1). Markdown on stdout, or --json rows.\n" +
            "Example:\n" +
            "  quantize compress pruned.onnx -o u.nqz --method uniform --bits 5 --json > uniform.json\n" +
            "  quantize compress pruned.onnx -o dc.nqz --preset deep-compression --json > dc.json\n" +
            "  quantize compare --inputs --baseline dc dc=dc.json uniform=uniform.json");
        command.AddRange(reports, baseline, inputs, seedRuns, output, json);
        command.SetAction(result => Run(result.GetValue(reports)!, result.GetValue(baseline), result.GetValue(inputs),
            result.GetValue(output), result.GetValue(json), result.GetValue(seedRuns)));
        return command;
    }

    public int Run(IReadOnlyList<string> files, string? baselineLabel, bool withInputs, string? outputPath, bool asJson, bool withSeedRuns = false)
    {
        IReadOnlyList<ComparedReport> read = ReportFiles.Read(files, withSeedRuns);
        IReadOnlyList<ComparisonRow> rows = ComparisonTable.Build(read, baselineLabel, withInputs);
        if (asJson)
        {
            JsonOutput.Write(stdout, rows);
            return (int)ExitCode.Success;
        }
        string table = ComparisonMarkdown.Format(rows);
        if (outputPath == null) stdout.Write(table);
        else
        {
            AtomicFile.EnsureNotInput(outputPath, [.. read.Select(r => r.Path)]);
            AtomicFile.WriteAllBytes(outputPath, Encoding.UTF8.GetBytes(table));
        }
        return (int)ExitCode.Success;
    }
}
