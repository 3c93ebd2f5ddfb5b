using System.CommandLine;
using Quantize.Cli.Options;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;

namespace Quantize.Cli.Commands;

/// <summary><c>quantize eval</c>: top-1 accuracy of an ONNX model or .nqz container on the test split.</summary>
public sealed class EvalCommand(TextWriter stdout)
{
    readonly Argument<string> model = CommonOptions.Model("ONNX model or .nqz container to score");
    readonly DataOptionGroup data = new();
    readonly DeviceOption device = new();
    readonly Option<bool> json = CommonOptions.Json();

    public Command Create()
    {
        var command = new Command("eval", "Top-1 accuracy on the test split (never on training or calibration data).\n" +
                                          "Example: quantize eval samples/lenet5-fashion.onnx --json");
        command.AddRange(model);
        data.AddTo(command);
        device.AddTo(command);
        command.AddRange(json);
        command.SetAction(result => Run(new RunContext(result.GetValue(model)!, data.Read(result), device.Read(result), TextWriter.Null), result.GetValue(json)));
        return command;
    }

    public int Run(RunContext context, bool asJson)
    {
        EvaluationReport report = EvaluationPipeline.Run(context);
        if (asJson) JsonOutput.Write(stdout, report);
        else report.WriteText(stdout);
        return (int)ExitCode.Success;
    }
}
