using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;

namespace Quantize.Runtime.Tests;

/// <summary>
/// The shipped LeNet-5 quantized to 16 uniform levels and coded with rANS, made once for all tests, with what its restored
/// model must hold: every learned tensor set to its cluster's shared value.
/// </summary>
static class SampleContainer
{
    static readonly Lazy<(byte[] Bytes, Dictionary<string, float[]> Expected)> Made = new(Make);

    public static byte[] Bytes => Made.Value.Bytes;

    /// <summary>The values each quantized tensor must restore to, by name: the quantizer's reconstruction.</summary>
    public static IReadOnlyDictionary<string, float[]> Expected => Made.Value.Expected;

    public const string Producer = "runtime-tests";

    static (byte[], Dictionary<string, float[]>) Make()
    {
        ModelProto model = OnnxModelFile.Load(RepoPaths.SampleModel);
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        float[] values = [.. parameters.SelectMany(p => p.Values)];
        Quantization quantization = new UniformQuantizer(16).Quantize(values, []);
        var settings = new Settings { Method = "uniform", RequestedClusters = 16, SourceModel = "lenet5-fashion.onnx" };
        byte[] bytes = NqzFile.ToBytes(NqzBuilder.Build(model, parameters, quantization, SymbolCoding.Ans, settings, Producer));

        float[] reconstructed = quantization.Reconstruct();
        var expected = new Dictionary<string, float[]>(StringComparer.Ordinal);
        int at = 0;
        foreach (ParameterTensor parameter in parameters)
        {
            expected[parameter.Name] = reconstructed[at..(at + (int)parameter.ElementCount)];
            at += (int)parameter.ElementCount;
        }
        return (bytes, expected);
    }
}
