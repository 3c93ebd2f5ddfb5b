using Quantize.Cli.Reports;
using Quantize.Core.Clustering;
using Quantize.Format.Container.Proto;
using Quantize.Format.Container;
using Quantize.Format.IO;
using Quantize.Data.Idx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Onnx;
using Quantize.Torch.Data;
using Quantize.Torch.Onnx;
using Quantize.Torch;
using static TorchSharp.torch;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// compress as a sequence of stages: load → importance → quantize → tune → code → evaluate → write → report. Each stage
/// is a type with one job and a typed result (docs/architecture.md). Nothing is written unless everything succeeded.
/// Memory: a large model is held about once (docs/results.md, "Scale"). The values, weights and assignments live
/// only inside <see cref="QuantizeAndTune"/>'s scope, and the file's second copy only inside the evaluation stage, so
/// each is garbage when its stage returns; a full collection at those boundaries (<see cref="ReleasedMemory"/>) keeps
/// the dead arrays from staying resident beside the next stage's.
/// </summary>
public static class CompressionPipeline
{
    public static CompressionReport Run(CompressRequest request)
    {
        AtomicFile.EnsureNotInput(request.OutputPath, request.ModelPath);
        RateMatching.Placeholder(request.Quantizer).Validate(); // conflicting options fail before any slow work
        SourceModel source = ModelSource.Open(request.ModelPath, request.WeightsOnly);
        ModelProto model = source.Model;
        // A safetensors model has no graph: nothing to evaluate, estimate a Hessian on, fine-tune or probe.
        if (source.WeightsOnlyReason is { } reason)
        {
            if (request.EvaluationRequired) throw new UserInputException(ModelSource.NoGraph(request.ModelPath, reason));
            request = request with { Evaluate = false, Probe = false };
        }

        var data = new DataSplits(request.Context, model); // each split found and bound to the model when first needed
        // A model that cannot run on the data found (or no data at all) is still compressed, weights only, unless the user
        // asked for something that needs running it; then the reason is the error.
        string? qualityNote = source.WeightsOnlyReason is { } why ? $"a safetensors model has no graph to run ({why})"
            : request.Evaluate ? QualityNote(request, model, data) : null;
        bool evaluate = request.Evaluate && qualityNote == null;
        // Only steps that run the model use torch: without them libtorch (over 100 MB resident) is never loaded.
        Device? device = request.RunsSourceModel ? TorchDevices.Resolve(request.Device) : null;

        SettledQuantization settled = QuantizeAndTune(request, model, data, device);
        ReleasedMemory.Collect();

        Settings settings = ContainerCoding.SettingsOf(request.Quantizer, request.ModelPath);
        EncodedContainer container = ContainerCoding.Encode(model, settled.Pruned, settled.Groups, request.Coding, request.Positions, settings,
            request.SplitsCodebooks, source.Layout);
        // The other way of storing pruned weights, coded only to report its size next to ours.
        NqzBody alternative = settled.Pruned.PrunedCount == 0 ? container.Body
            : ContainerCoding.Build(model, settled.Pruned, settled.Groups, request.Coding, OtherStorage(request.Positions), settings, request.SplitsCodebooks,
                source.Layout);
        // Only evaluated, never written: one table restores the same values.
        NqzBody? beforeTuning = settled.BeforeTuning is { } quantized && evaluate
            ? ContainerCoding.Build(model, settled.Pruned, quantized, request.Coding, request.Positions, settings)
            : null;

        MeasuredQuality quality = QualityMeasurement.Measure(model, container, beforeTuning, evaluate ? data : null, device, request.OutputPath);
        ReleasedMemory.Collect();

        AtomicFile.Write(request.OutputPath, stream => NqzFile.WriteTo(stream, container.Encoded));
        return CompressionReportBuilder.Build(request.Setting, settled.Groups, container.Body, alternative, container.FileLength, quality.Accuracy,
            settled.Importance, settled.Errors, settled.Exempt, container.CodingGroups) with { Probe = settled.Probe ?? SkippedProbe(request, source), Scale = Names.ScaleNames.Of(request.Scale), Step = request.Quantizer.Step, FineTuning = settled.Tuning, Fidelity = quality.Fidelity, QualityNote = qualityNote };
    }

    /// <summary>
    /// Binds the test split to the model before the slow work. Null when it fits; else why quality cannot be measured, or
    /// the error itself when the request needs the model run (<see cref="CompressRequest.EvaluationRequired"/>).
    /// </summary>
    internal static string? QualityNote(CompressRequest request, ModelProto model, DataSplits data)
    {
        try
        {
            _ = data.Test;
            using var module = new Quantize.Torch.Onnx.OnnxGraphModule(model); // an op the executor lacks fails here, not after quantizing
            return null;
        }
        catch (Exception e) when (!request.EvaluationRequired && e is IncompatibleModelException or ModelDataException or OnnxExecutionException
                                      or DirectoryNotFoundException or FileNotFoundException)
        {
            return e.Message;
        }
    }

    // Everything that holds a value per parameter lives in this scope and the stages it calls; what it returns holds
    // only assignments and shared values.
    static SettledQuantization QuantizeAndTune(CompressRequest request, ModelProto model, DataSplits data, Device? device)
    {
        (PreparedValues prepared, ExemptTensors exempt, ProbeReport? probe) = Prepare(request, model, data);
        ReleasedMemory.Collect(); // the tensors' own copies of the values, now concatenated
        List<GroupQuantization> quantized = QuantizationStage.Run(prepared, request.Quantizer, request.LayerBits);
        TuningOutcome? tuning = request.FineTuning.Enabled
            ? SharedValueTuning.Run(request.FineTuning, data.Train, model, prepared.Pruned, quantized, device!, request.ProgressWriter)
            : null;
        return SettledQuantization.Of(quantized, tuning, prepared) with { Exempt = exempt, Probe = probe };
    }

    /// <returns>The prepared values, the tensors --keep leaves out of them, and what the probe did to the grid shares.</returns>
    static (PreparedValues, ExemptTensors, ProbeReport?) Prepare(CompressRequest request, ModelProto model, DataSplits data)
    {
        (PreparedValues prepared, ExemptTensors exempt, SettledShares? shares) = PrepareOnce(request, model, data);
        return (prepared, exempt, shares?.Probe);
    }

    /// <summary>
    /// The values every quantization of this request starts from, made once: compress quantizes them once, compress --search
    /// once per probe. With a fixed step over scaled weights, also the grid shares they were scaled by, for the file to be
    /// written with the same ones (<see cref="CompressRequest.Shares"/>).
    /// </summary>
    internal static (PreparedValues, ExemptTensors, SettledShares?) PrepareOnce(CompressRequest request, ModelProto model, DataSplits data)
    {
        // The model's own copy of the weights goes as they are extracted unless a later stage runs the model.
        // Tensors kept exact stay in the skeleton with their data, and the probe runs the model: then nothing is released.
        bool fixedStepScaled = request.Quantizer.Step != null && request.Scale != Core.Scaling.ScaleMode.None;
        bool probe = fixedStepScaled && request.Probe;
        bool runsProbe = probe && GridShares.WithinProbeSize(model); // a model too large to probe keeps its memory bound
        IReadOnlyList<ParameterTensor> all = SourceParameters.Extract(model, releaseData: !request.RunsSourceModel && request.Keep.IsEmpty && !runsProbe);
        ReleasedMemory.Collect(); // the model's stored bytes, where released
        (IReadOnlyList<ParameterTensor> parameters, ExemptTensors exempt) = ExemptTensors.Split(all, request.Keep);
        (IReadOnlyDictionary<string, double>? shares, ProbeReport? probed) = request.Shares is { } settled ? (settled.Shares, settled.Probe)
            : fixedStepScaled
                ? ProbedShares(model, parameters, request, runsProbe ? ProbeSamples(request, data) : default, probe)
                : (null, null);
        ImportanceWeights importance = ImportanceWeights.Resolve(request.Importance, request.Context, data, model, parameters);
        return (ValuePreparation.Run(model, parameters, importance, request.PerLayer, request.ConvIndexBits, request.FcIndexBits, request.Scale, shares),
            exempt, shares == null ? null : new SettledShares(shares, probed));
    }

    static (IReadOnlyDictionary<string, double>, ProbeReport?) ProbedShares(ModelProto model, IReadOnlyList<ParameterTensor> parameters,
        CompressRequest request, (ModelBatch? Samples, string? NotUsed) data, bool probe) =>
        GridShares.Of(model, parameters, request.Scale, request.Quantizer.Step!.Value, probe, request.ProgressWriter, data.Samples, data.NotUsed);

    /// <summary>
    /// The first few training samples when the user gave --data and it fits the model: the probe then measures on what the
    /// model will see. Otherwise no samples (synthetic inputs) and, where --data was given, why it could not be used: not
    /// an error, as nothing asked to run on it yet, but the user who gave data hears that the probe did not use it.
    /// </summary>
    static (ModelBatch? Samples, string? NotUsed) ProbeSamples(CompressRequest request, DataSplits data)
    {
        if (request.Data.Directory == null) return (null, null);
        try
        {
            IModelData train = data.Train;
            int count = Math.Min(GridShares.ProbeSamples, train.Count);
            return count == 0 ? (null, "the training split is empty") : (train.Batch(Enumerable.Range(0, count).ToArray()), null);
        }
        catch (Exception e) when (e is IncompatibleModelException or ModelDataException or DirectoryNotFoundException or FileNotFoundException)
        {
            return (null, e.Message.Split('\n')[0]);
        }
    }

    // The default's probe runs the model; a safetensors model has none to run, and the report says so.
    static ProbeReport? SkippedProbe(CompressRequest request, SourceModel source) =>
        source.IsWeightsOnly && request.Quantizer.Step != null && request.Scale != Core.Scaling.ScaleMode.None
            ? ProbeReport.Skipped("a safetensors model has no graph to run")
            : null;

    static PrunedStorage OtherStorage(PrunedStorage storage) =>
        storage == PrunedStorage.ZeroCluster ? PrunedStorage.IndexDifferences : PrunedStorage.ZeroCluster;
}
