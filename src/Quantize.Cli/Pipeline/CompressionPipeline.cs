using Quantize.Cli.Commands;
using Quantize.Cli.Reports;
using Quantize.Core.Clustering;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Idx;
using Quantize.Format.IO;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch;
using Quantize.Torch.Data;
using Quantize.Torch.Evaluation;
using static TorchSharp.torch;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// model file → parameters (+ importance weights) → pruned positions → quantization of the kept values
/// (all layers at once, or per layer) → fine-tuning of the shared values (optional) → coded container → evaluation → report. The container is decoded again before it is written and the
/// accuracy reported is that of the decoded model, so <c>decompress</c> + <c>eval</c> reproduce it
/// exactly. Nothing is written unless everything succeeded.
/// </summary>
public static class CompressionPipeline
{
    public static CompressionReport Run(CompressRequest request)
    {
        AtomicFile.EnsureNotInput(request.OutputPath, request.ModelPath);
        CreateQuantizer(RateMatching.Placeholder(request.Quantizer)); // conflicting options fail before any slow work
        ModelProto model = ModelSource.LoadNetwork(request.ModelPath);
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        FiniteValues.Check(parameters);

        // Find the data before the slow work, so a missing folder fails fast.
        ImageDataset? dataset = null;
        ImageTensors? test = null;
        if (request.Evaluate)
        {
            TorchRuntime.EnsureLoaded();
            dataset = ImageDataset.Resolve(request.DataDirectory, request.ModelPath, DatasetSplit.Test);
            test = new ImageTensors(dataset.Load(DatasetSplit.Test));
        }

        Device device = CommonOptions.ResolveDevice(request.Device);
        ImportanceWeights weights = ImportanceWeights.Resolve(request, model, parameters);
        IReadOnlyList<ParameterGroup> groups = request.PerLayer
            ? ParameterGrouping.PerLayer(model, parameters)
            : ParameterGrouping.AllAtOnce(parameters);
        PrunedPositions pruned = PrunedPositions.Find(model, parameters, request.ConvIndexBits, request.FcIndexBits);
        List<GroupQuantization> quantized = QuantizeGroups(request, groups, pruned, weights.Values);
        List<GroupQuantization>? beforeTuning = null;
        FineTuningReport? tuning = null;
        if (request.FineTuning.Enabled)
        {
            beforeTuning = quantized;
            (quantized, tuning) = SharedValueTuning.Run(request, model, pruned, quantized, device);
        }

        var settings = new Settings
        {
            Method = QuantizerNames.Of(request.Quantizer.Method),
            RequestedClusters = (uint)(request.Quantizer.Clusters ?? 0),
            SourceModel = Path.GetFileName(request.ModelPath),
        };
        NqzBody Build(IReadOnlyList<GroupQuantization> coded, PrunedStorage storage) => NqzBuilder.Build(model,
            coded.Select(q => pruned.Code(q.Group.Tensors, q.Quantization, request.Coding, storage)).ToList(), settings, ToolInfo.Producer);
        NqzBody body = Build(quantized, request.Positions);
        byte[] container = NqzFile.ToBytes(body);
        // The other way of storing pruned weights, coded only to report its size next to ours; the same body without pruning.
        NqzBody alternative = pruned.PrunedCount == 0 ? body
            : Build(quantized, request.Positions == PrunedStorage.ZeroCluster ? PrunedStorage.IndexDifferences : PrunedStorage.ZeroCluster);

        // Evaluate exactly what a reader of the file will get.
        ModelProto restored = NqzDecoder.DecodeModel(NqzFile.Parse(container, request.OutputPath), request.OutputPath);
        AccuracyReport accuracy = new(null, null, null, null, null);
        if (test != null && dataset != null)
        {
            AccuracyResult original = ModelEvaluation.TestAccuracy(model, test, device);
            AccuracyResult after = ModelEvaluation.TestAccuracy(restored, test, device);
            // Before fine-tuning: the same container with the shared values as quantized.
            AccuracyResult? quantizedOnly = beforeTuning == null ? null
                : ModelEvaluation.TestAccuracy(NqzDecoder.DecodeModel(Build(beforeTuning, request.Positions), request.OutputPath), test, device);
            accuracy = quantizedOnly == null
                ? new AccuracyReport(original.Percent, after.Percent, null, after.Total, dataset.Directory)
                : new AccuracyReport(original.Percent, quantizedOnly.Percent, after.Percent, after.Total, dataset.Directory);
        }

        AtomicFile.WriteAllBytes(request.OutputPath, container);
        return CompressionReportBuilder.Build(request, quantized, body, alternative, container.LongLength, accuracy, weights.Report) with { FineTuning = tuning };
    }

    // Quantizers see only the kept values of each group, with their importance weights.
    static List<GroupQuantization> QuantizeGroups(CompressRequest request, IReadOnlyList<ParameterGroup> groups,
        PrunedPositions pruned, float[]? weights)
    {
        var results = new List<GroupQuantization>(groups.Count);
        foreach (ParameterGroup group in groups)
        {
            (float[] values, float[] groupWeights) = pruned.Kept(group.Tensors, weights);
            QuantizerOptions options = RateMatching.Resolve(OptionsFor(request, group), values, groupWeights);
            IQuantizer quantizer = CreateQuantizer(options);
            results.Add(new GroupQuantization(group, values, groupWeights, options, Quantize(quantizer, values, groupWeights)));
        }
        return results;
    }

    static QuantizerOptions OptionsFor(CompressRequest request, ParameterGroup group)
    {
        int? bits = group.Kind switch
        {
            LayerKind.Convolution => request.ConvBits,
            LayerKind.FullyConnected => request.FcBits,
            _ => null,
        };
        return bits is { } b ? request.Quantizer with { Clusters = 1 << b } : request.Quantizer;
    }

    // A quantizer refuses some sizes only once it sees the data (e.g. the DP's table at very large k).
    static Quantization Quantize(IQuantizer quantizer, float[] values, float[] weights)
    {
        try
        {
            return quantizer.Quantize(values, weights);
        }
        catch (ArgumentException e)
        {
            throw new UserInputException(e.Message);
        }
    }

    static IQuantizer CreateQuantizer(QuantizerOptions options)
    {
        try
        {
            return QuantizerFactory.Create(options);
        }
        catch (ArgumentException e)
        {
            throw new UserInputException(e.Message);
        }
    }
}
