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

namespace Quantize.Cli.Pipeline;

/// <summary>
/// model file → parameters (+ importance weights) → quantization (all layers at once, or per layer) →
/// coded container → evaluation → report. The container is decoded again before it is written and the
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

        ImportanceWeights weights = ImportanceWeights.Resolve(request, model, parameters);
        IReadOnlyList<ParameterGroup> groups = request.PerLayer
            ? ParameterGrouping.PerLayer(model, parameters)
            : ParameterGrouping.AllAtOnce(parameters);
        List<GroupQuantization> quantized = QuantizeGroups(request, groups, parameters, weights.Values);

        var settings = new Settings
        {
            Method = QuantizerNames.Of(request.Quantizer.Method),
            RequestedClusters = (uint)(request.Quantizer.Clusters ?? 0),
            SourceModel = Path.GetFileName(request.ModelPath),
        };
        NqzBody body = NqzBuilder.Build(model, quantized.Select(q => new CodedGroup(q.Group.Tensors, q.Quantization, request.Coding)).ToList(),
            settings, ToolInfo.Producer);
        byte[] container = NqzFile.ToBytes(body);

        // Evaluate exactly what a reader of the file will get.
        ModelProto restored = NqzDecoder.DecodeModel(NqzFile.Parse(container, request.OutputPath), request.OutputPath);
        AccuracyReport accuracy = new(null, null, null, null, null);
        if (test != null && dataset != null)
        {
            AccuracyResult original = ModelEvaluation.TestAccuracy(model, test);
            AccuracyResult after = ModelEvaluation.TestAccuracy(restored, test);
            accuracy = new AccuracyReport(original.Percent, after.Percent, null, after.Total, dataset.Directory);
        }

        AtomicFile.WriteAllBytes(request.OutputPath, container);
        return CompressionReportBuilder.Build(request, quantized, body.Codebooks, container.LongLength, accuracy, weights.Report);
    }

    static List<GroupQuantization> QuantizeGroups(CompressRequest request, IReadOnlyList<ParameterGroup> groups,
        IReadOnlyList<ParameterTensor> parameters, float[]? weights)
    {
        // Offsets of each tensor in the concatenated parameter vector, to slice the weights per group.
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        long offset = 0;
        foreach (ParameterTensor parameter in parameters)
        {
            offsets[parameter.Name] = offset;
            offset += parameter.ElementCount;
        }

        var results = new List<GroupQuantization>(groups.Count);
        foreach (ParameterGroup group in groups)
        {
            float[] values = new float[group.ElementCount];
            float[] groupWeights = new float[group.ElementCount];
            long at = 0;
            foreach (ParameterTensor tensor in group.Tensors)
            {
                tensor.Values.CopyTo(values, at);
                if (weights != null) Array.Copy(weights, offsets[tensor.Name], groupWeights, at, tensor.ElementCount);
                else Array.Fill(groupWeights, 1f, (int)at, (int)tensor.ElementCount);
                at += tensor.ElementCount;
            }
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
