using System.CommandLine;
using Quantize.Cli.Inspect;
using Quantize.Cli.Options;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.SafeTensors;

namespace Quantize.Cli.Commands;

/// <summary><c>quantize inspect</c>: what an ONNX model or .nqz container holds, and where its bits go.</summary>
public sealed class InspectCommand(TextWriter stdout)
{
    readonly Argument<string> file = new("file")
    {
        Description = "ONNX model, checkpoint, safetensors model (a .safetensors file, an index json or a folder of shards) or .nqz container to describe",
        HelpName = "FILE",
    };
    readonly Option<bool> weightsOnly = CommonOptions.WeightsOnly();
    readonly Option<string?> original = new("--original")
    {
        Description = "For a container: the ONNX model it was compressed from, to give each tensor's relative L2 error and SQNR (dB) as decoded",
        HelpName = "MODEL",
    };
    readonly Option<bool> json = CommonOptions.Json();

    public Command Create()
    {
        var command = new Command("inspect", "Describe an ONNX model (operators, initializers, sparsity), a safetensors model (each tensor's dtype, " +
                                             "shape and whether compress quantizes it) or a .nqz container (tensors, codebooks, eq. (1) storage terms) " +
                                             "without running it.\n" +
                                             "Examples:\n" +
                                             "  quantize inspect lenet5.nqz --json\n" +
                                             "  quantize inspect model.safetensors.index.json\n" +
                                             "  quantize inspect lenet5.nqz --original samples/lenet5-fashion.onnx");
        command.AddRange(file, original, weightsOnly, json);
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(json), result.GetValue(original), result.GetValue(weightsOnly)));
        return command;
    }

    public int Run(string path, bool asJson, string? originalPath = null, bool readWeightsOnly = false)
    {
        if (!Directory.Exists(path) && InputSniffer.IsContainer(path))
        {
            ContainerReport report = ContainerInspector.Inspect(path, originalPath == null ? null : ModelSource.LoadWeights(originalPath));
            if (asJson) JsonOutput.Write(stdout, report);
            else ContainerReportText.Write(stdout, report);
        }
        else if (originalPath != null) throw new UserInputException("--original compares a .nqz container with its source model; give a container to inspect");
        else
        {
            // A safetensors model is a checkpoint of a built-in architecture (shown as its ONNX export) or weights only.
            (ModelProto? resolved, string? reason) = SafeTensorsModel.IsSafeTensors(path) ? ModelSource.Resolve(path, readWeightsOnly) : (null, null);
            if (reason != null)
            {
                WriteSafeTensors(path, reason, asJson);
                return (int)ExitCode.Success;
            }
            bool checkpoint = resolved != null || CheckpointModels.IsCheckpoint(path);
            // External data stays unread: inspect describes where it lives and works without those files.
            ModelProto model = resolved ?? (checkpoint ? CheckpointModels.Load(path) : OnnxModelFile.Load(path, readExternalData: false));
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

    void WriteSafeTensors(string path, string reason, bool asJson)
    {
        SafeTensorsModel model = SafeTensorsModel.Open(path);
        var report = new SafeTensorsReport(path, "safetensors", model.Shards.Sum(s => new FileInfo(s.Path).Length), reason, SafeTensorsInventory.Of(model));
        if (asJson)
        {
            JsonOutput.Write(stdout, report);
            return;
        }
        stdout.WriteLine($"{path}: safetensors model, weights only ({reason}), {OnnxSummaryText.Integer(report.FileBytes)} bytes");
        SafeTensorsInventoryText.Write(stdout, report.Model);
    }
}
