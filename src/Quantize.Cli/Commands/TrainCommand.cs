using System.CommandLine;
using Quantize.Cli.Options;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;
using Quantize.Torch.Models;
using Quantize.Torch.Training;

namespace Quantize.Cli.Commands;

/// <summary><c>quantize train</c>: trains a built-in architecture on the CPU and writes it as ONNX.</summary>
public sealed class TrainCommand(TextWriter stdout, TextWriter stderr)
{
    readonly Option<string> arch = new("--arch")
    {
        Description = $"Architecture to train: {string.Join(", ", ModelZoo.Names)} (docs/models.md)", HelpName = "NAME", DefaultValueFactory = _ => ModelZoo.LeNet5Name,
    };
    readonly DataOptionGroup data = new(withPreprocessing: false);
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
    readonly DeviceOption device = new();
    readonly Option<bool> json = CommonOptions.Json();

    public Command Create()
    {
        arch.AcceptOnlyFromAmong([.. ModelZoo.Names]);
        optimizer.AcceptOnlyFromAmong("adam", "sgd");
        var command = new Command("train", "Train a network on the training split (--device: CPU by default) and write it as ONNX; prints its test accuracy.\n" +
                                           "Example: quantize train --arch lenet5 --epochs 15 --seed 1 -o lenet5.onnx");
        command.AddRange(arch);
        data.AddTo(command);
        command.AddRange(epochs, seed, learningRate, batchSize, limit, optimizer, saveMoments, saveCheckpoint);
        device.AddTo(command);
        command.AddRange(output, json);
        command.Validators.Add(r =>
        {
            if (r.GetResult(saveMoments) is { Implicit: false } && r.GetResult(optimizer) is { Implicit: false } o && o.Tokens.FirstOrDefault()?.Value == "sgd")
                r.AddError("--save-moments needs --optimizer adam (SGD keeps no second moments)");
        });
        command.SetAction(result => Run(new TrainRequest(
            result.GetValue(arch)!, result.GetValue(output)!,
            new TrainingOptions
            {
                Epochs = result.GetValue(epochs), Seed = result.GetValue(seed), LearningRate = result.GetValue(learningRate),
                BatchSize = result.GetValue(batchSize), Limit = result.GetValue(limit),
                Optimizer = result.GetValue(optimizer) == "sgd" ? TrainingOptimizer.Sgd : TrainingOptimizer.Adam,
            },
            new RunContext(null, data.Read(result), device.Read(result), stderr), result.GetValue(saveMoments), result.GetValue(saveCheckpoint)),
            result.GetValue(json)));
        return command;
    }

    public int Run(TrainRequest request, bool asJson)
    {
        TrainingReport report = TrainingPipeline.Run(request);
        if (asJson) JsonOutput.Write(stdout, report);
        else report.WriteText(stdout);
        return (int)ExitCode.Success;
    }
}
