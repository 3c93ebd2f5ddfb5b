using Quantize.Core.Clustering;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;

namespace Quantize.Torch.Tests.Evaluation;

/// <summary>
/// The sample LeNet-5 as a user gets it back: every parameter uniformly quantized at once, written to a
/// container and decoded from its bytes, the path of compress then decompress.
/// </summary>
static class RestoredLeNet
{
    public static ModelProto Original { get; } = OnnxModelFile.Load(RepoPaths.SampleModel);

    public static ModelProto WithClusters(int clusters)
    {
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(Original);
        float[] values = parameters.SelectMany(p => p.Values).ToArray();
        IQuantizer quantizer = QuantizerFactory.Create(new QuantizerOptions { Method = QuantizationMethod.Uniform, Clusters = clusters });
        Quantization quantization = quantizer.Quantize(values, Enumerable.Repeat(1f, values.Length).ToArray());
        NqzBody body = NqzBuilder.Build(Original, parameters, quantization, SymbolCoding.Huffman, new Settings { Method = "uniform" }, "torch-tests");
        return NqzDecoder.DecodeModel(NqzFile.Parse(NqzFile.ToBytes(body), "restored LeNet"), "restored LeNet");
    }
}
