using System.CommandLine;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;

namespace Quantize.Cli.Commands;

/// <summary><c>quantize compress</c>: quantizes all parameters at once, codes them into a .nqz container and reports.</summary>
public sealed class CompressCommand(TextWriter stdout)
{
    const int DefaultBits = 5;
    const int MaxBits = 16;

    readonly Argument<string> model = CommonOptions.Model("ONNX model to compress");
    readonly Option<string> output = CommonOptions.Output("Where to write the container (.nqz)");
    readonly Option<string> method = new("--method")
    {
        Description = "Quantizer: uniform = equal cells over [min, max], each cell's value the mean of its members",
        DefaultValueFactory = _ => "uniform",
    };
    readonly Option<int?> bits = new Option<int?>("--bits")
    {
        Description = $"Cells as a bit width: K = 2^B (default {DefaultBits}; empty cells are dropped)",
        HelpName = "B",
    };
    readonly Option<int?> clusters = new Option<int?>("--clusters")
    {
        Description = "Number of cells K directly (instead of --bits)",
        HelpName = "K",
    };
    readonly Option<string> coding = new("--coding")
    {
        Description = "Code for the cluster indices: huffman = canonical Huffman (variable length)",
        DefaultValueFactory = _ => "huffman",
    };
    readonly Option<string?> data = CommonOptions.Data();
    readonly Option<bool> noEval = new("--no-eval") { Description = "Skip measuring accuracy (no dataset needed)" };
    readonly Option<bool> json = CommonOptions.Json();

    public Command Create()
    {
        method.AcceptOnlyFromAmong("uniform");
        coding.AcceptOnlyFromAmong("huffman");
        bits.InRange(1, MaxBits);
        clusters.InRange(1, 1 << MaxBits);
        var command = new Command("compress",
            "Quantize all parameters of all layers together, entropy-code the cluster indices, write a .nqz container, " +
            "and report the compression ratio (eq. 1, every term itemised) and test accuracy before and after.\n" +
            "Example: quantize compress samples/lenet5-fashion.onnx -o lenet5.nqz --method uniform --bits 5");
        command.AddRange(model, output, method, bits, clusters, coding, data, noEval, json);
        command.Validators.Add(r =>
        {
            // Presence, not values: a value that failed to parse must not throw here.
            if (r.GetResult(bits) is { Implicit: false } && r.GetResult(clusters) is { Implicit: false })
                r.AddError("give either --bits or --clusters, not both");
        });
        command.SetAction(result =>
        {
            int k = result.GetValue(clusters) ?? 1 << (result.GetValue(bits) ?? DefaultBits);
            return Run(new CompressRequest(result.GetValue(model)!, result.GetValue(output)!, result.GetValue(method)!, k,
                result.GetValue(coding)!, result.GetValue(data), !result.GetValue(noEval)), result.GetValue(json));
        });
        return command;
    }

    public int Run(CompressRequest request, bool asJson)
    {
        CompressionReport report = CompressionPipeline.Run(request);
        if (asJson) JsonOutput.Write(stdout, report);
        else CompressionReportText.Write(stdout, report);
        return (int)ExitCode.Success;
    }
}
