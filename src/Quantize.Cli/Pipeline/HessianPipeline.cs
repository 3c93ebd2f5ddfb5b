using System.Diagnostics;
using System.Globalization;
using Quantize.Cli.Reports;
using Quantize.Format.IO;
using Quantize.Data.Idx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.SafeTensors;
using Quantize.Torch.Hessian;
using Quantize.Torch.Onnx;
using Quantize.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Cli.Pipeline;

/// <summary><c>hessian</c>: the diagonal of the loss Hessian on calibration data (the training split), written as safetensors named like the model's parameters.</summary>
public static class HessianPipeline
{
    public static HessianFileReport Run(HessianRequest request)
    {
        string modelPath = request.Context.ModelPath!;
        AtomicFile.EnsureNotInput(request.Output, modelPath);
        ModelProto model = ModelSource.LoadNetwork(modelPath);
        Device device = TorchDevices.Resolve(request.Context.Device);
        var data = new DataSplits(request.Context, model);
        _ = data.Train; // data the model cannot take fails before the slow work
        var clock = Stopwatch.StartNew();
        IReadOnlyList<ParameterTensor> diagonal = HessianComputation.Run(model, request.Estimator, data, request.Options, request.Context.Progress, device);
        double seconds = clock.Elapsed.TotalSeconds;
        SafeTensorsFile.Write(request.Output, diagonal, Metadata(request, HessianComputation.SamplesUsed(request.Options.Samples, data.Train)));

        string? profile = request.Profile ? Profile(model, data, request.Options, device) : null;
        float[] all = diagonal.SelectMany(t => t.Values).ToArray();
        return new HessianFileReport(modelPath, request.Output, request.Estimator, HessianComputation.SamplesUsed(request.Options.Samples, data.Train), all.LongLength, seconds,
            all.Average(v => (double)v), all.Max(), all.LongCount(v => v == 0), data.Directory(DatasetSplit.Train), profile);
    }

    static Dictionary<string, string> Metadata(HessianRequest request, int samples)
    {
        HessianOptions options = request.Options;
        var metadata = new Dictionary<string, string>
        {
            ["content"] = "hessian diagonal",
            ["estimator"] = request.Estimator,
            ["samples"] = samples.ToString(CultureInfo.InvariantCulture),
            ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["producer"] = ToolInfo.Producer,
        };
        if (request.Estimator == HutchinsonEstimator.EstimatorName) metadata["probes"] = options.Probes.ToString(CultureInfo.InvariantCulture);
        if (request.Estimator == GaussNewtonEstimator.EstimatorName) metadata["ggn"] = options.Mode.ToString().ToLowerInvariant();
        return metadata;
    }

    static string Profile(ModelProto model, DataSplits data, HessianOptions options, Device device)
    {
        using var module = new OnnxGraphModule(model).to(device);
        return HessianProfiler.Profile(module, HessianData.FromModelData(data.Train), options with { Loss = HessianOptions.LossFor(module) }).Summary;
    }
}
