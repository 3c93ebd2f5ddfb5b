using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Tests.Shared;

/// <summary>
/// Small models of the families users bring that are not image classifiers, built node by node as their exporters
/// write them: a BERT-style encoder (token, position and token-type embeddings, LayerNormalization, masked
/// two-head attention, Erf-GELU feed-forward; outputs [N,T,H] states and an [N,H] pooler) and an OCR-detector-style
/// CNN (strided, depthwise and pointwise Conv, HardSwish, Clip, PRelu, a squeeze-excite gate with HardSigmoid,
/// nearest and linear Resize, ConvTranspose, Concat; outputs two [N,C,16,16] maps) and a voice-activity-style
/// recurrent model (LSTM then a reverse GRU over [N,T,F] features, and an If whose branches read the outer scope;
/// one [N,1] probability). Weights are seeded.
/// </summary>
static class AnyOutputModels
{
    public const int Vocabulary = 20, Tokens = 6, Hidden = 8, Heads = 2, Inner = 16;

    public static ModelProto Encoder()
    {
        const int head = Hidden / Heads;
        var b = new OnnxGraphBuilder("encoder", 17);
        b.Input("input_ids", "batch", Tokens);
        b.Input("attention_mask", "batch", Tokens);
        b.Input("token_type_ids", "batch", Tokens);
        int seed = 100;
        void Weight(string name, long[] dims, float scale) =>
            b.Initializer(name, dims, OnnxBuilder.RandomValues((int)dims.Aggregate(1L, (x, y) => x * y), seed++, scale));
        Weight("word_embeddings", [Vocabulary, Hidden], 1f);
        Weight("position_embeddings", [Tokens, Hidden], 0.5f);
        Weight("token_type_embeddings", [2, Hidden], 0.5f);
        Gains(b, "ln0", seed++);
        foreach (string p in new[] { "q", "k", "v", "o" })
        {
            Weight($"attention.{p}.weight", [Hidden, Hidden], 0.6f);
            Weight($"attention.{p}.bias", [Hidden], 0.1f);
        }
        Gains(b, "ln1", seed++);
        Weight("ffn.in.weight", [Hidden, Inner], 0.5f);
        Weight("ffn.in.bias", [Inner], 0.1f);
        Weight("ffn.out.weight", [Inner, Hidden], 0.4f);
        Weight("ffn.out.bias", [Hidden], 0.1f);
        Gains(b, "ln2", seed++);
        Weight("pooler.weight", [Hidden, Hidden], 0.5f);
        Weight("pooler.bias", [Hidden], 0.1f);

        // Positions 0..T-1 from the ids' shape, as torch.onnx writes arange(seq_len).
        ScalarInt64(b, "zero", 0);
        ScalarInt64(b, "one", 1);
        b.Node("Shape", ["input_ids"], "ids_shape");
        b.Node("Gather", ["ids_shape", "one"], "seq_len", Int("axis", 0));
        b.Node("Range", ["zero", "seq_len", "one"], "positions");
        b.Node("Gather", ["word_embeddings", "input_ids"], "words");
        b.Node("Gather", ["position_embeddings", "positions"], "places");
        b.Node("Gather", ["token_type_embeddings", "token_type_ids"], "types");
        b.Node("Sum", ["words", "places", "types"], "embedded");
        b.Node("LayerNormalization", ["embedded", "ln0.gain", "ln0.bias"], "x0", Int("axis", -1), Float("epsilon", 1e-12f));

        foreach (string p in new[] { "q", "k", "v" })
        {
            b.Node("MatMul", ["x0", $"attention.{p}.weight"], $"{p}_mm");
            b.Node("Add", [$"{p}_mm", $"attention.{p}.bias"], $"{p}_lin");
            b.Int64Initializer($"{p}_heads_shape", [4], 0, 0, Heads, head);
            b.Node("Reshape", [$"{p}_lin", $"{p}_heads_shape"], $"{p}_split");
        }
        b.Node("Transpose", ["q_split"], "qh", Ints("perm", 0, 2, 1, 3));
        b.Node("Transpose", ["k_split"], "kh", Ints("perm", 0, 2, 3, 1));
        b.Node("Transpose", ["v_split"], "vh", Ints("perm", 0, 2, 1, 3));
        b.Node("MatMul", ["qh", "kh"], "raw_scores");
        ScalarFloat(b, "scale", MathF.Sqrt(head));
        b.Node("Div", ["raw_scores", "scale"], "scaled");
        // Masked keys get a large negative score before the softmax (Where on mask == 0, as HF exports do).
        b.Int64Initializer("mask_axes", [2], 1, 2);
        b.Node("Unsqueeze", ["attention_mask", "mask_axes"], "mask4");
        b.Node("Equal", ["mask4", "zero"], "masked");
        ScalarFloat(b, "minus_big", -1e4f);
        b.Node("Where", ["masked", "minus_big", "scaled"], "scores");
        b.Node("Softmax", ["scores"], "weights", Int("axis", -1));
        b.Node("MatMul", ["weights", "vh"], "context_heads");
        b.Node("Transpose", ["context_heads"], "context_t", Ints("perm", 0, 2, 1, 3));
        b.Int64Initializer("merge_shape", [3], 0, 0, Hidden);
        b.Node("Reshape", ["context_t", "merge_shape"], "context");
        b.Node("MatMul", ["context", "attention.o.weight"], "o_mm");
        b.Node("Add", ["o_mm", "attention.o.bias"], "attended");
        b.Node("Add", ["attended", "x0"], "residual1");
        b.Node("LayerNormalization", ["residual1", "ln1.gain", "ln1.bias"], "x1", Int("axis", -1), Float("epsilon", 1e-12f));

        // GELU written out with Erf: 0.5·h·(1 + erf(h/√2)).
        b.Node("MatMul", ["x1", "ffn.in.weight"], "h_mm");
        b.Node("Add", ["h_mm", "ffn.in.bias"], "h");
        ScalarFloat(b, "sqrt2", MathF.Sqrt(2f));
        ScalarFloat(b, "half", 0.5f);
        ScalarFloat(b, "unit", 1f);
        b.Node("Div", ["h", "sqrt2"], "h_scaled");
        b.Node("Erf", ["h_scaled"], "h_erf");
        b.Node("Add", ["h_erf", "unit"], "h_erf1");
        b.Node("Mul", ["h", "h_erf1"], "h_gate");
        b.Node("Mul", ["h_gate", "half"], "gelu");
        b.Node("MatMul", ["gelu", "ffn.out.weight"], "f_mm");
        b.Node("Add", ["f_mm", "ffn.out.bias"], "fed");
        b.Node("Add", ["fed", "x1"], "residual2");
        b.Node("LayerNormalization", ["residual2", "ln2.gain", "ln2.bias"], "last_hidden_state", Int("axis", -1), Float("epsilon", 1e-12f));

        b.Node("Gather", ["last_hidden_state", "zero"], "first_token", Int("axis", 1));
        b.Node("Gemm", ["first_token", "pooler.weight", "pooler.bias"], "pooled");
        b.Node("Tanh", ["pooled"], "pooler_output");
        b.Output("last_hidden_state", "batch", Tokens, Hidden);
        b.Output("pooler_output", "batch", Hidden);
        ModelProto model = b.ToModel("test");
        foreach (ValueInfoProto input in model.Graph.Input) input.Type.TensorType.ElemType = (int)DataType.Int64;
        return model;
    }

    public static ModelProto Detector()
    {
        var b = new OnnxGraphBuilder("detector", 14);
        b.Input("image", "N", 3, 16, 16);
        int seed = 200;
        void Weight(string name, long[] dims, float scale) =>
            b.Initializer(name, dims, OnnxBuilder.RandomValues((int)dims.Aggregate(1L, (x, y) => x * y), seed++, scale));
        Weight("stem.weight", [8, 3, 3, 3], 0.4f);
        Weight("stem.bias", [8], 0.1f);
        Weight("depthwise.weight", [8, 1, 3, 3], 0.5f);
        Weight("depthwise.bias", [8], 0.1f);
        Weight("pointwise.weight", [16, 8, 1, 1], 0.4f);
        Weight("prelu.slope", [16, 1, 1], 0.3f);
        Weight("decoder.weight", [16, 4, 2, 2], 0.3f);
        Weight("decoder.bias", [4], 0.1f);
        Weight("head.weight", [2, 20, 3, 3], 0.2f);
        Weight("head.bias", [2], 0.1f);
        Weight("threshold.weight", [1, 16, 1, 1], 0.3f);

        b.Node("Conv", ["image", "stem.weight", "stem.bias"], "stem", Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1));
        b.Node("HardSwish", ["stem"], "a1");
        b.Node("Conv", ["a1", "depthwise.weight", "depthwise.bias"], "dw", Int("group", 8), Ints("pads", 1, 1, 1, 1));
        ScalarFloat(b, "clip_min", 0f);
        ScalarFloat(b, "clip_max", 6f);
        b.Node("Clip", ["dw", "clip_min", "clip_max"], "a2");
        b.Node("Conv", ["a2", "pointwise.weight"], "pw");
        b.Node("PRelu", ["pw", "prelu.slope"], "a3");
        b.Node("GlobalAveragePool", ["a3"], "pooled");
        b.Node("HardSigmoid", ["pooled"], "gate", Float("alpha", 1f / 6), Float("beta", 0.5f));
        b.Node("Mul", ["a3", "gate"], "features");

        var scales = new TensorProto { Name = "up_scales", DataType = (int)DataType.Float };
        scales.Dims.Add(4);
        scales.FloatData.Add([1f, 1f, 2f, 2f]);
        b.Node("Constant", [], "up_scales_value", Tensor("value", scales));
        b.Node("Resize", ["features", "", "up_scales_value"], "upsampled", String("mode", "nearest"));
        b.Node("ConvTranspose", ["features", "decoder.weight", "decoder.bias"], "decoded", Ints("strides", 2, 2));
        b.Node("Concat", ["upsampled", "decoded"], "joined", Int("axis", 1));
        b.Node("Conv", ["joined", "head.weight", "head.bias"], "head", Ints("pads", 1, 1, 1, 1));
        b.Node("Sigmoid", ["head"], "probability_map");

        b.Node("Conv", ["features", "threshold.weight"], "threshold_small");
        b.Node("Shape", ["threshold_small"], "small_shape");
        b.Int64Initializer("batch_channels", [1], 2);
        b.Node("Slice", ["small_shape", "start0", "batch_channels"], "leading");
        b.Int64Initializer("start0", [1], 0);
        b.Int64Initializer("map_size", [2], 16, 16);
        b.Node("Concat", ["leading", "map_size"], "threshold_sizes", Int("axis", 0));
        b.Node("Resize", ["threshold_small", "", "", "threshold_sizes"], "threshold_large",
            String("mode", "linear"), String("coordinate_transformation_mode", "half_pixel"));
        b.Node("Softplus", ["threshold_large"], "threshold_map");
        b.Output("probability_map", "N", 2, 16, 16);
        b.Output("threshold_map", "N", 1, 16, 16);
        return b.ToModel("test");
    }

    public const int Frames = 8, Features = 4, LstmHidden = 6, GruHidden = 5;

    public static ModelProto Audio()
    {
        var b = new OnnxGraphBuilder("audio", 14);
        b.Input("audio", "N", Frames, Features);
        int seed = 300;
        void Weight(string name, long[] dims, float scale) =>
            b.Initializer(name, dims, OnnxBuilder.RandomValues((int)dims.Aggregate(1L, (x, y) => x * y), seed++, scale));
        Weight("lstm.W", [1, 4 * LstmHidden, Features], 0.5f);
        Weight("lstm.R", [1, 4 * LstmHidden, LstmHidden], 0.5f);
        Weight("lstm.B", [1, 8 * LstmHidden], 0.2f);
        Weight("gru.W", [1, 3 * GruHidden, LstmHidden], 0.5f);
        Weight("gru.R", [1, 3 * GruHidden, GruHidden], 0.5f);
        Weight("gru.B", [1, 6 * GruHidden], 0.2f);
        Weight("long.weight", [1, GruHidden], 0.8f);
        Weight("long.bias", [1], 0.1f);
        Weight("short.weight", [1, GruHidden], 0.8f);

        b.Node("Transpose", ["audio"], "frames_first", Ints("perm", 1, 0, 2));
        b.Node("LSTM", ["frames_first", "lstm.W", "lstm.R", "lstm.B"], ["lstm_y", "lstm_h"], Int("hidden_size", LstmHidden));
        b.Int64Initializer("direction_axis", [1], 1);
        b.Node("Squeeze", ["lstm_y", "direction_axis"], "lstm_states");
        b.Node("GRU", ["lstm_states", "gru.W", "gru.R", "gru.B"], ["", "gru_h"],
            Int("hidden_size", GruHidden), String("direction", "reverse"), Int("linear_before_reset", 1));
        b.Int64Initializer("state_axis", [1], 0);
        b.Node("Squeeze", ["gru_h", "state_axis"], "summary");

        // Long clips take one head, short ones another (Silero VAD branches on the sample rate in the same way):
        // the condition comes from a tensor, and both branches read the outer scope's summary and weights.
        ScalarInt64(b, "frame_axis", 1);
        ScalarInt64(b, "long_clip", 4);
        b.Node("Shape", ["audio"], "audio_shape");
        b.Node("Gather", ["audio_shape", "frame_axis"], "frame_count");
        b.Node("Greater", ["frame_count", "long_clip"], "is_long");
        var then = new GraphProto { Name = "long_head" };
        then.Node.Add(OnnxBuilder.Node("Gemm", "long_gemm", ["summary", "long.weight", "long.bias"], ["long_logit"], Int("transB", 1)));
        then.Output.Add(FloatValue("long_logit"));
        var otherwise = new GraphProto { Name = "short_head" };
        var bias = new TensorProto { Name = "short.bias", DataType = (int)DataType.Float };
        bias.Dims.Add(1);
        bias.FloatData.Add(-0.2f);
        otherwise.Initializer.Add(bias);
        otherwise.Node.Add(OnnxBuilder.Node("Gemm", "short_gemm", ["summary", "short.weight", "short.bias"], ["short_logit"], Int("transB", 1)));
        otherwise.Output.Add(FloatValue("short_logit"));
        b.Node("If", ["is_long"], "logit", OnnxBuilder.Graph("then_branch", then), OnnxBuilder.Graph("else_branch", otherwise));
        b.Node("Sigmoid", ["logit"], "speech_probability");
        b.Output("speech_probability", "N", 1);
        return b.ToModel("test");
    }

    static ValueInfoProto FloatValue(string name) =>
        new() { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float } } };

    static void Gains(OnnxGraphBuilder b, string name, int seed)
    {
        b.Initializer($"{name}.gain", [Hidden], OnnxBuilder.RandomValues(Hidden, seed, 0.2f).Select(v => 1 + v).ToArray());
        b.Initializer($"{name}.bias", [Hidden], OnnxBuilder.RandomValues(Hidden, seed + 1000, 0.1f));
    }

    // Scalars as Constant nodes, not initializers: exporters write them so, and they are not weights to quantize.
    static void ScalarFloat(OnnxGraphBuilder b, string name, float value)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)DataType.Float };
        tensor.FloatData.Add(value);
        b.Node("Constant", [], name, Tensor("value", tensor));
    }

    static void ScalarInt64(OnnxGraphBuilder b, string name, long value) =>
        b.Node("Constant", [], name, Tensor("value", Int64Tensor(name, [], value)));
}
