using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Quantize.Core.Accounting;
using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;
using Quantize.Core.Scaling;
using Quantize.Data.Idx;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using Xunit.Abstractions;

namespace Quantize.Onnx.Tests;

/// <summary>
/// Issue 14's measurement of scale handling and of what to do with 1-D tensors (biases), on the shipped LeNet-5 made
/// "real-ish": conv1's output channels (weights and bias) are scaled by factors spanning 10³, as folding BatchNorm into a
/// convolution leaves it (the model computes another function, and is the reference its quantized copies are held to).
/// Each variant is one codebook over the weights: 4-bit (entropy) uniform cells, or the exact Hessian-weighted k-means at
/// k = 16 with importance s² per value (all ones before scaling, so its objective is the real squared error).
/// ONNX Runtime runs each decompressed model on 256 Fashion-MNIST test images beside the original.
/// </summary>
public class OneDimensionalTensorsMeasurement(ITestOutputHelper output)
{
    const int Images = 256;
    const double Rate = 4;

    enum OneD { Shared, Float16, OwnCodebook }

    sealed record Outcome(double MinCosine, double Agreement, double Ratio);

    static ModelProto FoldedLeNet()
    {
        ModelProto model = OnnxModelFile.Load(RepoPaths.SampleModel);
        Dictionary<string, TensorProto> byName = ModelParameters.InitializersByName(model);
        TensorProto w1 = byName["conv1.weight"], b1 = byName["conv1.bias"];
        float[] v1 = TensorData.ReadFloats(w1), c1 = TensorData.ReadFloats(b1);
        int channels = (int)w1.Dims[0], per1 = v1.Length / channels;
        for (int c = 0; c < channels; c++)
        {
            float a = MathF.Pow(10, 3f * c / (channels - 1) - 1.5f);
            for (int i = 0; i < per1; i++) v1[c * per1 + i] *= a;
            c1[c] *= a;
        }
        TensorData.WriteValues(w1, v1);
        TensorData.WriteValues(b1, c1);
        return model;
    }

    /// <summary>The model with its weights quantized as the variant says, and the bits eq. (1) would count.</summary>
    static (ModelProto Model, double Bits) Quantize(ModelProto model, ScaleMode mode, OneD oneD, bool weighted)
    {
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        Dictionary<string, int?> axes = ChannelAxes.Of(model);
        var restored = new Dictionary<string, float[]>();
        double bits = 0;
        var shared = new List<(ParameterTensor Tensor, TensorScales Scales)>();
        var own = new List<(ParameterTensor Tensor, TensorScales Scales)>();
        foreach (ParameterTensor p in parameters)
        {
            TensorScales scales = ScaleNormalization.For(mode, p.Values, p.Dims, axes.GetValueOrDefault(p.Name));
            if (mode != ScaleMode.None) bits += 32.0 * scales.Values.Length; // float32 scales, as when this was measured
            if (p.Dims.Length == 1 && oneD == OneD.Float16)
            {
                restored[p.Name] = p.Values.Select(v => (float)(Half)v).ToArray();
                bits += 16.0 * p.Values.Length;
            }
            else (p.Dims.Length == 1 && oneD == OneD.OwnCodebook ? own : shared).Add((p, scales));
        }
        bits += Code(shared, weighted ? null : Rate, restored) + Code(own, 8, restored);
        ModelProto quantized = ModelParameters.WithValues(model, parameters.Select(p => p with { Values = restored[p.Name] }));
        return (quantized, bits);
    }

    /// <summary>One uniform codebook at <paramref name="rate"/> bits over the normalised tensors; returns its bits (entropy-coded, plus table).</summary>
    /// <param name="rate">Uniform cells at this entropy; null: Hessian-weighted DP k-means, k = 16, weights s².</param>
    static double Code(List<(ParameterTensor Tensor, TensorScales Scales)> group, double? rate, Dictionary<string, float[]> restored)
    {
        if (group.Count == 0) return 0;
        var all = new List<float>();
        var weights = new List<float>();
        foreach ((ParameterTensor t, TensorScales s) in group)
        {
            float[] v = (float[])t.Values.Clone();
            float[] h = Enumerable.Repeat(1f, v.Length).ToArray();
            ScaleNormalization.Normalize(v, h, t.Dims, s);
            all.AddRange(v);
            weights.AddRange(h);
        }
        Quantization q = rate is { } r
            ? new RateControlledUniformQuantizer(r).Quantize(all.ToArray(), [])
            : new Quantize.Core.Clustering.Optimal.OptimalWeightedQuantizer(16).Quantize(all.ToArray(), weights.ToArray());
        float[] values = q.Reconstruct();
        int start = 0;
        foreach ((ParameterTensor t, TensorScales s) in group)
        {
            float[] v = values[start..(start + t.Values.Length)];
            ScaleNormalization.Denormalize(v, t.Dims, s);
            restored[t.Name] = v;
            start += t.Values.Length;
        }
        return Entropy.Bits(q.Counts) * all.Count + 64.0 * q.ClusterCount;
    }

    static Outcome Run(ModelProto original, ModelProto quantized, double bits, NamedOnnxValue[] inputs)
    {
        float[] expected = OrtRunner.Run(original.ToByteArray(), inputs), actual = OrtRunner.Run(quantized.ToByteArray(), inputs);
        double minCosine = 1, agree = 0;
        for (int i = 0; i < Images; i++)
        {
            float[] e = expected[(i * 10)..(i * 10 + 10)], a = actual[(i * 10)..(i * 10 + 10)];
            double dot = 0, ee = 0, aa = 0;
            for (int j = 0; j < 10; j++) { dot += e[j] * a[j]; ee += e[j] * e[j]; aa += a[j] * a[j]; }
            minCosine = Math.Min(minCosine, dot / Math.Sqrt(ee * aa));
            if (Array.IndexOf(e, e.Max()) == Array.IndexOf(a, a.Max())) agree++;
        }
        long parameters = ModelParameters.Extract(original).Sum(p => p.ElementCount);
        return new Outcome(minCosine, agree / Images, 32.0 * parameters / bits);
    }

    [Fact]
    public void ScaleModes_AndOneDimensionalOptions_OnAFoldedLeNet()
    {
        ModelProto model = FoldedLeNet();
        LabeledImages images = new ImageDataset(RepoPaths.FashionMnist).Load(DatasetSplit.Test).Take(Images);
        using var session = new InferenceSession(model.ToByteArray());
        NodeMetadata input = session.InputMetadata.Values.Single();
        int[] dims = input.Dimensions.Select(d => d < 0 ? Images : d).ToArray();
        NamedOnnxValue[] inputs = [OrtRunner.Floats(session.InputMetadata.Keys.Single(), images.Pixels.Select(p => p / 255f).ToArray(), dims)];

        var results = new Dictionary<(ScaleMode, OneD, bool), Outcome>();
        foreach (bool weighted in new[] { false, true })
            foreach (ScaleMode mode in new[] { ScaleMode.None, ScaleMode.Tensor, ScaleMode.Channel })
                foreach (OneD oneD in Enum.GetValues<OneD>())
                {
                    (ModelProto quantized, double bits) = Quantize(model, mode, oneD, weighted);
                    Outcome o = results[(mode, oneD, weighted)] = Run(model, quantized, bits, inputs);
                    output.WriteLine($"{(weighted ? "hkmeans-dp k=16" : "uniform 4 bits")} scale {mode,-7} 1-D {oneD,-11}: " +
                        $"min cosine {o.MinCosine:F4}, top-1 agreement {o.Agreement:P1}, ratio {o.Ratio:F2}x");
                }
        // Per-channel scales must rescue the folded layer that one raw codebook cannot serve.
        Assert.True(results[(ScaleMode.Channel, OneD.Shared, true)].MinCosine > results[(ScaleMode.None, OneD.Shared, true)].MinCosine);
    }
}
