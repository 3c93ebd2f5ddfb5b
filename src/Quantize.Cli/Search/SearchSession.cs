using System.Globalization;
using Quantize.Cli.Gates;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;
using Quantize.Core.Clustering;
using Quantize.Core.Fidelity;
using Quantize.Format.Container;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch;
using Quantize.Torch.Data;
using Quantize.Torch.Evaluation;
using static TorchSharp.torch;

namespace Quantize.Cli.Search;

/// <summary>
/// What every probe of a search shares, made once: the model, the data splits (validation carved from training), the
/// device, the original model's validation accuracy, and per kind of quantizer the prepared values (importance weights,
/// pruned positions, scales and grid shares: compress's own preparation, <see cref="CompressionPipeline.PrepareOnce"/>).
/// A probe then only quantizes, fine-tunes where asked, codes, decodes the bytes and measures on validation.
/// </summary>
public sealed class SearchSession(SearchRequest request, ModelProto model, DataSplits data, Device device)
{
    readonly Dictionary<bool, (PreparedValues Values, ExemptTensors Exempt, SettledShares? Shares)> prepared = [];
    double? originalAccuracy;
    bool originalMeasured;
    int evaluations;

    public IModelData Validation => data.Validation;

    /// <summary>The original model's top-1 accuracy on validation; null where the data has no labels.</summary>
    public double? OriginalAccuracy
    {
        get
        {
            if (originalMeasured) return originalAccuracy;
            originalMeasured = true;
            return originalAccuracy = Validation.HasLabels ? ModelEvaluation.TestAccuracy(model, Validation, device).Percent : null;
        }
    }

    /// <summary>Probes made so far, all methods together: the progress lines number them.</summary>
    public int Evaluations => evaluations;

    /// <summary>The grid shares a fixed-step template's values were scaled by (for the file to be written with them); null otherwise.</summary>
    public SettledShares? SharesFor(QuantizerOptions template) => prepared.TryGetValue(template.Step != null, out var p) ? p.Shares : null;

    /// <summary>Lets the prepared values go (before the file is made again by compress's own pipeline).</summary>
    public void Release() => prepared.Clear();

    public SearchProbe Evaluate(QuantizerOptions template, SearchKnob knob, double value)
    {
        int index = ++evaluations;
        QuantizerOptions options = knob.Apply(template, value);
        CompressRequest setting = request.Compress with { Quantizer = options };
        string method = QuantizerNames.Of(options.Method);
        SearchProbe probe;
        try
        {
            probe = Measure(index, method, knob, value, setting, Prepared(request.Compress with { Quantizer = template }));
        }
        catch (QuantizationException e)
        {
            // A setting the quantizer cannot make on these values (a rate out of reach, more clusters than values) is no file.
            probe = new SearchProbe(index, method, knob.Name, value, null, null, null, null, null, null, false) { Error = e.Message };
        }
        request.Compress.ProgressWriter.WriteLine(SearchText.ProgressLine(probe, request));
        return probe;
    }

    SearchProbe Measure(int index, string method, SearchKnob knob, double value, CompressRequest setting,
        (PreparedValues Values, ExemptTensors Exempt, SettledShares? Shares) start)
    {
        (PreparedValues values, ExemptTensors exempt, _) = start;
        List<GroupQuantization> quantized = QuantizationStage.Run(values, setting.Quantizer, setting.LayerBits);
        TuningOutcome? tuning = setting.FineTuning.Enabled
            ? SharedValueTuning.Run(setting.FineTuning, data.Train, model, values.Pruned, quantized, device, TextWriter.Null)
            : null;
        SettledQuantization settled = SettledQuantization.Of(quantized, tuning, values);
        EncodedContainer container = ContainerCoding.Encode(model, settled.Pruned, settled.Groups, setting.Coding, setting.Positions,
            ContainerCoding.SettingsOf(setting.Quantizer, setting.ModelPath), setting.SplitsCodebooks);
        long parameters = settled.Groups.Sum(g => g.Group.ElementCount), kept = settled.Groups.Sum(g => g.KeptCount);
        double ratio = ContainerBits.Of(container.Body, parameters, kept, exempt.ParameterCount).Breakdown.Ratio;

        string name = string.Create(CultureInfo.InvariantCulture, $"search probe {index}");
        ModelProto restored = NqzDecoder.DecodeModel(NqzFile.ParseBody(container.Encoded, name), name);
        (double? accuracy, double? drop, FidelityMeasures? fidelity) = Quality(restored);
        bool meets = GateCheck.Failures(request.Budget, ratio, drop, fidelity).Count == 0;
        return new SearchProbe(index, method, knob.Name, value, container.FileLength, ratio, accuracy, drop, fidelity?.CosineMin, fidelity?.Agreement, meets);
    }

    /// <summary>
    /// Accuracy alone where the budget is on accuracy (the original's is measured once); fidelity to the original, which
    /// runs both models, only where the budget needs it.
    /// </summary>
    (double? Accuracy, double? Drop, FidelityMeasures? Fidelity) Quality(ModelProto restored)
    {
        if (!request.Budget.NeedsFidelity)
        {
            double accuracy = ModelEvaluation.TestAccuracy(restored, Validation, device).Percent;
            return (accuracy, OriginalAccuracy - accuracy, null);
        }
        QualityResult result = ModelQuality.Compare(model, restored, Validation, device);
        return (result.RestoredAccuracy?.Percent, result.AccuracyDrop, result.Fidelity.Overall);
    }

    /// <param name="setting">The request with the template quantizer: a fixed step's shares are settled at the template's step.</param>
    (PreparedValues, ExemptTensors, SettledShares?) Prepared(CompressRequest setting)
    {
        bool fixedStep = setting.Quantizer.Step != null;
        if (prepared.TryGetValue(fixedStep, out var done)) return done;
        // A fixed step's grid shares are settled once, at the template's step, and kept for every step probed: the global
        // step then scales all tensors alike, a one-dimensional knob.
        return prepared[fixedStep] = CompressionPipeline.PrepareOnce(setting, model, data);
    }
}
