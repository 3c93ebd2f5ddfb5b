using System.CommandLine;
using System.Diagnostics;
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
using Quantize.Torch.Hessian;
using Quantize.Torch.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Cli.Commands;

/// <summary><c>quantize hessian</c>: the diagonal of the loss Hessian on calibration data, written as safetensors.</summary>
public sealed class HessianCommand(TextWriter stdout, TextWriter stderr)
{
    readonly Argument<string> model = CommonOptions.Model("ONNX model whose loss Hessian to estimate");
    readonly Option<string?> data = CommonOptions.Data();
    readonly Option<string> estimator = new("--estimator")
    {
        Description = "gauss-newton (default: Gauss–Newton diagonal, Monte-Carlo over labels drawn from the model, about one gradient pass), " +
                      "hutchinson (E[z⊙Hz] with Rademacher probes; negative estimates clamped to 0), exact (one Hessian-vector product per parameter; small networks only)",
        DefaultValueFactory = _ => HessianEstimators.Default,
    };
    readonly Option<int> samples = new Option<int>("--samples") { Description = "Calibration images: the first N of the training split", DefaultValueFactory = _ => 1000, HelpName = "N" }.InRange(1, int.MaxValue);
    readonly Option<int> batchSize = new Option<int>("--batch-size") { Description = "Images per pass (bounds memory, not the result)", DefaultValueFactory = _ => 250 }.InRange(1, 65_536);
    readonly Option<int> probes = new Option<int>("--probes") { Description = "hutchinson: Rademacher probes per batch", DefaultValueFactory = _ => 20, HelpName = "P" }.InRange(1, 1_000_000);
    readonly Option<string> mode = new("--ggn")
    {
        Description = "gauss-newton: sampled (one label drawn per image) or exact (one backward pass per class, about 10x the cost)",
        DefaultValueFactory = _ => "sampled",
    };
    readonly Option<long> seed = new("--seed") { Description = "Seed for sampled labels and probes", DefaultValueFactory = _ => 1 };
    readonly Option<bool> profile = new("--profile") { Description = "Also time every estimator against one gradient pass over the same samples and print the ratios" };
    readonly Option<string> device = CommonOptions.Device();
    readonly Option<string> output = CommonOptions.Output("Where to write the diagonal (safetensors, one tensor per parameter, named like the model's initializers)");
    readonly Option<bool> json = CommonOptions.Json();

    public Command Create()
    {
        estimator.AcceptOnlyFromAmong([.. HessianEstimators.Names]);
        mode.AcceptOnlyFromAmong("sampled", "exact");
        var command = new Command("hessian",
            "Estimate the diagonal of the Hessian of the average training loss, one value per parameter, on calibration data " +
            "(the first N training images; never the test set). The result feeds compress --hessian FILE.\n" +
            "Example: quantize hessian samples/lenet5-fashion.onnx --samples 1000 --estimator gauss-newton -o h.safetensors");
        command.AddRange(model, data, estimator, samples, batchSize, probes, mode, seed, profile, device, output, json);
        command.SetAction(result => Run(result.GetValue(model)!, result.GetValue(data), result.GetValue(estimator)!, new HessianOptions
        {
            Samples = result.GetValue(samples),
            BatchSize = result.GetValue(batchSize),
            Probes = result.GetValue(probes),
            Mode = result.GetValue(mode) == "exact" ? GaussNewtonMode.Exact : GaussNewtonMode.Sampled,
            Seed = result.GetValue(seed),
        }, result.GetValue(output)!, result.GetValue(profile), result.GetValue(json), result.GetValue(device)!));
        return command;
    }

    public int Run(string modelPath, string? dataDirectory, string estimatorName, HessianOptions options, string outputPath, bool withProfile, bool asJson,
        string deviceName = TorchDevices.Cpu)
    {
        AtomicFile.EnsureNotInput(outputPath, modelPath);
        ModelProto onnx = ModelSource.LoadNetwork(modelPath);
        Device on = CommonOptions.ResolveDevice(deviceName);
        ImageDataset dataset = ImageDataset.Resolve(dataDirectory, modelPath, DatasetSplit.Train);
        var clock = Stopwatch.StartNew();
        IReadOnlyList<ParameterTensor> diagonal = HessianComputation.Run(onnx, estimatorName, dataset, options, stderr, on);
        double seconds = clock.Elapsed.TotalSeconds;

        var metadata = new Dictionary<string, string>
        {
            ["content"] = "hessian diagonal",
            ["estimator"] = estimatorName,
            ["samples"] = options.Samples.ToString(CultureInfo.InvariantCulture),
            ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["producer"] = ToolInfo.Producer,
        };
        if (estimatorName == "hutchinson") metadata["probes"] = options.Probes.ToString(CultureInfo.InvariantCulture);
        if (estimatorName == "gauss-newton") metadata["ggn"] = options.Mode.ToString().ToLowerInvariant();
        SafeTensorsFile.Write(outputPath, diagonal, metadata);

        string? profileLine = withProfile ? Profile(onnx, dataset, options, on) : null;
        float[] all = diagonal.SelectMany(t => t.Values).ToArray();
        var summary = new
        {
            model = modelPath, output = outputPath, estimator = estimatorName, samples = options.Samples, parameters = all.LongLength,
            seconds, mean = all.Average(v => (double)v), max = all.Max(), zeros = all.LongCount(v => v == 0), data = dataset.Directory, profile = profileLine,
        };
        if (asJson) JsonOutput.Write(stdout, summary);
        else
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {outputPath}: {estimatorName} diagonal of {all.LongLength} parameters from {options.Samples} images in {seconds:F1} s; mean {summary.mean:E3}, max {summary.max:E3}, zeros {summary.zeros}"));
            if (profileLine != null) stdout.WriteLine($"profile: {profileLine}");
        }
        return (int)ExitCode.Success;
    }

    static string Profile(ModelProto onnx, ImageDataset dataset, HessianOptions options, Device on)
    {
        using var module = new OnnxGraphModule(onnx).to(on);
        var calibration = new ImageTensors(dataset.Load(DatasetSplit.Train));
        return HessianProfiler.Profile(module, HessianData.FromImages(calibration), options).Summary;
    }
}
