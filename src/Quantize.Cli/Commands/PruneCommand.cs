using System.CommandLine.Parsing;
using System.CommandLine;
using System.Globalization;
using Quantize.Cli.Options;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;
using Quantize.Torch.Training;

namespace Quantize.Cli.Commands;

/// <summary><c>quantize prune</c>: magnitude pruning with masks, then retraining with the masks held (Deep Compression's first stage), or gradually while training.</summary>
public sealed class PruneCommand(TextWriter stdout, TextWriter stderr)
{
    readonly Argument<string> model = CommonOptions.Model("ONNX model or .nqz container to prune");
    readonly DataOptionGroup data = new();
    readonly Option<double?> ratio = new("--ratio")
    {
        Description = "Fraction of all weights (rank ≥ 2 tensors) to keep in the end, chosen by magnitude across layers (or shared out by --allocate); biases are kept",
        HelpName = "R",
    };
    readonly Option<string?> layerRatios = new("--layer-ratios")
    {
        Description = "Per-tensor fractions to keep instead, e.g. conv1.weight=0.5,fc1.weight=0.08; weights not named are kept whole",
        HelpName = "NAME=KEEP,...",
    };
    readonly Option<string?> allocate = new Option<string?>("--allocate")
    {
        Description = "Choose per-layer ratios for --ratio from a sensitivity S measured per layer on the first 1,000 training images: hessian " +
                      "(sum of h·w² over the layer, h the Gauss-Newton Hessian diagonal: the loss increase OBD predicts for removing it) or drop (accuracy points lost with that layer alone pruned to --ratio, " +
                      "at least 0.01). Rule: weights are ranked across layers by S·w²/mean(w²) of their layer and the top --ratio of all kept " +
                      "(at least one per layer), so a more sensitive layer keeps more",
        HelpName = "MEASURE",
    }.AcceptOnlyFromAmong("hessian", "drop");
    readonly Option<string> schedule = new Option<string>("--schedule")
    {
        Description = "one-shot: prune at once, then retrain. polynomial: prune gradually while training (Zhu & Gupta): over --prune-epochs " +
                      "the pruned fraction grows as s_f(1 - (1 - t/T)^3) toward the final ratio, masks recomputed by magnitude every --mask-every steps",
        DefaultValueFactory = _ => "one-shot",
    }.AcceptOnlyFromAmong("one-shot", "polynomial");
    readonly Option<int> pruneEpochs = new Option<int>("--prune-epochs")
    {
        Description = "With --schedule polynomial: epochs over which the kept fraction falls to its final value",
        HelpName = "N",
        DefaultValueFactory = _ => 2,
    }.InRange(1, 10_000);
    readonly Option<int> maskEvery = new Option<int>("--mask-every")
    {
        Description = "With --schedule polynomial: optimizer steps (batches of 64) between mask updates",
        HelpName = "STEPS",
        DefaultValueFactory = _ => 200,
    }.InRange(1, int.MaxValue);
    readonly Option<int> retrainEpochs = new Option<int>("--retrain-epochs") { Description = "Epochs of retraining on the training split with the masks held (0 = none); with --schedule polynomial, epochs at the final masks after --prune-epochs", HelpName = "N", DefaultValueFactory = _ => 1 }.InRange(0, 10_000);
    readonly Option<double> learningRate = new Option<double>("--lr") { Description = "Adam learning rate for retraining at the start (decays by cosine to 0)", DefaultValueFactory = _ => 1e-4 }.InRange(1e-9, 10);
    readonly Option<long> seed = new("--seed") { Description = "Seed for the batch order of retraining and gradual pruning", DefaultValueFactory = _ => 1 };
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
        var command = new Command("prune", "Magnitude-prune the weights (at once, or gradually while training with --schedule polynomial), retrain with the pruned weights held at zero, and write ONNX; prints test accuracy before and after.\n" +
                                           "Examples:\n" +
                                           "  quantize prune samples/lenet5-fashion.onnx --ratio 0.1 -o pruned.onnx\n" +
                                           "  quantize prune samples/lenet5-fashion.onnx --ratio 0.05 --schedule polynomial --prune-epochs 6 --retrain-epochs 2 --mask-every 40 -o pruned.onnx\n" +
                                           "  quantize prune samples/lenet5-fashion.onnx --ratio 0.05 --allocate hessian -o pruned.onnx");
        command.AddRange(model);
        data.AddTo(command);
        command.AddRange(ratio, layerRatios, allocate, schedule, pruneEpochs, maskEvery, retrainEpochs, learningRate, seed, limit, saveMoments);
        device.AddTo(command);
        command.AddRange(output, json);
        ratio.Validators.Add(CheckRatio);
        command.Validators.Add(r =>
        {
            if ((r.GetResult(ratio) is { Implicit: false }) == (r.GetResult(layerRatios) is { Implicit: false }))
                r.AddError("give exactly one of --ratio and --layer-ratios");
            bool gradual = r.GetValue(schedule) == "polynomial";
            if (r.GetResult(saveMoments) is { Implicit: false } && r.GetValue(retrainEpochs) == 0 && !gradual)
                r.AddError("--save-moments needs retraining (--retrain-epochs N with N > 0): the moments are the retraining's");
            if (r.GetResult(allocate) is { Implicit: false } && r.GetResult(ratio) is not { Implicit: false })
                r.AddError("--allocate needs --ratio (the overall fraction to keep, which it shares out among the layers)");
            foreach (Option option in new Option[] { pruneEpochs, maskEvery })
                if (!gradual && r.GetResult(option) is { Implicit: false })
                    r.AddError($"{option.Name} applies to --schedule polynomial only");
        });
        command.Subcommands.Add(new PruneCurveCommand(stdout).Create());
        command.SetAction(result => Run(new PruneRequest(
            new RunContext(result.GetValue(model)!, data.Read(result), device.Read(result), stderr),
            result.GetValue(ratio), result.GetValue(layerRatios), result.GetValue(output)!,
            new TrainingOptions
            {
                Epochs = result.GetValue(retrainEpochs), LearningRate = result.GetValue(learningRate),
                Seed = result.GetValue(seed), Limit = result.GetValue(limit),
            },
            result.GetValue(saveMoments),
            result.GetValue(schedule) == "polynomial" ? new GradualSchedule(result.GetValue(pruneEpochs), result.GetValue(maskEvery)) : null,
            result.GetValue(allocate) switch { "hessian" => PruneSensitivity.Hessian, "drop" => PruneSensitivity.Drop, _ => null }), result.GetValue(json)));
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
