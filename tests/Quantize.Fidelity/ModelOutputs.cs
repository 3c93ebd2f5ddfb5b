using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Quantize.Fidelity;

/// <summary>A model's float outputs from ONNX Runtime, by name, with the leading dimension of each.</summary>
sealed record ModelOutputs(Dictionary<string, (float[] Values, int Leading)> Floats)
{
    public static ModelOutputs Run(string modelPath, IReadOnlyList<NamedOnnxValue> inputs) => Run(new InferenceSession(modelPath), inputs);

    public static ModelOutputs Run(byte[] model, IReadOnlyList<NamedOnnxValue> inputs) => Run(new InferenceSession(model), inputs);

    static ModelOutputs Run(InferenceSession session, IReadOnlyList<NamedOnnxValue> inputs)
    {
        using (session)
        using (IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run(inputs))
            return From(results);
    }

    /// <summary>The float outputs of one run (float16 widened).</summary>
    public static ModelOutputs From(IEnumerable<DisposableNamedOnnxValue> results)
    {
        var floats = new Dictionary<string, (float[], int)>(StringComparer.Ordinal);
        foreach (DisposableNamedOnnxValue result in results)
        {
            if (result.Value is Tensor<float> tensor)
                floats[result.Name] = (tensor.ToArray(), tensor.Dimensions.Length > 0 ? tensor.Dimensions[0] : 1);
            else if (result.Value is Tensor<Float16> half)
                floats[result.Name] = (half.ToArray().Select(h => (float)h).ToArray(), half.Dimensions.Length > 0 ? half.Dimensions[0] : 1);
        }
        return new ModelOutputs(floats);
    }

    /// <summary>
    /// Min and mean per-sample cosine over all float outputs against the original's (over the batch for an output of one value
    /// per sample), and the output holding the minimum.
    /// </summary>
    public (double Min, double Mean, string Worst) CompareTo(ModelOutputs original, int batch)
    {
        double min = double.PositiveInfinity, sum = 0;
        int count = 0;
        string worst = "";
        foreach ((string name, (float[] values, int leading)) in original.Floats)
        {
            // One value per sample (a wake word's or a voice detector's score): the cosine of one number is ±1 whatever the
            // error, so such an output is compared as one vector over the batch.
            int samples = leading == batch && values.Length > batch ? batch : 1;
            double[] cosines = Quantize.Tests.Shared.OutputCosine.PerSample(values, Floats[name].Values, samples);
            foreach (double c in cosines)
            {
                sum += c;
                count++;
                if (double.IsNaN(c) || c < min) (min, worst) = (c, name); // a NaN output stays visible as NaN
            }
        }
        return (min, sum / count, worst);
    }
}
