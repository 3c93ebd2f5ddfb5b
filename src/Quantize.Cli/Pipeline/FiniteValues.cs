using Quantize.Format.Onnx;

namespace Quantize.Cli.Pipeline;

/// <summary>NaN or infinite weights cannot be clustered; say which parameter holds one instead of failing deep inside.</summary>
public static class FiniteValues
{
    public static void Check(IReadOnlyList<ParameterTensor> parameters)
    {
        foreach (ParameterTensor parameter in parameters)
            for (int i = 0; i < parameter.Values.Length; i++)
                if (!float.IsFinite(parameter.Values[i]))
                    throw new OnnxFormatException($"parameter '{parameter.Name}' holds {parameter.Values[i]} at index {i}; only finite values can be quantized");
    }
}
