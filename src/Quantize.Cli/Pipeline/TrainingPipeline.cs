using Quantize.Cli.Reports;
using Quantize.Cli.Terminal;
using Quantize.Data.Idx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.SafeTensors;
using Quantize.Torch.Checkpoints;
using Quantize.Torch.Data;
using Quantize.Torch.Evaluation;
using Quantize.Torch.Models;
using Quantize.Torch.Training;
using Quantize.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Cli.Pipeline;

/// <summary><c>train</c>: a built-in architecture trained on the training split, written as ONNX (and optionally a checkpoint and Adam's moments), scored on the test split.</summary>
public static class TrainingPipeline
{
    public static TrainingReport Run(TrainRequest request)
    {
        if (request.Moments != null && Path.GetFullPath(request.Moments) == Path.GetFullPath(request.Output))
            throw new UserInputException("--save-moments and --output name the same file");
        if (request.Checkpoint != null && new[] { request.Output, request.Moments }.Any(p => p != null && Path.GetFullPath(p) == Path.GetFullPath(request.Checkpoint)))
            throw new UserInputException("--save-checkpoint names the same file as --output or --save-moments");
        TorchRuntime.EnsureLoaded();
        // The built-in architectures train on IDX images (docs/models.md); the data of other forms is for models users bring.
        ImageDataset dataset = ImageDataset.Resolve(request.Context.Data.Directory, null, DatasetSplit.Train);
        ImageTensors train = new(dataset.Load(DatasetSplit.Train)), test = new(dataset.Load(DatasetSplit.Test));
        ModelArchitecture architecture = ModelZoo.Find(request.Arch) ?? throw new UserInputException($"unknown --arch {request.Arch}");
        var input = new InputShape(1, train.Images.Rows, train.Images.Columns);
        if (request.Arch == ModelZoo.LeNet5Name && input != InputShape.FashionMnist)
            throw new UserInputException($"lenet5 takes {InputShape.FashionMnist} images; {dataset.Directory} has {input}");

        Device on = TorchDevices.Resolve(request.Context.Device);
        TrainingOptions options = request.Options;
        manual_seed(options.Seed);
        using var model = architecture.Create(input); // initialised on the CPU, so every device starts from the same weights
        model.to(on);
        IReadOnlyList<ParameterTensor>? moments = null;
        ProgressDisplay.Run(request.Context.Progress, "training", progress =>
            moments = Trainer.Train(model, train, options, new TrainingProgressReporter(progress)));
        model.to(CPU); // export and scoring read the weights on the CPU

        ModelProto onnx = architecture.Export(model, input, ToolInfo.Version);
        AccuracyResult accuracy = TrainedModelScore.TopOne(onnx, model, test);
        OnnxModelFile.Save(onnx, request.Output);
        if (request.Checkpoint != null)
            CheckpointWriter.Write(request.Checkpoint, model, architecture.Name, input, ToolInfo.Producer);
        if (request.Moments != null)
            SafeTensorsFile.Write(request.Moments, moments!, new Dictionary<string, string> { ["content"] = "adam exp_avg_sq", ["producer"] = ToolInfo.Producer });

        return new TrainingReport(request.Output, request.Arch, options.Epochs, options.Seed,
            options.Limit > 0 ? Math.Min(options.Limit, train.Count) : train.Count, accuracy.Percent, accuracy.Correct, accuracy.Total,
            dataset.Directory, options.Optimizer.ToString().ToLowerInvariant(), request.Moments);
    }
}
