using System.CommandLine;
using Quantize.Cli.Inspect;
using Quantize.Cli.Options;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;
using Quantize.Format.Onnx;

namespace Quantize.Cli.Commands;

/// <summary><c>quantize inspect</c>: what an ONNX model or .nqz container holds, and where its bits go.</summary>
public sealed class InspectCommand(TextWriter stdout)
{
    readonly Argument<string> file = new("file") { Description = "ONNX model or .nqz container to describe", HelpName = "FILE" };
    readonly Option<string?> original = new("--original")
    {
        Description = "For a container: the ONNX model it was compressed from, to give each tensor's relative L2 error and SQNR (dB) as decoded",
        HelpName = "MODEL",
    };
    readonly Option<bool> json = CommonOptions.Json();

    public Command Create()
    {
        var command = new Command("inspect", "Describe an ONNX model (operators, initializers, sparsity) or a .nqz container (tensors, " +
                                             "codebooks, eq. (1) storage terms) without running it.\n" +
                                             "Examples:\n" +
                                             "  quantize inspect lenet5.nqz --json\n" +
                                             "  quantize inspect lenet5.nqz --original samples/lenet5-fashion.onnx");
        command.AddRange(file, original, json);
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(json), result.GetValue(original)));
        return command;
    }

    public int Run(string path, bool asJson, string? originalPath = null)
    {
        if (InputSniffer.IsContainer(path))
        {
            ContainerReport report = ContainerInspector.Inspect(path, originalPath == null ? null : ModelSource.LoadNetwork(originalPath));
            if (asJson) JsonOutput.Write(stdout, report);
            else ContainerReportText.Write(stdout, report);
        }
        else
        {
            if (originalPath != null) throw new UserInputException("--original compares a .nqz container with its source model; give a container to inspect");
            bool checkpoint = CheckpointModels.IsCheckpoint(path);
            // External data stays unread: inspect describes where it lives and works without those files.
            var model = checkpoint ? CheckpointModels.Load(path) : OnnxModelFile.Load(path, readExternalData: false);
            var report = new OnnxReport(path, checkpoint ? "checkpoint" : "onnx", new FileInfo(path).Length, OnnxSummaryBuilder.Build(model));
            if (asJson) JsonOutput.Write(stdout, report);
            else
            {
                stdout.WriteLine($"{path}: {(report.Kind == "onnx" ? "ONNX model" : "checkpoint, shown as its ONNX export")}, {OnnxSummaryText.Integer(report.FileBytes)} bytes");
                OnnxSummaryText.Write(stdout, report.Model);
            }
        }
        return (int)ExitCode.Success;
    }
}
