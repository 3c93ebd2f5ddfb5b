using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;
using Quantize.Core.Scaling;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Tests.Onnx;

namespace Quantize.Format.Tests.Container;

/// <summary>
/// The container fixture's model (x · W + b, W [5, 6]) with a weight whose output columns differ by 10³ in scale, per-column
/// scales on the weight and one on the bias, and one codebook over the normalised values.
/// </summary>
sealed record ScaledFixture(ModelProto Model, IReadOnlyList<ParameterTensor> Parameters, IReadOnlyList<TensorScales> Scales, Quantization Quantization)
{
    /// <param name="rounded">Scales rounded to the stored precision first, as compress does (<see cref="ScaleNormalization.Stored"/>); false: the plain RMS.</param>
    public static ScaledFixture Create(bool rounded = false)
    {
        ModelProto model = SampleModels.Build(inputs: 5, outputs: 6, seed: 42, bias: [0.5f, -0.25f, 0.125f, 2f, -1f, 0.75f]);
        TensorProto weight = SampleModels.Initializer(model, SampleModels.Weights);
        float[] w = TensorData.ReadFloats(weight);
        for (int i = 0; i < w.Length; i++) w[i] *= MathF.Pow(10, i % 6 * 0.6f); // column j scaled by 10^(0.6 j)
        weight.RawData = Google.Protobuf.ByteString.CopyFrom(SampleModels.LittleEndian(w));

        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        Dictionary<string, int?> axes = ChannelAxes.Of(model);
        var scales = new List<TensorScales>();
        var normalised = new List<float>();
        foreach (ParameterTensor p in parameters)
        {
            TensorScales s = rounded
                ? ScaleNormalization.Stored(ScaleMode.Channel, p.Values, p.Dims, axes[p.Name])
                : ScaleNormalization.For(ScaleMode.Channel, p.Values, p.Dims, axes[p.Name]);
            float[] values = (float[])p.Values.Clone();
            ScaleNormalization.Normalize(values, [], p.Dims, s);
            scales.Add(s);
            normalised.AddRange(values);
        }
        return new ScaledFixture(model, parameters, scales, new UniformQuantizer(8).Quantize(normalised.ToArray(), []));
    }

    public NqzBody Build(SymbolCoding coding = SymbolCoding.Huffman) => NqzBuilder.Build(Model,
        [new CodedGroup(Parameters, Quantization, coding) { Scales = Scales }], ContainerFixture.Settings(8), ContainerFixture.Producer);

    /// <summary>What a decoder must give: each reconstructed normalised value times its scale, in float32.</summary>
    public Dictionary<string, float[]> Expected()
    {
        float[] all = Quantization.Reconstruct();
        var expected = new Dictionary<string, float[]>();
        int start = 0;
        for (int t = 0; t < Parameters.Count; t++)
        {
            ParameterTensor p = Parameters[t];
            float[] values = all[start..(start + p.Values.Length)];
            ScaleNormalization.Denormalize(values, p.Dims, Scales[t]);
            expected[p.Name] = values;
            start += p.Values.Length;
        }
        return expected;
    }

    /// <summary>
    /// The body with every tensor's scales in the float form (one float32 each) instead of the packed form the writer
    /// chooses: the form of the files written before packed scales existed, which readers still read.
    /// </summary>
    public static NqzBody WithFloatScales(NqzBody body)
    {
        foreach (QuantizedTensor tensor in body.Tensors)
        {
            if (ContainerScales.Of(tensor) is not { } scales) continue;
            tensor.Scales = new Scales();
            if (scales.Axis is { } axis) tensor.Scales.Axis = (uint)axis;
            tensor.Scales.Values.AddRange(scales.Values);
        }
        return body;
    }
}
