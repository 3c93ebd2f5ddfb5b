using System.CommandLine;
using Quantize.Cli.Gates;
using Quantize.Cli.Options;
using Quantize.Cli.Sweep;

namespace Quantize.Cli.Commands;

/// <summary><c>quantize sweep merge</c>: one report from the output folders of a sweep's shards.</summary>
public sealed class SweepMergeCommand(TextWriter stdout, TextWriter stderr)
{
    readonly Argument<string[]> shards = new("shards") { Description = "Output folders of 'sweep --shard i/n', one per shard", HelpName = "DIR", Arity = ArgumentArity.OneOrMore };
    readonly Option<string> output = new("--output", "-o") { Description = "Folder for the merged sweep.csv, sweep.json, sweep.md and plots; created if missing", Required = true, HelpName = "DIR" };
    readonly Option<bool> json = new("--json") { Description = "Print the merged report (sweep.json) on stdout instead of the table" };
    readonly GateOptionGroup gates = new("at least one setting");

    public Command Create()
    {
        var command = new Command("merge",
            "Merge the outputs of 'sweep --shard 1/n' … 'n/n' (their sweep.json) into one report with the same files, row for row what the unsharded sweep writes.\n" +
            "Example: quantize sweep merge part1 part2 -o sweep --min-ratio 8");
        command.AddRange(shards, output, json);
        gates.AddTo(command, noEval: null);
        command.SetAction(result => Run(result.GetValue(shards)!, result.GetValue(output)!, gates.Read(result), gates.SummaryPath(result), result.GetValue(json),
            CommandLineText.Of(result)));
        return command;
    }

    public int Run(IReadOnlyList<string> directories, string outputDirectory, GateThresholds thresholds, string? summaryPath, bool asJson, string commandLine)
    {
        SummaryFile.CheckFolder(summaryPath);
        SweepReport report = SweepMerge.Merge(directories, commandLine);
        return SweepCompletion.Finish(report, outputDirectory, thresholds, summaryPath, asJson, stdout, stderr);
    }
}
