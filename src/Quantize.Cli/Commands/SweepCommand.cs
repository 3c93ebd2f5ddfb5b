using System.CommandLine.Parsing;
using System.CommandLine;
using Quantize.Cli.Gates;
using Quantize.Cli.Names;
using Quantize.Cli.Options;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;
using Quantize.Cli.Sweep;
using Quantize.Core.Clustering;

namespace Quantize.Cli.Commands;

/// <summary>
/// <c>quantize sweep</c>: every method × bit width × coding on one model, as a table (CSV, JSON, Markdown) and
/// the paper's Figure 1 (accuracy against average codeword length), with CI gates and sharding.
/// </summary>
public sealed class SweepCommand(TextWriter stdout, TextWriter stderr)
{
    readonly Argument<string> model = CommonOptions.Model("ONNX model to sweep");
    readonly Option<string> output = new("--output", "-o") { Description = "Folder for sweep.csv, sweep.json, sweep.md and the plots (PNG and SVG); created if missing", Required = true, HelpName = "DIR" };
    readonly Option<string> methods = new("--methods")
    {
        Description = "Comma list of quantizers: kmeans, hkmeans (Hessian-weighted), uniform, ecsq (at the entropy uniform cells reach with 2^B cells)",
        DefaultValueFactory = _ => "kmeans,hkmeans,uniform,ecsq",
        HelpName = "LIST",
    };
    readonly Option<string> bits = new("--bits")
    {
        Description = $"Bit widths B (k = 2^B clusters): a range 2..6, a list 2,4,6, or both (1..4,8); each between {SweepGrid.MinBits} and {SweepGrid.MaxBits}",
        DefaultValueFactory = _ => "1..8",
        HelpName = "RANGE",
    };
    readonly Option<string> coding = new("--coding")
    {
        Description = $"Comma list of index codes: {string.Join(", ", SweepGrid.CodingOrder.Select(CodingNames.Of))}. Each quantization is coded with every one",
        DefaultValueFactory = _ => "fixed,huffman",
        HelpName = "LIST",
    };
    readonly ImportanceOptionGroup importance = new();
    readonly ClusteringOptionGroup clustering = new();
    readonly ScaleOptionGroup scale = new();
    readonly FineTuningOptionGroup fineTuning = new();
    readonly DeviceOption device = new();
    readonly DataOptionGroup data = new();
    readonly Option<bool> noEval = new("--no-eval") { Description = "Skip measuring accuracy (no dataset needed); the plots then show distortion" };
    readonly Option<string?> shard = new("--shard")
    {
        Description = "Run only shard i of n (1 ≤ i ≤ n): every n-th (method, bits) unit starting at the i-th, all codings of a unit together; combine with 'sweep merge'",
        HelpName = "i/n",
    };
    readonly Option<int?> jobs = new Option<int?>("--jobs")
    {
        Description = "Quantizations run at once (default: cores − 1 while evaluating, else all cores); the results never depend on it",
        HelpName = "N",
    }.InRange(1, 1024);
    readonly Option<bool> quiet = new("--quiet", "-q") { Description = "No progress on stderr" };
    readonly Option<bool> json = new("--json") { Description = "Print the report (sweep.json) on stdout instead of the table" };
    readonly GateOptionGroup gates = new("at least one setting");

    public Command Create()
    {
        var command = new Command("sweep",
            "Quantize one model with every method × bit width × coding, and tabulate and plot compression ratio (eq. 1), entropy, " +
            "distortion and test accuracy: the paper's Figure 1. Each (method, bits) is quantized, fine-tuned (with --fine-tune-epochs) and scored once " +
            "and coded with every coding.\n" +
            "Examples:\n" +
            "  quantize sweep samples/lenet5-fashion.onnx --methods kmeans,hkmeans,uniform,ecsq --bits 1..8 --coding fixed,huffman -o sweep\n" +
            "  quantize sweep samples/lenet5-fashion.onnx --bits 2..6 --hessian gauss-newton --min-ratio 8 --max-accuracy-drop 1 -o sweep\n" +
            "  quantize sweep samples/lenet5-fashion.onnx --methods kmeans,uniform --bits 2..5 --fine-tune-epochs 1 -o tuned\n" +
            "  quantize sweep samples/lenet5-fashion.onnx --shard 1/2 -o part1  (then: quantize sweep merge part1 part2 -o sweep)");
        command.AddRange(model, output, methods, bits, coding);
        importance.AddTo(command);
        clustering.AddTo(command);
        scale.AddTo(command);
        fineTuning.AddTo(command);
        device.AddTo(command);
        data.AddTo(command);
        command.AddRange(noEval, shard, jobs, quiet, json);
        gates.AddTo(command, noEval);
        AddListCheck(command, methods, text => SweepGrid.Methods(text));
        AddListCheck(command, bits, text => SweepGrid.Bits(text));
        AddListCheck(command, coding, text => SweepGrid.Codings(text));
        command.Validators.Add(r =>
        {
            if (r.GetResult(shard) is { Implicit: false, Tokens: [var token] }) Check(r, () => ShardSpec.Parse(token.Value));
        });
        command.Subcommands.Add(new SweepMergeCommand(stdout, stderr).Create());
        command.SetAction(result => Run(Request(result), result.GetValue(output)!, gates.Read(result), gates.SummaryPath(result), result.GetValue(json)));
        return command;
    }

    public int Run(SweepRequest request, string outputDirectory, GateThresholds thresholds, string? summaryPath, bool asJson)
    {
        // Fail on an unusable output before the slow work, not after it.
        if (File.Exists(outputDirectory)) throw new IOException($"--output {outputDirectory} is a file; sweep writes a folder of files");
        SummaryFile.CheckFolder(summaryPath);
        SweepReport report = SweepRunner.Run(request);
        return SweepCompletion.Finish(report, outputDirectory, thresholds, summaryPath, asJson, stdout, stderr);
    }

    SweepRequest Request(ParseResult result) => new()
    {
        ModelPath = result.GetValue(model)!,
        Methods = SweepGrid.Methods(result.GetValue(methods)!),
        Bits = SweepGrid.Bits(result.GetValue(bits)!),
        Codings = SweepGrid.Codings(result.GetValue(coding)!),
        Importance = importance.Read(result),
        Scale = scale.Read(result),
        Clustering = clustering.ApplyTo(new QuantizerOptions(), result),
        Data = data.Read(result),
        Evaluate = !result.GetValue(noEval),
        FineTuning = fineTuning.Read(result),
        Device = device.Read(result),
        Shard = result.GetValue(shard) is { } part ? ShardSpec.Parse(part) : null,
        Jobs = result.GetValue(jobs),
        CommandLine = CommandLineText.Of(result),
        ProgressWriter = result.GetValue(quiet) ? TextWriter.Null : stderr,
        ErrorWriter = stderr,
    };

    /// <summary>A list option is parsed at parse time too, so a bad list is one line and exit 2 before any work.</summary>
    static void AddListCheck(Command command, Option<string> option, Action<string> parse) =>
        command.Validators.Add(r =>
        {
            if (r.GetResult(option) is { Tokens: [var token] }) Check(r, () => parse(token.Value));
        });

    static void Check(CommandResult result, Action parse)
    {
        try
        {
            parse();
        }
        catch (UserInputException e)
        {
            result.AddError(e.Message);
        }
    }
}
