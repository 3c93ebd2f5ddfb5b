using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Quantize.Format.Onnx.Proto;
using Quantize.Onnx.Tests;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Hazards;

/// <summary>A hazard fixture of <see cref="HazardModels"/> with the input sets to run it on (both branches where it has an If).</summary>
sealed record HazardCase(string Name, ModelProto Model, IReadOnlyList<NamedOnnxValue[]> InputSets)
{
    public const int Batch = 2;

    public static HazardCase Get(string name) => name switch
    {
        nameof(HazardModels.ChannelScales) => new(name, HazardModels.ChannelScales(), [[Floats("x", 7, Batch, 4, 8, 8)]]),
        nameof(HazardModels.TinyBert) => new(name, HazardModels.TinyBert(), [[Ids("ids", 100, 8, Batch, 8)]]),
        nameof(HazardModels.ScalarInBranch) => new(name, HazardModels.ScalarInBranch(),
            [[Floats("x", 9, Batch, 16), OrtRunner.Scalar("cond", true)], [Floats("x", 9, Batch, 16), OrtRunner.Scalar("cond", false)]]),
        nameof(HazardModels.FoldedBnStack) => new(name, HazardModels.FoldedBnStack(), [[Floats("x", 10, Batch, 3, 16, 16)]]),
        _ => throw new ArgumentException($"no hazard fixture named {name}"),
    };

    public static readonly string[] Names =
        [nameof(HazardModels.ChannelScales), nameof(HazardModels.TinyBert), nameof(HazardModels.ScalarInBranch), nameof(HazardModels.FoldedBnStack)];

    static NamedOnnxValue Floats(string name, int seed, params int[] dims) =>
        OrtRunner.Floats(name, HazardModels.Gaussian(dims.Aggregate(1, (a, b) => a * b), seed, 1f), dims);

    static NamedOnnxValue Ids(string name, int vocabulary, int seed, params int[] dims)
    {
        var random = new Random(seed);
        long[] ids = Enumerable.Range(0, dims.Aggregate(1, (a, b) => a * b)).Select(_ => (long)random.Next(vocabulary)).ToArray();
        return NamedOnnxValue.CreateFromTensor(name, new DenseTensor<long>(ids, dims));
    }

    /// <summary>The minimum per-sample cosine, over every input set and float output, of <paramref name="candidate"/>'s outputs against the original's.</summary>
    public double MinCosine(byte[] candidate)
    {
        double min = double.PositiveInfinity;
        foreach (NamedOnnxValue[] inputs in InputSets)
        {
            Dictionary<string, float[]> expected = Outputs(Google.Protobuf.MessageExtensions.ToByteArray(Model), inputs), actual = Outputs(candidate, inputs);
            foreach ((string output, float[] values) in expected)
                min = Math.Min(min, OutputCosine.PerSample(values, actual[output], Batch).Min());
        }
        return min;
    }

    static Dictionary<string, float[]> Outputs(byte[] model, NamedOnnxValue[] inputs)
    {
        using var session = new InferenceSession(model);
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run(inputs);
        return results.Where(r => r.Value is Tensor<float>).ToDictionary(r => r.Name, r => r.AsTensor<float>().ToArray());
    }
}
