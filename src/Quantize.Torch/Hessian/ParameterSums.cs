using Quantize.Format.Onnx;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Hessian;

/// <summary>
/// One running sum per float initializer, in float64 so that adding up many small per-sample terms in
/// float32 does not lose digits; ends as <see cref="ParameterTensor"/>s in graph order. The sums live on
/// the parameters' device and come back to the CPU only at the end.
/// </summary>
sealed class ParameterSums : IDisposable
{
    readonly Dictionary<string, Tensor> sums = new(StringComparer.Ordinal);

    public ParameterSums(OnnxGraphModule model)
    {
        foreach ((string name, TorchSharp.Modules.Parameter parameter) in model.Initializers)
            sums[name] = zeros(parameter.shape, ScalarType.Float64, parameter.device).DetachFromDisposeScope();
    }

    public long[] Shape(string name) => sums[name].shape;

    public long ElementCount(string name) => sums[name].numel();

    /// <summary>Adds a tensor with the parameter's number of elements (reshaped to its shape).</summary>
    public void Add(string name, Tensor value)
    {
        Tensor sum = sums[name];
        using var scope = NewDisposeScope();
        sum.add_(value.detach().reshape(sum.shape).On(sum.device));
    }

    public IReadOnlyList<ParameterTensor> ToParameterTensors(double scale)
    {
        var result = new List<ParameterTensor>(sums.Count);
        foreach ((string name, Tensor sum) in sums)
        {
            using var scope = NewDisposeScope();
            float[] values = sum.mul(scale).to(ScalarType.Float32).On(CPU).contiguous().data<float>().ToArray();
            result.Add(new ParameterTensor(name, sum.shape.ToArray(), values));
        }
        return result;
    }

    public void Dispose()
    {
        foreach (Tensor sum in sums.Values) sum.Dispose();
    }
}
