using Quantize.Cli.Names;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;
using Quantize.Cli.Terminal;
using Quantize.Core.Clustering;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch;
using Quantize.Torch.Data;
using static TorchSharp.torch;

namespace Quantize.Cli.Sensitivity;

/// <summary>
/// quantize sensitivity: where the bits go and what each layer costs. All layers are quantized at once with compress's
/// stages (one codebook; the bits each layer takes are read from the container as coded), then each layer alone is put
/// back at its quantized values into the float model and scored on a validation split carved from the training data.
/// The layer losing the most accuracy per bit it saves is what to keep finer (--keep) or what a mixed setting would spare.
/// </summary>
public static class SensitivityPipeline
{
    public static SensitivityReport Run(SensitivityRequest request)
    {
        CompressRequest compress = request.Compress;
        RateMatching.Placeholder(compress.Quantizer).Validate();
        ModelProto model = ModelSource.LoadNetwork(compress.ModelPath);
        var data = new DataSplits(compress.Context, model);
        IModelData validation = data.Validation;
        if (!validation.HasLabels) throw new UserInputException("the training data has no labels, so the accuracy each layer costs cannot be measured");
        Device device = TorchDevices.Resolve(compress.Device);

        (PreparedValues prepared, ExemptTensors exempt, _) = CompressionPipeline.PrepareOnce(compress, model, data);
        double[]? importance = MeanImportance(prepared);
        List<GroupQuantization> quantized = QuantizationStage.Run(prepared, compress.Quantizer);
        SettledQuantization settled = SettledQuantization.Of(quantized, null, prepared);
        EncodedContainer container = ContainerCoding.Encode(model, settled.Pruned, settled.Groups, compress.Coding, compress.Positions,
            ContainerCoding.SettingsOf(compress.Quantizer, compress.ModelPath), compress.SplitsCodebooks);
        CompressionReport coded = CompressionReportBuilder.Build(compress.Setting, settled.Groups, container.Body, null, container.FileLength,
            new AccuracyReport(null, null, null, null, null), settled.Importance, settled.Errors, exempt, container.CodingGroups);
        NqzBody body = NqzFile.ParseBody(container.Encoded, "sensitivity");
        IReadOnlyList<ParameterTensor> restored = NqzDecoder.DecodeTensors(body);

        double original = ModelEvaluation.TestAccuracy(model, validation, device).Percent;
        double all = ModelEvaluation.TestAccuracy(NqzDecoder.DecodeModel(body, "sensitivity"), validation, device).Percent;
        var layers = new List<LayerSensitivity>();
        ProgressDisplay.Run(compress.ProgressWriter, "scoring each layer quantized alone", progress =>
        {
            for (int i = 0; i < coded.Layers.Count; i++)
            {
                LayerReport layer = coded.Layers[i];
                ParameterTensor values = restored.Single(t => t.Name == layer.Name);
                double alone = ModelEvaluation.TestAccuracy(ModelParameters.WithValues(model, [values]), validation, device).Percent;
                double saved = (32.0 - layer.AverageCodewordBits) * layer.Kept / 1e6;
                double drop = original - alone;
                layers.Add(new LayerSensitivity(layer.Name, layer.Shape, layer.Parameters, importance?[i], alone, drop, layer.AverageCodewordBits, saved,
                    saved > 0 ? drop / saved : null));
                progress.Report((i + 1.0) / coded.Layers.Count, layer.Name);
            }
        });
        string? costliest = layers.Where(l => l.DropPerSavedMegabit > 0).OrderByDescending(l => l.DropPerSavedMegabit).FirstOrDefault()?.Name;
        return new SensitivityReport(compress.ModelPath, coded.Parameters, coded.Method, coded.Coding, coded.Clusters, ScaleNames.Of(compress.Scale),
            coded.Hessian, validation.Count, compress.Data.Validation!.Seed, original, all, coded.AverageCodewordBits, coded.CompressionRatio, layers)
        {
            CostliestLayer = costliest,
        };
    }

    /// <summary>Each tensor's mean importance weight over its kept parameters, in the order the quantizer saw them; null without weights.</summary>
    static double[]? MeanImportance(PreparedValues prepared)
    {
        if (!prepared.HasWeights) return null;
        var means = new List<double>();
        for (int g = 0; g < prepared.Groups.Count; g++)
        {
            float[] weights = prepared.WeightsOf(g);
            int at = 0;
            foreach (ParameterTensor tensor in prepared.Groups[g].Tensors)
            {
                int kept = (int)(prepared.Pruned.Of(tensor)?.KeptCount ?? tensor.ElementCount);
                double sum = 0;
                for (int i = 0; i < kept; i++) sum += weights[at + i];
                means.Add(kept == 0 ? 0 : sum / kept);
                at += kept;
            }
        }
        return [.. means];
    }
}
