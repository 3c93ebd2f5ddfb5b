using Quantize.Cli.Reports;
using Quantize.Core.Accounting;
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
/// model file → parameters → quantization of all layers at once → coded container → evaluation → report.
/// The container is decoded again before it is written, and the accuracy reported is that of the
/// decoded model, so <c>decompress</c> + <c>eval</c> reproduce it exactly. Nothing is written unless all succeeded.
/// </summary>
public static class CompressionPipeline
{
    public static CompressionReport Run(CompressRequest request)
    {
        AtomicFile.EnsureNotInput(request.OutputPath, request.ModelPath);
        ModelProto model = OnnxModelFile.Load(request.ModelPath);
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        float[] values = Concatenate(parameters);

        // Find the data before the slow work, so a missing folder fails fast.
        ImageDataset? dataset = null;
        ImageTensors? test = null;
        if (request.Evaluate)
        {
            TorchRuntime.EnsureLoaded();
            dataset = ImageDataset.Resolve(request.DataDirectory, request.ModelPath, DatasetSplit.Test);
            test = new ImageTensors(dataset.Load(DatasetSplit.Test));
        }

        Quantization quantization = CreateQuantizer(request).Quantize(values, ReadOnlySpan<float>.Empty);
        SymbolCoding coding = request.Coding == "fixed" ? SymbolCoding.Fixed : SymbolCoding.Huffman;
        var settings = new Settings { Method = request.Method, RequestedClusters = (uint)request.Clusters, SourceModel = Path.GetFileName(request.ModelPath) };
        NqzBody body = NqzBuilder.Build(model, parameters, quantization, coding, settings, ToolInfo.Producer);
        byte[] container = NqzFile.ToBytes(body);

        // Evaluate exactly what a reader of the file will get.
        NqzBody reread = NqzFile.Parse(container, request.OutputPath);
        ModelProto restored = NqzDecoder.DecodeModel(reread, request.OutputPath);

        AccuracyReport accuracy = new(null, null, null, null, null);
        if (test != null && dataset != null)
        {
            AccuracyResult original = ModelEvaluation.TestAccuracy(model, test);
            AccuracyResult quantized = ModelEvaluation.TestAccuracy(restored, test);
            accuracy = new AccuracyReport(original.Percent, quantized.Percent, null, quantized.Total, dataset.Directory);
        }

        AtomicFile.WriteAllBytes(request.OutputPath, container);
        return CompressionReportBuilder.Build(request, parameters, values, quantization, body.Codebooks[0], container.LongLength, accuracy);
    }

    static IQuantizer CreateQuantizer(CompressRequest request) => request.Method switch
    {
        "uniform" => new UniformQuantizer(request.Clusters),
        _ => throw new UserInputException($"unknown method '{request.Method}'"),
    };

    static float[] Concatenate(IReadOnlyList<ParameterTensor> parameters)
    {
        var values = new float[parameters.Sum(p => p.ElementCount)];
        long offset = 0;
        foreach (ParameterTensor parameter in parameters)
        {
            parameter.Values.CopyTo(values, offset);
            offset += parameter.ElementCount;
        }
        return values;
    }
}
