using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Tests.Shared;

/// <summary>
/// The baseline issue 14 compares against: what ONNX Runtime and TFLite users do, symmetric int8 per output
/// channel (scale = max|w|/127), applied to every learned tensor of rank 2 or more; biases, norm gains and
/// scalars stay float32, as they do in those runtimes. A slow, obviously correct reference, not a product path.
/// </summary>
static class Int8Reference
{
    /// <summary>The model with each weight rounded to int8 on its channel's grid, and the ratio (eq. 1 style) that storage would give.</summary>
    public static (ModelProto Model, double Ratio) Apply(ModelProto model)
    {
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        Dictionary<string, ChannelAxis> axes = Axes(model);
        var rounded = new List<ParameterTensor>();
        double originalBits = 0, storedBits = 0;
        foreach (ParameterTensor p in parameters)
        {
            originalBits += 32.0 * p.Values.Length;
            if (p.Dims.Length < 2)
            {
                storedBits += 32.0 * p.Values.Length;
                continue;
            }
            (float[] values, int channels) = Round(p, axes.GetValueOrDefault(p.Name, ChannelAxis.First));
            storedBits += 8.0 * p.Values.Length + 32.0 * channels;
            rounded.Add(p with { Values = values });
        }
        return (ModelParameters.WithValues(model, rounded), originalBits / storedBits);
    }

    public enum ChannelAxis { First, Second, Last, AllButLast }

    /// <summary>Rounds each output channel of the tensor to 255 symmetric levels; returns the values and the channel count.</summary>
    public static (float[] Values, int Channels) Round(ParameterTensor p, ChannelAxis axis)
    {
        Func<int, int> channelOf = ChannelOf(p, axis, out int channels);
        var maxAbs = new float[channels];
        for (int i = 0; i < p.Values.Length; i++)
            maxAbs[channelOf(i)] = MathF.Max(maxAbs[channelOf(i)], MathF.Abs(p.Values[i]));
        var result = new float[p.Values.Length];
        for (int i = 0; i < result.Length; i++)
        {
            float scale = maxAbs[channelOf(i)] / 127f;
            result[i] = scale == 0 ? 0 : Math.Clamp(MathF.Round(p.Values[i] / scale), -127f, 127f) * scale;
        }
        return (result, channels);
    }

    /// <summary>Maps an element's row-major index to its channel along <paramref name="axis"/>.</summary>
    public static Func<int, int> ChannelOf(ParameterTensor p, ChannelAxis axis, out int channels)
    {
        long[] dims = p.Dims;
        int last = (int)dims[^1], first = (int)dims[0], second = (int)dims[1];
        int inner = p.Values.Length / first;   // elements per slice along the first axis
        int perSecond = inner / second;        // elements per slice along the second axis
        channels = axis switch { ChannelAxis.First => first, ChannelAxis.Second => second, ChannelAxis.Last => last, _ => p.Values.Length / last };
        return axis switch
        {
            ChannelAxis.First => i => i / inner,
            ChannelAxis.Second => i => i / perSecond % second,
            ChannelAxis.Last => i => i % last,
            _ => i => i / last,
        };
    }

    /// <summary>
    /// Which axis holds a weight's output channels, from the node that reads it: MatMul's B and Gemm's B without
    /// transB are [in, out] (last axis), ConvTranspose's weight is [in, out/groups, ...] (second axis); recurrent weights are [directions, gates·hidden, in] (every row); Conv,
    /// Gemm with transB and Gather tables put channels (or rows) first.
    /// </summary>
    public static Dictionary<string, ChannelAxis> Axes(ModelProto model)
    {
        var axes = new Dictionary<string, ChannelAxis>(StringComparer.Ordinal);
        foreach (TensorSite site in ModelTensors.Find(model))
        {
            string name = site.Graph.Length == 0 ? site.Identity : site.Identity[(site.Graph.Length + 1)..];
            if (Reader(model.Graph, name) is not { } use) continue;
            axes[site.Identity] = use switch
            {
                ("MatMul", 1, _) => ChannelAxis.Last,
                ("Gemm", 1, false) => ChannelAxis.Last,
                ("ConvTranspose", 1, _) => ChannelAxis.Second,
                ("LSTM" or "GRU" or "RNN", _, _) => ChannelAxis.AllButLast,
                _ => ChannelAxis.First,
            };
        }
        return axes;
    }

    static (string Op, int Input, bool TransB)? Reader(GraphProto graph, string name)
    {
        foreach (NodeProto node in graph.Node)
        {
            int input = node.Input.IndexOf(name);
            if (input >= 0)
                return (node.OpType, input, node.Attribute.Any(a => a.Name == "transB" && a.I == 1));
            foreach (AttributeProto attribute in node.Attribute)
                if (attribute.G != null && Reader(attribute.G, name) is { } inner) return inner;
        }
        return null;
    }
}
