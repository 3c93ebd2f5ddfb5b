using System.CommandLine;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;
using Quantize.Format.Idx;
using Quantize.Torch.Data;
using Quantize.Torch.Evaluation;

namespace Quantize.Cli.Commands;

/// <summary><c>quantize eval</c>: top-1 accuracy of an ONNX model or .nqz container on the test split.</summary>
public sealed class EvalCommand(TextWriter stdout)
{
    readonly Argument<string> model = CommonOptions.Model("ONNX model or .nqz container to score");
    readonly Option<string?> data = CommonOptions.Data();
    readonly Option<string> device = CommonOptions.Device();
    readonly Option<bool> json = CommonOptions.Json();

    public Command Create()
    {
        var command = new Command("eval", "Top-1 accuracy on the test split (never on training or calibration data).\n" +
                                          "Example: quantize eval samples/lenet5-fashion.onnx --json");
        command.AddRange(model, data, device, json);
        command.SetAction(result => Run(result.GetValue(model)!, result.GetValue(data), result.GetValue(device)!, result.GetValue(json)));
        return command;
    }

    public int Run(string modelPath, string? dataDirectory, string deviceName, bool asJson)
    {
        var onnx = ModelSource.Load(modelPath);
        TorchSharp.torch.Device on = CommonOptions.ResolveDevice(deviceName);
        ImageDataset dataset = ImageDataset.Resolve(dataDirectory, modelPath, DatasetSplit.Test);
        var test = new ImageTensors(dataset.Load(DatasetSplit.Test));
        AccuracyResult accuracy = Accuracy.TopOne(onnx, test, on);
        if (asJson)
            JsonOutput.Write(stdout, new { model = modelPath, accuracy = accuracy.Percent, correct = accuracy.Correct, total = accuracy.Total, data = dataset.Directory });
        else
            stdout.WriteLine($"{modelPath}: test accuracy {accuracy.Percent:F2}% ({accuracy.Correct}/{accuracy.Total}) on {dataset.Directory}");
        return (int)ExitCode.Success;
    }
}
