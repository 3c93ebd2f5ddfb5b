namespace Quantize.Torch.Tests.Hessian;

/// <summary>
/// The Hessian diagonal of the average cross-entropy by central second differences, in double precision,
/// over a network written out by hand (<see cref="DoubleNetworks"/>): independent of autograd and float32.
/// </summary>
static class FiniteDifferenceHessian
{
    /// <summary>Step: truncation error ~h²·ℓ''''/12 and rounding ~1e-16/h² both stay below 1e-7 here.</summary>
    const double Step = 1e-4;

    public delegate double[] Network(IReadOnlyDictionary<string, double[]> parameters, double[] input);

    /// <param name="parameters">By name, in graph order (the order of the result).</param>
    public static double[] Diagonal(Network network, Dictionary<string, double[]> parameters, double[][] inputs, int[] labels)
    {
        double center = AverageLoss(network, parameters, inputs, labels);
        var diagonal = new List<double>();
        foreach (double[] values in parameters.Values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                double original = values[i];
                values[i] = original + Step;
                double up = AverageLoss(network, parameters, inputs, labels);
                values[i] = original - Step;
                double down = AverageLoss(network, parameters, inputs, labels);
                values[i] = original;
                diagonal.Add((up - 2 * center + down) / (Step * Step));
            }
        }
        return [.. diagonal];
    }

    static double AverageLoss(Network network, IReadOnlyDictionary<string, double[]> parameters, double[][] inputs, int[] labels)
    {
        double sum = 0;
        for (int n = 0; n < inputs.Length; n++)
        {
            double[] logits = network(parameters, inputs[n]);
            double max = logits.Max();
            sum += max + Math.Log(logits.Sum(v => Math.Exp(v - max))) - logits[labels[n]];
        }
        return sum / inputs.Length;
    }
}
