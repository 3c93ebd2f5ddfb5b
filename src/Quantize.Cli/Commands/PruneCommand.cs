using System.CommandLine.Parsing;
using System.CommandLine;
using System.Globalization;
using Quantize.Cli.Options;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;
using Quantize.Torch.Training;

namespace Quantize.Cli.Commands;

/// <summary><c>quantize prune</c>: magnitude pruning with masks, then retraining with the masks held (Deep Compression's first stage).</summary>
public sealed class PruneCommand(TextWriter stdout, TextWriter stderr)
{
    readonly Argument<string> model = CommonOptions.Model("ONNX model or .nqz container to prune");
    readonly DataOptionGroup data = new();
    readonly Option<double?> ratio = new("--ratio")
    {
        Description = "Fraction of all weights (rank ≥ 2 tensors) to keep, chosen by magnitude across layers; biases are kept",
        HelpName = "R",
    };
    readonly Option<string?> layerRatios = new("--layer-ratios")
    {
        Description = "Per-tensor fractions to keep instead, e.g. conv1.weight=0.5,fc1.weight=0.08; weights not named are kept whole",
        HelpName = "NAME=KEEP,...",
    };
    readonly Option<int> retrainEpochs = new Option<int>("--retrain-epochs") { Description = "Epochs of retraining on the training split with the masks held (0 = none)", HelpName = "N", DefaultValueFactory = _ => 1 }.InRange(0, 10_000);
    readonly Option<double> learningRate = new Option<double>("--lr") { Description = "Adam learning rate for retraining at the start (decays by cosine to 0)", DefaultValueFactory = _ => 1e-4 }.InRange(1e-9, 10);
    readonly Option<long> seed = new("--seed") { Description = "Seed for the retraining batch order", DefaultValueFactory = _ => 1 };
    readonly Option<int> limit = new Option<int>("--limit") { Description = "Retrain on the first N training images only (0 = all)", HelpName = "N" }.InRange(0, int.MaxValue);
    readonly Option<string?> saveMoments = new("--save-moments")
    {
        Description = "Also write the retraining's Adam second moments (safetensors, named like the model's tensors) for compress --hessian adam:FILE",
        HelpName = "FILE",
    };
    readonly DeviceOption device = new();
    readonly Option<string> output = CommonOptions.Output("Where to write the pruned model (ONNX)");
    readonly Option<bool> json = CommonOptions.Json();

    public Command Create()
    {
        var command = new Command("prune", "Magnitude-prune the weights, retrain with the pruned weights held at zero, and write ONNX; prints test accuracy before and after.\n" +
                                           "Example: quantize prune samples/lenet5-fashion.onnx --ratio 0.1 -o pruned.onnx");
        command.AddRange(model);
        data.AddTo(command);
        command.AddRange(ratio, layerRatios, retrainEpochs, learningRate, seed, limit, saveMoments);
        device.AddTo(command);
        command.AddRange(output, json);
        ratio.Validators.Add(CheckRatio);
        command.Validators.Add(r =>
        {
            if ((r.GetResult(ratio) is { Implicit: false }) == (r.GetResult(layerRatios) is { Implicit: false }))
                r.AddError("give exactly one of --ratio and --layer-ratios");
            if (r.GetResult(saveMoments) is { Implicit: false } && r.GetValue(retrainEpochs) == 0)
                r.AddError("--save-moments needs retraining (--retrain-epochs N with N > 0): the moments are the retraining's");
        });
        command.SetAction(result => Run(new PruneRequest(
            new RunContext(result.GetValue(model)!, data.Read(result), device.Read(result), stderr),
            result.GetValue(ratio), result.GetValue(layerRatios), result.GetValue(output)!,
            new TrainingOptions
            {
                Epochs = result.GetValue(retrainEpochs), LearningRate = result.GetValue(learningRate),
                Seed = result.GetValue(seed), Limit = result.GetValue(limit),
            },
            result.GetValue(saveMoments)), result.GetValue(json)));
        return command;
    }

    public int Run(PruneRequest request, bool asJson)
    {
        PruneReport report = PrunePipeline.Run(request);
        if (asJson) JsonOutput.Write(stdout, report);
        else report.WriteText(stdout);
        return (int)ExitCode.Success;
    }

    static void CheckRatio(OptionResult result)
    {
        if (result.Tokens.Count != 1 || !double.TryParse(result.Tokens[0].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) return;
        if (!(value > 0 && value <= 1)) result.AddError($"--ratio must be in (0, 1] (the fraction of weights to keep), got {value}");
    }
}
