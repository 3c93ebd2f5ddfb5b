using System.Runtime.CompilerServices;
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
using Quantize.Torch.Onnx;
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
    // Compiled optimized from the start: tier-0 code reports every local and temporary live to the end of the method,
    // which would keep a large model's released arrays (ReleasedMemory) from being freed.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CompressionReport Run(CompressRequest request)
    {
        AtomicFile.EnsureNotInput(request.OutputPath, request.ModelPath);
        CreateQuantizer(RateMatching.Placeholder(request.Quantizer)); // conflicting options fail before any slow work
        ModelProto model = ModelSource.LoadNetwork(request.ModelPath);
        // Memory (docs/results.md, "Scale"): a large model is held about once. The model's own copy of the weights goes as they
        // are extracted unless something reads it again; below, dense tensors' values go once concatenated for the quantizers.
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model, releaseData: !RunsSourceModel(request));
        ReleasedMemory.Collect(); // the model's stored bytes, where released
        FiniteValues.Check(parameters);

        // Find the data before the slow work, so a missing folder fails fast.
        ImageDataset? dataset = null;
        ImageTensors? test = null;
        if (request.Evaluate)
        {
            TorchRuntime.EnsureLoaded();
            dataset = ImageDataset.Resolve(request.DataDirectory, request.ModelPath, DatasetSplit.Test);
            test = new ImageTensors(dataset.Load(DatasetSplit.Test));
            ModelInputs.Check(model, test.Images); // a model that cannot take the images fails before the slow work
        }

        // Only steps that run the model use torch: without them libtorch (over 100 MB resident) is never loaded.
        Device? device = RunsSourceModel(request) ? DeviceChoice.Resolve(request.Device) : null;
        ImportanceWeights weights = ImportanceWeights.Resolve(request, model, parameters);
        IReadOnlyList<ParameterGroup> groups = request.PerLayer
            ? ParameterGrouping.PerLayer(model, parameters)
            : ParameterGrouping.AllAtOnce(parameters);
        PrunedPositions pruned = PrunedPositions.Find(model, parameters, request.ConvIndexBits, request.FcIndexBits);
        List<float[]> keptValues = groups.Select(g => pruned.KeptValues(g.Tensors)).ToList();
        groups = groups.Select(pruned.WithoutDenseValues).ToList();
        parameters = [.. groups.SelectMany(g => g.Tensors)]; // the same tensors, dense ones now without values
        ReleasedMemory.Collect(); // the tensors' own copies
        List<GroupQuantization> quantized = QuantizeGroups(request, groups, keptValues, pruned, weights.Values);
        List<GroupQuantization>? beforeTuning = null;
        FineTuningReport? tuning = null;
        if (request.FineTuning.Enabled)
        {
            beforeTuning = quantized;
            (quantized, tuning) = SharedValueTuning.Run(request, model, pruned, quantized, device!);
        }
        // The centers are final: coding and the report need the assignments and the distortion, not the values.
        quantized = quantized.Select(q => q.WithoutValues()).ToList();
        keptValues = [];
        ReleasedMemory.Collect();

        var settings = new Settings
        {
            Method = QuantizerNames.Of(request.Quantizer.Method),
            RequestedClusters = (uint)(request.Quantizer.Clusters ?? 0),
            SourceModel = Path.GetFileName(request.ModelPath),
        };
        NqzBody Build(IReadOnlyList<GroupQuantization> coded, PrunedStorage storage) => NqzBuilder.Build(model,
            coded.Select(q => pruned.Code(q.Group.Tensors, q.Quantization, request.Coding, storage)).ToList(), settings, ToolInfo.Producer);
        NqzBody body = Build(quantized, request.Positions);
        byte[] encoded = NqzFile.EncodeBody(body);
        // The other way of storing pruned weights, coded only to report its size next to ours; the same body without pruning.
        NqzBody alternative = pruned.PrunedCount == 0 ? body
            : Build(quantized, request.Positions == PrunedStorage.ZeroCluster ? PrunedStorage.IndexDifferences : PrunedStorage.ZeroCluster);

        // Evaluate exactly what a reader of the file will get. Without evaluation the restored model has no use: the
        // container is only checked to decode (NqzDecoder.Verify), which needs no second copy of the weights.
        NqzBody written = NqzFile.ParseBody(encoded, request.OutputPath);
        AccuracyReport accuracy = new(null, null, null, null, null);
        if (test != null && dataset != null)
        {
            ModelProto restored = NqzDecoder.DecodeModel(written, request.OutputPath);
            AccuracyResult original = ModelEvaluation.TestAccuracy(model, test, device!);
            AccuracyResult after = ModelEvaluation.TestAccuracy(restored, test, device!);
            // Before fine-tuning: the same container with the shared values as quantized.
            AccuracyResult? quantizedOnly = beforeTuning == null ? null
                : ModelEvaluation.TestAccuracy(NqzDecoder.DecodeModel(Build(beforeTuning, request.Positions), request.OutputPath), test, device!);
            accuracy = quantizedOnly == null
                ? new AccuracyReport(original.Percent, after.Percent, null, after.Total, dataset.Directory)
                : new AccuracyReport(original.Percent, quantizedOnly.Percent, after.Percent, after.Total, dataset.Directory);
        }
        else
        {
            NqzDecoder.Verify(written, request.OutputPath);
        }
        written = null!; // checked; not needed for the report (body holds the same), and as large as the file

        AtomicFile.Write(request.OutputPath, stream => NqzFile.WriteTo(stream, encoded));
        return CompressionReportBuilder.Build(request, quantized, body, alternative, NqzFile.FileLength(encoded), accuracy, weights.Report) with { FineTuning = tuning };
    }

    /// <summary>
    /// Whether a step after extraction runs the source model (and so reads its weights, with torch): evaluation,
    /// fine-tuning (the executor starts from them) and Hessian estimation; importance weights from a file do not.
    /// </summary>
    static bool RunsSourceModel(CompressRequest request) =>
        request.Evaluate || request.FineTuning.Enabled
        || request.Hessian.Kind is not (HessianSourceKind.None or HessianSourceKind.File or HessianSourceKind.AdamMoments);

    // Quantizers see only the kept values of each group (keptValues, in group order), with their importance weights.
    static List<GroupQuantization> QuantizeGroups(CompressRequest request, IReadOnlyList<ParameterGroup> groups,
        IReadOnlyList<float[]> keptValues, PrunedPositions pruned, float[]? weights)
    {
        var results = new List<GroupQuantization>(groups.Count);
        for (int g = 0; g < groups.Count; g++)
        {
            ParameterGroup group = groups[g];
            float[] values = keptValues[g];
            QuantizerOptions template = OptionsFor(request, group);
            // Without importance weights a method that ignores them gets none (empty = unweighted: the same result) rather
            // than a copy of all ones per parameter.
            float[] groupWeights = weights == null && IgnoresWeights(template) ? [] : pruned.KeptWeights(group.Tensors, weights);
            QuantizerOptions options = RateMatching.Resolve(template, values, groupWeights);
            IQuantizer quantizer = CreateQuantizer(options);
            results.Add(new GroupQuantization(group, values, groupWeights, options, Quantize(quantizer, values, groupWeights)));
        }
        return results;
    }

    static bool IgnoresWeights(QuantizerOptions options) =>
        options.Method == QuantizationMethod.KMeans || options.Method == QuantizationMethod.Uniform && options.Center != CenterMean.Weighted;

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
