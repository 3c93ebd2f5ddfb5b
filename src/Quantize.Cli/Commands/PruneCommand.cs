using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;
using Quantize.Cli.Terminal;
using Quantize.Format.Idx;
using Quantize.Format.IO;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.SafeTensors;
using Quantize.Torch;
using Quantize.Torch.Data;
using Quantize.Torch.Evaluation;
using Quantize.Torch.Onnx;
using Quantize.Torch.Pruning;
using Quantize.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Cli.Commands;

/// <summary><c>quantize prune</c>: magnitude pruning with masks, then retraining with the masks held (Deep Compression's first stage).</summary>
public sealed class PruneCommand(TextWriter stdout, TextWriter stderr)
{
    readonly Argument<string> model = CommonOptions.Model("ONNX model or .nqz container to prune");
    readonly Option<string?> data = CommonOptions.Data();
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
    readonly Option<string> device = CommonOptions.Device();
    readonly Option<string> output = CommonOptions.Output("Where to write the pruned model (ONNX)");
    readonly Option<bool> json = CommonOptions.Json();

    public Command Create()
    {
        var command = new Command("prune", "Magnitude-prune the weights, retrain with the pruned weights held at zero, and write ONNX; prints test accuracy before and after.\n" +
                                           "Example: quantize prune samples/lenet5-fashion.onnx --ratio 0.1 -o pruned.onnx");
        command.AddRange(model, data, ratio, layerRatios, retrainEpochs, learningRate, seed, limit, saveMoments, device, output, json);
        ratio.Validators.Add(CheckRatio);
        command.Validators.Add(r =>
        {
            if ((r.GetResult(ratio) is { Implicit: false }) == (r.GetResult(layerRatios) is { Implicit: false }))
                r.AddError("give exactly one of --ratio and --layer-ratios");
            if (r.GetResult(saveMoments) is { Implicit: false } && r.GetValue(retrainEpochs) == 0)
                r.AddError("--save-moments needs retraining (--retrain-epochs N with N > 0): the moments are the retraining's");
        });
        command.SetAction(result => Run(new PruneArguments(
            result.GetValue(model)!, result.GetValue(data), result.GetValue(ratio), result.GetValue(layerRatios), result.GetValue(output)!,
            new TrainingOptions
            {
                Epochs = result.GetValue(retrainEpochs), LearningRate = result.GetValue(learningRate),
                Seed = result.GetValue(seed), Limit = result.GetValue(limit),
            },
            result.GetValue(json), result.GetValue(device)!, result.GetValue(saveMoments))));
        return command;
    }

    public int Run(PruneArguments args)
    {
        IReadOnlyDictionary<string, double>? perLayer = args.LayerRatios == null ? null : Spec(() => LayerRatios.Parse(args.LayerRatios));
        AtomicFile.EnsureNotInput(args.Output, args.Model);
        if (args.Moments != null)
        {
            AtomicFile.EnsureNotInput(args.Moments, args.Model);
            if (Path.GetFullPath(args.Moments) == Path.GetFullPath(args.Output)) throw new UserInputException("--save-moments and --output name the same file");
        }
        ModelProto onnx = ModelSource.Load(args.Model);
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(onnx);
        IReadOnlyList<PruningMask> masks = Spec(() => perLayer != null
            ? MagnitudePruner.PerLayer(parameters, perLayer)
            : MagnitudePruner.Global(parameters, args.Ratio ?? throw new UserInputException("give --ratio or --layer-ratios")));
        if (masks.Count == 0) throw new UserInputException("the model has no weights of rank 2 or more to prune");

        Device on = CommonOptions.ResolveDevice(args.Device);
        ImageDataset dataset = ImageDataset.Resolve(args.Data, args.Model, args.Retrain.Epochs > 0 ? DatasetSplit.Train : DatasetSplit.Test);
        var test = new ImageTensors(dataset.Load(DatasetSplit.Test));
        var byName = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        ModelProto pruned = ModelParameters.WithValues(onnx,
            masks.Select(m => byName[m.Name] with { Values = m.Apply(byName[m.Name].Values) }));

        AccuracyResult before = Accuracy.TopOne(onnx, test, on);
        AccuracyResult afterPruning = Accuracy.TopOne(pruned, test, on);
        AccuracyResult? afterRetraining = null;
        IReadOnlyList<ParameterTensor>? moments = null;
        int trainingImages = 0;
        var notRetrained = new HashSet<string>(StringComparer.Ordinal); // weights the executor holds as constants: pruned, not retrained
        if (args.Retrain.Epochs > 0)
        {
            var train = new ImageTensors(dataset.Load(DatasetSplit.Train));
            trainingImages = args.Retrain.Limit > 0 ? Math.Min(args.Retrain.Limit, train.Count) : train.Count;
            using var module = new OnnxGraphModule(pruned).to(on);
            RetrainingResult retraining = null!;
            ProgressDisplay.Run(stderr, "retraining", progress =>
                retraining = MaskedRetrainer.Retrain(module, masks, train, args.Retrain, new TrainingProgressReporter(progress)));
            moments = retraining.Moments;
            notRetrained.UnionWith(MaskedRetrainer.HeldConstant(module, masks).Select(m => m.Name));
            pruned = ModelParameters.WithValues(pruned, MaskedRetrainer.ReadValues(module, masks));
            afterRetraining = Accuracy.TopOne(pruned, test, on);
        }
        OnnxModelFile.Save(pruned, args.Output);
        if (args.Moments != null)
            SafeTensorsFile.Write(args.Moments, moments ?? throw new InvalidOperationException("retraining with Adam returned no moments"),
                new Dictionary<string, string> { ["content"] = "adam exp_avg_sq", ["producer"] = ToolInfo.Producer });

        long total = masks.Sum(m => (long)m.Count), kept = masks.Sum(m => (long)m.Kept);
        if (args.Json)
            JsonOutput.Write(stdout, new
            {
                model = args.Model, output = args.Output, data = dataset.Directory, ratio = args.Ratio, retrain_epochs = args.Retrain.Epochs,
                training_images = trainingImages,
                tensors = masks.Select(m => new
                {
                    name = m.Name, parameters = m.Count, kept = m.Kept, kept_fraction = m.KeptFraction,
                    retrained = args.Retrain.Epochs > 0 && !notRetrained.Contains(m.Name),
                }),
                parameters = total, kept, kept_fraction = (double)kept / total,
                accuracy_before = before.Percent, accuracy_pruned = afterPruning.Percent, accuracy_retrained = afterRetraining?.Percent,
            });
        else
        {
            foreach (PruningMask m in masks)
                stdout.WriteLine($"{m.Name,-24} {m.Kept,9:N0} / {m.Count,9:N0} kept ({100 * m.KeptFraction:F2}%)" +
                                 (notRetrained.Contains(m.Name) ? " - a constant in the graph: pruned, not retrained" : ""));
            stdout.WriteLine($"{"total",-24} {kept,9:N0} / {total,9:N0} kept ({100.0 * kept / total:F2}%)");
            stdout.WriteLine($"test accuracy: {before.Percent:F2}% before, {afterPruning.Percent:F2}% pruned" +
                             (afterRetraining == null ? "" : $", {afterRetraining.Percent:F2}% after {args.Retrain.Epochs} retraining epoch(s)"));
            stdout.WriteLine($"wrote {args.Output}");
        }
        return (int)ExitCode.Success;
    }

    static void CheckRatio(OptionResult result)
    {
        if (result.Tokens.Count != 1 || !double.TryParse(result.Tokens[0].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) return;
        if (!(value > 0 && value <= 1)) result.AddError($"--ratio must be in (0, 1] (the fraction of weights to keep), got {value}");
    }

    // Pruning requests the model cannot meet are the user's to fix: exit 2, one line.
    static T Spec<T>(Func<T> build)
    {
        try { return build(); }
        catch (PruningSpecException e) { throw new UserInputException(e.Message); }
    }
}

/// <param name="Device">A --device value: cpu, auto or cuda.</param>
/// <param name="Moments">Where to write the retraining's Adam second moments; null = nowhere.</param>
public sealed record PruneArguments(string Model, string? Data, double? Ratio, string? LayerRatios, string Output, TrainingOptions Retrain, bool Json,
    string Device = TorchDevices.Cpu, string? Moments = null);
