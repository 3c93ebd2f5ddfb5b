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
    readonly Option<bool> json = CommonOptions.Json();

    public Command Create()
    {
        var command = new Command("inspect", "Describe an ONNX model (operators, initializers, sparsity) or a .nqz container (tensors, " +
                                             "codebooks, eq. (1) storage terms) without running it.\n" +
                                             "Example: quantize inspect lenet5.nqz --json");
        command.AddRange(file, json);
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(json)));
        return command;
    }

    public int Run(string path, bool asJson)
    {
        if (InputSniffer.IsContainer(path))
        {
            ContainerReport report = ContainerInspector.Inspect(path);
            if (asJson) JsonOutput.Write(stdout, report);
            else ContainerReportText.Write(stdout, report);
        }
        else
        {
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
