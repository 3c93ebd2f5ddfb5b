using Quantize.Format.Onnx;
using Quantize.Format.SafeTensors;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// Lines up per-parameter weights from a safetensors file with the model's parameters (same names, same
/// shapes), concatenated in the model's parameter order, as the quantizers expect.
/// </summary>
public static class ParameterWeights
{
    public static float[] FromTensors(IReadOnlyList<ParameterTensor> weights, IReadOnlyList<ParameterTensor> parameters, string description,
        Func<float, float>? transform = null)
    {
        Dictionary<string, ParameterTensor> byName = weights.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var result = new float[parameters.Sum(p => p.ElementCount)];
        long offset = 0;
        foreach (ParameterTensor parameter in parameters)
        {
            if (!byName.TryGetValue(parameter.Name, out ParameterTensor? weight))
                throw new SafeTensorsFormatException($"{description} has no tensor named '{parameter.Name}' (it must name every parameter of the model)");
            if (!weight.Dims.SequenceEqual(parameter.Dims))
                throw new SafeTensorsFormatException($"{description}: '{parameter.Name}' has shape {weight.ShapeText}, the model's has {parameter.ShapeText}");
            for (int i = 0; i < weight.Values.Length; i++)
            {
                float value = transform == null ? weight.Values[i] : transform(weight.Values[i]);
                if (!float.IsFinite(value) || value < 0)
                    throw new SafeTensorsFormatException($"{description}: '{parameter.Name}'[{i}] is {weight.Values[i]}; weights must be finite and non-negative");
                result[offset + i] = value;
            }
            offset += parameter.ElementCount;
        }
        return result;
    }

    public static float[] FromFile(string path, IReadOnlyList<ParameterTensor> parameters) =>
        FromTensors(SafeTensorsFile.Read(path).Tensors, parameters, path);

    /// <summary>Paper §3.5: the square root of Adam's second-moment estimate v stands in for the Hessian diagonal.</summary>
    public static float[] FromAdamMoments(string path, IReadOnlyList<ParameterTensor> parameters) =>
        FromTensors(SafeTensorsFile.Read(path).Tensors, parameters, path, v => MathF.Sqrt(v));
}
