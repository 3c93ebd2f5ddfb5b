using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Tests.Onnx;

namespace Quantize.Format.Tests.Container;

/// <summary>A model, its parameters and one uniform quantization of them: the inputs of <see cref="NqzBuilder"/>.</summary>
sealed record ContainerFixture(ModelProto Model, IReadOnlyList<ParameterTensor> Parameters, Quantization Quantization)
{
    public const string Producer = "format-tests 1.0";

    public static ContainerFixture Create(int inputs = 4, int outputs = 6, int cells = 8, int seed = 1)
    {
        float[] bias = Enumerable.Range(0, outputs).Select(i => (i - outputs / 2) * 0.125f).ToArray();
        ModelProto model = SampleModels.Build(inputs, outputs, seed, bias);
        // Every floating tensor, the scalar 'scale' too: a container may carry any floating tensor, and the golden files and
        // hand-made bodies of these tests were written when scalars still counted as weights (they no longer do, docs/onnx.md).
        IReadOnlyList<ParameterTensor> parameters = ModelTensors.Find(model).Where(s => TensorData.IsFloating(s.Tensor))
            .Select(s => new ParameterTensor(s.Identity, s.Tensor.Dims.ToArray(), TensorData.ReadFloats(s.Tensor))).ToList();
        float[] all = parameters.SelectMany(p => p.Values).ToArray();
        return new ContainerFixture(model, parameters, new UniformQuantizer(cells).Quantize(all, []));
    }

    public static Settings Settings(int cells) => new() { Method = "uniform", RequestedClusters = (uint)cells, SourceModel = "tiny.onnx" };

    public NqzBody Build(SymbolCoding coding) =>
        NqzBuilder.Build(Model, Parameters, Quantization, coding, Settings(Quantization.ClusterCount), Producer);

    /// <summary>The quantized values of every tensor: <see cref="Quantization.Reconstruct"/> cut at tensor boundaries.</summary>
    public IReadOnlyList<ParameterTensor> Reconstructed()
    {
        float[] values = Quantization.Reconstruct();
        var tensors = new List<ParameterTensor>();
        int start = 0;
        foreach (ParameterTensor parameter in Parameters)
        {
            tensors.Add(parameter with { Values = values[start..(start + (int)parameter.ElementCount)] });
            start += (int)parameter.ElementCount;
        }
        return tensors;
    }
}
