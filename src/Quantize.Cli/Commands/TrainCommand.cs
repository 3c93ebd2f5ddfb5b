using System.CommandLine;
using Quantize.Cli.Reports;
using Quantize.Cli.Terminal;
using Quantize.Format.Idx;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.SafeTensors;
using Quantize.Torch;
using Quantize.Torch.Checkpoints;
using Quantize.Torch.Data;
using Quantize.Torch.Evaluation;
using Quantize.Torch.Models;
using Quantize.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Cli.Commands;

/// <summary><c>quantize train</c>: trains a built-in architecture on the CPU and writes it as ONNX.</summary>
public sealed class TrainCommand(TextWriter stdout, TextWriter stderr)
{
    readonly Option<string> arch = new("--arch")
    {
        Description = $"Architecture to train: {string.Join(", ", ModelZoo.Names)} (docs/models.md)", HelpName = "NAME", DefaultValueFactory = _ => ModelZoo.LeNet5Name,
    };
    readonly Option<string?> data = CommonOptions.Data();
    readonly Option<int> epochs = new Option<int>("--epochs") { Description = "Passes over the training set", DefaultValueFactory = _ => 10 }.InRange(1, 10_000);
    readonly Option<long> seed = new("--seed") { Description = "Seed for initial weights and batch order", DefaultValueFactory = _ => 1 };
    readonly Option<double> learningRate = new Option<double>("--lr") { Description = "Adam learning rate at the start (decays by cosine to 0)", DefaultValueFactory = _ => 1e-3 }.InRange(1e-9, 10);
    readonly Option<int> batchSize = new Option<int>("--batch-size") { Description = "Images per optimizer step", DefaultValueFactory = _ => 64 }.InRange(1, 65_536);
    readonly Option<int> limit = new Option<int>("--limit") { Description = "Train on the first N training images only (0 = all)", HelpName = "N" }.InRange(0, int.MaxValue);
    readonly Option<string> optimizer = new("--optimizer") { Description = "adam (default) or sgd (momentum 0.9)", DefaultValueFactory = _ => "adam" };
    readonly Option<string?> saveMoments = new("--save-moments")
    {
        Description = "With adam: also write Adam's second-moment estimates v (safetensors, named like the parameters); " +
                      "compress --hessian adam:FILE uses their square roots as importance weights (paper §3.5)",
        HelpName = "FILE",
    };
    readonly Option<string?> saveCheckpoint = new("--save-checkpoint")
    {
        Description = "Also write the weights as a checkpoint: safetensors (PyTorch names, arch in the metadata) if FILE ends in " +
                      ".safetensors, else TorchSharp's Module.save layout (.dat); every command taking a MODEL reads both",
        HelpName = "FILE",
    };
    readonly Option<string> output = CommonOptions.Output("Where to write the trained model (ONNX)");
    readonly Option<string> device = CommonOptions.Device();
    readonly Option<bool> json = CommonOptions.Json();

    public Command Create()
    {
        arch.AcceptOnlyFromAmong([.. ModelZoo.Names]);
        optimizer.AcceptOnlyFromAmong("adam", "sgd");
        var command = new Command("train", "Train a network on the training split (--device: CPU by default) and write it as ONNX; prints its test accuracy.\n" +
                                           "Example: quantize train --arch lenet5 --epochs 15 --seed 1 -o lenet5.onnx");
        command.AddRange(arch, data, epochs, seed, learningRate, batchSize, limit, optimizer, saveMoments, saveCheckpoint, device, output, json);
        command.Validators.Add(r =>
        {
            if (r.GetResult(saveMoments) is { Implicit: false } && r.GetResult(optimizer) is { Implicit: false } o && o.Tokens.FirstOrDefault()?.Value == "sgd")
                r.AddError("--save-moments needs --optimizer adam (SGD keeps no second moments)");
        });
        command.SetAction(result => Run(new TrainArguments(
            result.GetValue(arch)!, result.GetValue(data), result.GetValue(output)!,
            new TrainingOptions
            {
                Epochs = result.GetValue(epochs), Seed = result.GetValue(seed), LearningRate = result.GetValue(learningRate),
                BatchSize = result.GetValue(batchSize), Limit = result.GetValue(limit),
                Optimizer = result.GetValue(optimizer) == "sgd" ? TrainingOptimizer.Sgd : TrainingOptimizer.Adam,
            },
            result.GetValue(json), result.GetValue(saveMoments), result.GetValue(saveCheckpoint), result.GetValue(device)!)));
        return command;
    }

    public int Run(TrainArguments args)
    {
        TorchRuntime.EnsureLoaded();
        ImageDataset dataset = ImageDataset.Resolve(args.Data, null, DatasetSplit.Train);
        var train = new ImageTensors(dataset.Load(DatasetSplit.Train));
        var test = new ImageTensors(dataset.Load(DatasetSplit.Test));
        if (args.Moments != null && Path.GetFullPath(args.Moments) == Path.GetFullPath(args.Output))
            throw new UserInputException("--save-moments and --output name the same file");
        if (args.Checkpoint != null && new[] { args.Output, args.Moments }.Any(p => p != null && Path.GetFullPath(p) == Path.GetFullPath(args.Checkpoint)))
            throw new UserInputException("--save-checkpoint names the same file as --output or --save-moments");
        ModelArchitecture architecture = ModelZoo.Find(args.Arch) ?? throw new UserInputException($"unknown --arch {args.Arch}");
        var input = new InputShape(1, train.Images.Rows, train.Images.Columns);
        if (args.Arch == ModelZoo.LeNet5Name && input != InputShape.FashionMnist)
            throw new UserInputException($"lenet5 takes {InputShape.FashionMnist} images; {dataset.Directory} has {input}");

        Device on = CommonOptions.ResolveDevice(args.Device);
        manual_seed(args.Options.Seed);
        using var model = architecture.Create(input); // initialised on the CPU, so every device starts from the same weights
        model.to(on);
        IReadOnlyList<ParameterTensor>? moments = null;
        ProgressDisplay.Run(stderr, "training", progress =>
            moments = Trainer.Train(model, train, args.Options, new TrainingProgressReporter(progress)));
        model.to(CPU); // export and scoring read the weights on the CPU

        ModelProto onnx = architecture.Export(model, input, ToolInfo.Version);
        AccuracyResult accuracy = TrainedModelScore.TopOne(onnx, model, test);
        OnnxModelFile.Save(onnx, args.Output);
        if (args.Checkpoint != null)
            CheckpointWriter.Write(args.Checkpoint, model, architecture.Name, input, ToolInfo.Producer);
        if (args.Moments != null)
            SafeTensorsFile.Write(args.Moments, moments!, new Dictionary<string, string> { ["content"] = "adam exp_avg_sq", ["producer"] = ToolInfo.Producer });

        if (args.Json)
            JsonOutput.Write(stdout, new
            {
                model = args.Output, arch = args.Arch, epochs = args.Options.Epochs, seed = args.Options.Seed,
                training_images = args.Options.Limit > 0 ? Math.Min(args.Options.Limit, train.Count) : train.Count,
                accuracy = accuracy.Percent, correct = accuracy.Correct, total = accuracy.Total, data = dataset.Directory,
                optimizer = args.Options.Optimizer.ToString().ToLowerInvariant(), moments = args.Moments,
            });
        else
            stdout.WriteLine($"wrote {args.Output}: test accuracy {accuracy.Percent:F2}% ({accuracy.Correct}/{accuracy.Total}) from {dataset.Directory}");
        return (int)ExitCode.Success;
    }
}

public sealed record TrainArguments(string Arch, string? Data, string Output, TrainingOptions Options, bool Json, string? Moments = null, string? Checkpoint = null,
    string Device = TorchDevices.Cpu);
