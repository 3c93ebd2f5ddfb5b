using Google.Protobuf;
using Quantize.Core.Clustering;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Onnx.Tests;

/// <summary>
/// compress → container bytes → decompress through the library, the path the CLI takes for weight-only
/// compression: all parameters uniformly quantized at once, Huffman-coded.
/// </summary>
sealed class LibraryRoundTrip
{
    public LibraryRoundTrip(ModelProto model, int clusters)
    {
        Parameters = ModelParameters.Extract(model);
        float[] values = Parameters.SelectMany(p => p.Values).ToArray();
        IQuantizer quantizer = QuantizerFactory.Create(new QuantizerOptions { Method = QuantizationMethod.Uniform, Clusters = clusters });
        Quantization quantization = quantizer.Quantize(values, Enumerable.Repeat(1f, values.Length).ToArray());
        NqzBody body = NqzBuilder.Build(model, Parameters, quantization, SymbolCoding.Huffman, new Settings { Method = "uniform" }, "onnx-tests");
        Container = NqzFile.ToBytes(body);
        Decoded = NqzDecoder.DecodeModel(NqzFile.Parse(Container, "round trip"), "round trip");

        // What the quantized weights imply: each parameter set to its cluster's shared value.
        float[] reconstructed = quantization.Reconstruct();
        var quantized = new List<ParameterTensor>();
        long at = 0;
        foreach (ParameterTensor parameter in Parameters)
        {
            quantized.Add(parameter with { Values = reconstructed[(int)at..(int)(at + parameter.ElementCount)] });
            at += parameter.ElementCount;
        }
        Quantized = quantized;
        Substituted = ModelParameters.WithValues(model, quantized);
        Skeleton = body.ModelSkeleton;
    }

    public IReadOnlyList<ParameterTensor> Parameters { get; }

    public IReadOnlyList<ParameterTensor> Quantized { get; }

    public byte[] Container { get; }

    public ByteString Skeleton { get; }

    public ModelProto Decoded { get; }

    /// <summary>The source model with the quantized values written into it directly, not through the container.</summary>
    public ModelProto Substituted { get; }
}
