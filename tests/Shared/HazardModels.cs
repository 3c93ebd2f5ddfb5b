using Quantize.Format.Onnx.Proto;
using static Quantize.Tests.Shared.OnnxBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Tests.Shared;

/// <summary>
/// Small runnable models that each carry one hazard of real exported networks (issue 14 item 6): what LeNet-5
/// hid and one codebook over all layers cannot survive without scale normalisation, outlier-proof cells and a
/// rule that keeps fixed scalars out of the weights. Weights are seeded Gaussians; inputs come from
/// <see cref="Inputs"/>-style helpers in the tests.
/// </summary>
static class HazardModels
{
    /// <summary>
    /// Per-output-channel scales spanning 10³: conv weights [8,4,3,3] whose channel c is scaled by 10^(−3c/7), each
    /// channel then normalised by BatchNormalization (running variance s_c², a statistic the rule keeps fixed), so every
    /// output channel matters equally, as after a trained BN (variance = that of the conv output for x ~ N(0,1)). x [N,4,8,8] → y [N,8,8,8].
    /// </summary>
    public static ModelProto ChannelScales(int seed = 11)
    {
        const int outC = 8, inC = 4;
        float[] scales = Enumerable.Range(0, outC).Select(c => MathF.Pow(10, -3f * c / (outC - 1))).ToArray();
        var graph = new GraphProto { Name = "channel_scales" };
        graph.Input.Add(Value("x", DataType.Float, 2, inC, 8, 8));
        graph.Output.Add(Value("y", DataType.Float, 2, outC, 8, 8));
        graph.Initializer.Add(Raw("conv.weight", DataType.Float, [outC, inC, 3, 3], ScaledRows(Gaussian(outC * inC * 9, seed, 0.2f), scales)));
        graph.Initializer.Add(Raw("bn.scale", DataType.Float, [outC], Gaussian(outC, seed + 1, 0.1f).Select(v => 1 + v).ToArray()));
        graph.Initializer.Add(Raw("bn.bias", DataType.Float, [outC], Gaussian(outC, seed + 2, 0.1f)));
        graph.Initializer.Add(Raw("bn.mean", DataType.Float, [outC], new float[outC]));
        graph.Initializer.Add(Raw("bn.var", DataType.Float, [outC], scales.Select(s => s * s * 0.04f * inC * 9).ToArray()));
        graph.Node.Add(Node("Conv", "conv", ["x", "conv.weight"], ["c"], Ints("pads", 1, 1, 1, 1)));
        graph.Node.Add(Node("BatchNormalization", "bn", ["c", "bn.scale", "bn.bias", "bn.mean", "bn.var"], ["y"], Float("epsilon", 1e-12f)));
        return Model(graph);
    }

    /// <summary>
    /// An embedding table beside LayerNorm gains, as in BERT: token table [100,32] and positions [8,32] with standard
    /// deviation 0.02, LayerNormalization gains near 1, then a small feed-forward block. ids [N,8] (int64) → y [N,8,16].
    /// </summary>
    public static ModelProto TinyBert(int seed = 21)
    {
        const int vocab = 100, seq = 8, hidden = 32, outDim = 16;
        var graph = new GraphProto { Name = "tiny_bert" };
        graph.Input.Add(Value("ids", DataType.Int64, 2, seq));
        graph.Output.Add(Value("y", DataType.Float, 2, seq, outDim));
        graph.Initializer.Add(Raw("embeddings.word", DataType.Float, [vocab, hidden], Gaussian(vocab * hidden, seed, 0.02f)));
        graph.Initializer.Add(Raw("embeddings.position", DataType.Float, [seq, hidden], Gaussian(seq * hidden, seed + 1, 0.02f)));
        graph.Initializer.Add(Raw("embeddings.norm.weight", DataType.Float, [hidden], Gaussian(hidden, seed + 2, 0.05f).Select(v => 1 + v).ToArray()));
        graph.Initializer.Add(Raw("embeddings.norm.bias", DataType.Float, [hidden], Gaussian(hidden, seed + 3, 0.02f)));
        graph.Initializer.Add(Raw("ffn.weight", DataType.Float, [hidden, hidden], Gaussian(hidden * hidden, seed + 4, 0.18f)));
        graph.Initializer.Add(Raw("ffn.bias", DataType.Float, [hidden], Gaussian(hidden, seed + 5, 0.02f)));
        graph.Initializer.Add(Raw("out.weight", DataType.Float, [hidden, outDim], Gaussian(hidden * outDim, seed + 6, 0.18f)));
        graph.Node.Add(Node("Gather", "embed", ["embeddings.word", "ids"], ["words"]));
        graph.Node.Add(Node("Add", "add_positions", ["words", "embeddings.position"], ["embedded"]));
        graph.Node.Add(Node("LayerNormalization", "norm", ["embedded", "embeddings.norm.weight", "embeddings.norm.bias"], ["normed"], Int("axis", -1)));
        graph.Node.Add(Node("MatMul", "ffn", ["normed", "ffn.weight"], ["f"]));
        graph.Node.Add(Node("Add", "ffn_bias", ["f", "ffn.bias"], ["fb"]));
        graph.Node.Add(Node("Relu", "relu", ["fb"], ["r"]));
        graph.Node.Add(Node("MatMul", "out", ["r", "out.weight"], ["y"]));
        return Model(graph);
    }

    public const string BigScalar = "branch/then_branch/ceiling";

    /// <summary>
    /// A scalar 2²⁰ stored as an initializer inside an If branch (as a voice-activity model keeps one): the then branch
    /// caps x·W1 at that ceiling with Min, which never binds; the else branch computes x·W2. x [N,16], cond → y [N,8].
    /// </summary>
    public static ModelProto ScalarInBranch(int seed = 31)
    {
        var graph = new GraphProto { Name = "scalar_in_branch" };
        graph.Input.Add(Value("x", DataType.Float, 2, 16));
        graph.Input.Add(Value("cond", DataType.Bool));
        graph.Output.Add(Value("y", DataType.Float, 2, 8));
        graph.Initializer.Add(Raw("in.weight", DataType.Float, [16, 16], Gaussian(256, seed, 0.25f)));
        graph.Node.Add(Node("MatMul", "in", ["x", "in.weight"], ["h"]));
        graph.Node.Add(Node("Tanh", "act", ["h"], ["t"]));

        var then = new GraphProto { Name = "then" };
        then.Initializer.Add(Raw("w1", DataType.Float, [16, 8], Gaussian(128, seed + 1, 0.25f)));
        then.Initializer.Add(Raw("ceiling", DataType.Float, [], [1 << 20]));
        then.Node.Add(Node("MatMul", "then.mm", ["t", "w1"], ["then.h"]));
        then.Node.Add(Node("Min", "then.cap", ["then.h", "ceiling"], ["then.out"]));
        then.Output.Add(Value("then.out", DataType.Float, 2, 8));

        var otherwise = new GraphProto { Name = "else" };
        otherwise.Initializer.Add(Raw("w2", DataType.Float, [16, 8], Gaussian(128, seed + 2, 0.25f)));
        otherwise.Node.Add(Node("MatMul", "else.mm", ["t", "w2"], ["else.out"]));
        otherwise.Output.Add(Value("else.out", DataType.Float, 2, 8));

        graph.Node.Add(Node("If", "branch", ["cond"], ["y"], Graph("then_branch", then), Graph("else_branch", otherwise)));
        return Model(graph);
    }

    /// <summary>
    /// A folded-BN conv stack, as exporters leave ResNets and OCR CNNs: BatchNormalization folded into each Conv, so
    /// each output channel carries its gain and a bias of the same order; the first conv's gains span 10³, the second's
    /// 10, so one tensor's largest channel sets the range of every other; ReLU between, global average pooling and a
    /// linear head. x [N,3,16,16] → logits [N,10].
    /// </summary>
    public static ModelProto FoldedBnStack(int seed = 41)
    {
        const int c1 = 16, c2 = 16, classes = 10;
        float[] gains1 = Gains(c1, seed + 10, 3), gains2 = Gains(c2, seed + 11, 1);
        var graph = new GraphProto { Name = "folded_bn_stack" };
        graph.Input.Add(Value("x", DataType.Float, 2, 3, 16, 16));
        graph.Output.Add(Value("logits", DataType.Float, 2, classes));
        graph.Initializer.Add(Raw("conv1.weight", DataType.Float, [c1, 3, 3, 3], ScaledRows(Gaussian(c1 * 27, seed, 0.2f), gains1)));
        graph.Initializer.Add(Raw("conv1.bias", DataType.Float, [c1], Gaussian(c1, seed + 1, 0.1f).Select((v, i) => v * gains1[i]).ToArray()));
        graph.Initializer.Add(Raw("conv2.weight", DataType.Float, [c2, c1, 3, 3], ScaledRows(Gaussian(c2 * c1 * 9, seed + 2, 0.1f), gains2)));
        graph.Initializer.Add(Raw("conv2.bias", DataType.Float, [c2], Gaussian(c2, seed + 3, 0.1f).Select((v, i) => v * gains2[i]).ToArray()));
        graph.Initializer.Add(Raw("fc.weight", DataType.Float, [classes, c2], Gaussian(classes * c2, seed + 4, 0.5f)));
        graph.Initializer.Add(Raw("fc.bias", DataType.Float, [classes], Gaussian(classes, seed + 5, 0.1f)));
        graph.Node.Add(Node("Conv", "conv1", ["x", "conv1.weight", "conv1.bias"], ["a1"], Ints("pads", 1, 1, 1, 1)));
        graph.Node.Add(Node("Relu", "relu1", ["a1"], ["r1"]));
        graph.Node.Add(Node("Conv", "conv2", ["r1", "conv2.weight", "conv2.bias"], ["a2"], Ints("pads", 1, 1, 1, 1)));
        graph.Node.Add(Node("Relu", "relu2", ["a2"], ["r2"]));
        graph.Node.Add(Node("GlobalAveragePool", "pool", ["r2"], ["p"]));
        graph.Node.Add(Node("Flatten", "flatten", ["p"], ["f"]));
        graph.Node.Add(Node("Gemm", "fc", ["f", "fc.weight", "fc.bias"], ["logits"], Int("transB", 1)));
        return Model(graph);
    }

    /// <summary>Gains 10^u with u spread evenly over [−decades/2, decades/2] in a seeded order: a span of 10^decades.</summary>
    static float[] Gains(int channels, int seed, float decades)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, channels).Select(c => MathF.Pow(10, decades * ((float)c / (channels - 1) - 0.5f))).OrderBy(_ => random.Next()).ToArray();
    }

    /// <summary>Multiplies each row (first-axis slice) of a tensor by its scale.</summary>
    static float[] ScaledRows(float[] values, float[] scales)
    {
        int row = values.Length / scales.Length;
        return values.Select((v, i) => v * scales[i / row]).ToArray();
    }

    public static float[] Gaussian(int count, int seed, float std)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())) * std)
            .ToArray();
    }

    static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };
}
