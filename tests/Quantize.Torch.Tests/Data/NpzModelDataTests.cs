using Quantize.Data.NumPy;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Data;
using Quantize.Torch.Evaluation;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Data;

public class NpzModelDataTests
{
    public NpzModelDataTests() => TorchRuntime.EnsureLoaded();

    /// <summary>A BERT-like head reading three int64 inputs [N,8]: token and type embeddings, masked mean, classifier.</summary>
    static ModelProto Encoder(DataType maskType = DataType.Int64, long length = 8)
    {
        var b = new OnnxGraphBuilder("encoder");
        b.Input("input_ids", "N", length);
        b.Input("attention_mask", "N", length);
        b.Input("token_type_ids", "N", length);
        b.Initializer("words", [100, 4], Enumerable.Range(0, 400).Select(i => i * 0.01f).ToArray());
        b.Initializer("types", [2, 4], [0, 1, 2, 3, 4, 5, 6, 7]);
        b.Initializer("classifier", [2, 4], [1, 0, 0, 1, 0, 1, 1, 0]);
        b.Node("Gather", ["words", "input_ids"], "w");
        b.Node("Gather", ["types", "token_type_ids"], "t");
        b.Node("Add", ["w", "t"], "e");
        b.Node("Cast", ["attention_mask"], "m", OnnxGraphBuilder.Int("to", (long)DataType.Float));
        b.Node("Unsqueeze", ["m"], "m3", OnnxGraphBuilder.Ints("axes", 2));
        b.Node("Mul", ["e", "m3"], "h");
        b.Node("ReduceMean", ["h"], "pooled", OnnxGraphBuilder.Ints("axes", 1), OnnxGraphBuilder.Int("keepdims", 0));
        b.Node("Gemm", ["pooled", "classifier"], "logits", OnnxGraphBuilder.Int("transB", 1));
        b.Output("logits", "N", 2);
        ModelProto model = b.ToModel("test");
        foreach (ValueInfoProto input in model.Graph.Input) input.Type.TensorType.ElemType = (int)DataType.Int64;
        model.Graph.Input[1].Type.TensorType.ElemType = (int)maskType;
        return model;
    }

    [Theory]
    [InlineData("tokens_stored.npz")]
    [InlineData("tokens_deflated.npz")]
    public void EveryInputIsFedByNameWithItsDeclaredType(string file)
    {
        string path = DataFixtures.Npy(file);
        NpzModelData data = ModelDataResolver.BindNpz(Encoder(DataType.Float), NpzReader.Read(path), path);
        Assert.Equal(5, data.Count);
        Assert.True(data.HasLabels);
        Assert.Equal(["input_ids", "attention_mask", "token_type_ids"], data.InputNames);
        using var scope = NewDisposeScope();
        ModelBatch batch = data.Batch([3, 1]);
        Tensor ids = batch.Inputs["input_ids"], mask = batch.Inputs["attention_mask"];
        Assert.Equal(ScalarType.Int64, ids.dtype);
        Assert.Equal(new long[] { 2, 8 }, ids.shape);
        Assert.Equal(Enumerable.Range(24, 8).Concat(Enumerable.Range(8, 8)).Select(i => i * 7L % 100), ids.data<long>().ToArray());
        Assert.Equal(ScalarType.Float32, mask.dtype); // the model declared a float mask: int64 0/1 cast to it
        Assert.Equal([1f, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0], mask.data<float>().ToArray());
        Assert.Equal([0L, 1], batch.Labels!.data<long>().ToArray());
        Assert.Equal(2, batch.Count);
    }

    [Fact]
    public void MissingInputArrayListsWhatTheArchiveHolds()
    {
        string path = DataFixtures.Npy("positional.npz");
        var e = Assert.Throws<ModelDataException>(() => ModelDataResolver.BindNpz(Encoder(), NpzReader.Read(path), path));
        Assert.Equal($"{path}: no array 'input_ids' for model input 'input_ids' ([N,8] int64); the archive holds 'arr_0' float32 [24], 'arr_1' int32 [24]", e.Message);
    }

    [Fact]
    public void ShapeAndTypeMismatchesNameArrayAndInput()
    {
        string path = DataFixtures.Npy("tokens_stored.npz");
        var shape = Assert.Throws<ModelDataException>(() => ModelDataResolver.BindNpz(Encoder(length: 16), NpzReader.Read(path), path));
        Assert.Equal($"{path}: array 'input_ids' is int64 [5,8] but model input 'input_ids' takes [N,16] int64; axis 1 is 8, the input's is 16", shape.Message);

        NpyArray[] floats = [.. NpzReader.Read(path).Select(a => a.Name == "input_ids" ? a with { ElementType = NpyElementType.Float64 } : a)];
        var type = Assert.Throws<ModelDataException>(() => ModelDataResolver.BindNpz(Encoder(), floats, path));
        Assert.Equal($"{path}: array 'input_ids' is float64 [5,8] but model input 'input_ids' takes [N,8] int64; store integer values (np.int64) for an integer input, not floats", type.Message);
    }

    [Fact]
    public void LabelsMustBeOneClassIndexPerSample()
    {
        string path = DataFixtures.Npy("tokens_stored.npz");
        IReadOnlyList<NpyArray> arrays = NpzReader.Read(path);
        NpyArray[] shortLabels = [.. arrays.Select(a => a.Name == "labels" ? a with { Shape = [4], Data = a.Data[..32] } : a)];
        var e = Assert.Throws<ModelDataException>(() => ModelDataResolver.BindNpz(Encoder(), shortLabels, path));
        Assert.Equal($"{path}: array 'labels' is int64 [4]; it must hold one class index per sample ([5])", e.Message);
        NpzModelData unlabelled = ModelDataResolver.BindNpz(Encoder(), [.. arrays.Where(a => a.Name != "labels")], path);
        Assert.False(unlabelled.HasLabels);
        using var scope = NewDisposeScope();
        Assert.Null(unlabelled.Batch([0]).Labels);
    }

    [Fact]
    public void ImageArraysAreCastToFloat32()
    {
        // le_i4.npy is (2,3,4): two samples for a model taking [N,3,4] floats.
        var b = new OnnxGraphBuilder("f");
        b.Input("le_i4", "N", 3, 4);
        b.Node("Flatten", ["le_i4"], "y");
        b.Output("y", "N", 12);
        NpyArray array = NpyReader.Read(DataFixtures.Npy("le_i4.npy"));
        NpzModelData data = ModelDataResolver.BindNpz(b.ToModel("test"), [array], "x.npz");
        using var scope = NewDisposeScope();
        Tensor t = data.Batch([1, 0]).Inputs["le_i4"];
        Assert.Equal(ScalarType.Float32, t.dtype);
        Assert.Equal(Enumerable.Range(12, 12).Concat(Enumerable.Range(0, 12)).Select(i => i * 1000f - 7000), t.data<float>().ToArray());
    }
}

/// <summary>
/// A streaming audio model's inputs, as the Silero VAD exports declare them: a signal [batch, 4], a recurrent state
/// [2, batch, 3] whose batch is its second axis, and a scalar sample rate the graph tests with Equal.
/// </summary>
public class NpzRecurrentInputTests
{
    public NpzRecurrentInputTests() => TorchRuntime.EnsureLoaded();

    // out[n] = Σ input[n, :] + Σ state[:, n, :] + (sr == 16000 ? 1 : 0): every input reaches the output, so a state sliced
    // along the wrong axis or a sample rate left out changes it.
    static ModelProto StreamingModel(object stateBatch)
    {
        var b = new OnnxGraphBuilder("vad");
        b.Input("input", "batch", 4);
        b.Input("state", 2, stateBatch, 3);
        var sr = new ValueInfoProto { Name = "sr", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Int64, Shape = new TensorShapeProto() } } };
        b.Int64Initializer("rate", [], 16000);
        b.Int64Initializer("one", [1], 1);
        b.Int64Initializer("state_axes", [2], 0, 2);
        b.Node("ReduceSum", ["input", "one"], "signal", OnnxGraphBuilder.Int("keepdims", 0));
        b.Node("ReduceSum", ["state", "state_axes"], "state_sum", OnnxGraphBuilder.Int("keepdims", 0));
        b.Node("Equal", ["sr", "rate"], "is_16k");
        b.Node("Cast", ["is_16k"], "rate_term", OnnxGraphBuilder.Int("to", (long)DataType.Float));
        b.Node("Add", ["signal", "state_sum"], "sum");
        b.Node("Add", ["sum", "rate_term"], "output");
        b.Output("output", "batch");
        ModelProto model = b.ToModel("test");
        model.Graph.Input.Add(sr);
        return model;
    }

    static NpyArray Floats(string name, long[] shape, Func<int, float> value)
    {
        int count = (int)shape.Aggregate(1L, (a, c) => a * c);
        var bytes = new byte[count * 4];
        for (int i = 0; i < count; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), value(i));
        return new NpyArray(name, NpyElementType.Float32, shape, bytes);
    }

    static NpyArray Scalar(string name, long value) => new(name, NpyElementType.Int64, [], BitConverter.GetBytes(value));

    [Theory]
    [InlineData("batch")] // the state names the batch's symbol
    [InlineData(null)]    // the state leaves its batch unnamed ([2, ?, 3]); its first axis is fixed, so the open one holds the samples
    public void StateSamplesLieAlongItsBatchAxisAndTheScalarGoesWithEveryBatch(string? stateBatch)
    {
        ModelProto model = StreamingModel(stateBatch ?? (object)"");
        // Five samples: input[n, :] = n, state[l, n, k] = 100·n + 10·l + k.
        NpyArray[] arrays =
        [
            Floats("input", [5, 4], i => i / 4),
            Floats("state", [2, 5, 3], i => 100 * (i / 3 % 5) + 10 * (i / 15) + i % 3),
            Scalar("sr", 16000),
        ];
        NpzModelData data = ModelDataResolver.BindNpz(model, arrays, "vad.npz");
        Assert.Equal(5, data.Count);
        using var scope = NewDisposeScope();
        ModelBatch batch = data.Batch([4, 1]);
        Assert.Equal(new long[] { 2, 2, 3 }, batch.Inputs["state"].shape);
        Assert.Empty(batch.Inputs["sr"].shape);
        using var module = new OnnxGraphModule(model);
        float[] output = module.Forward(batch)[0].data<float>().ToArray();
        // Sample n: 4n + Σ_l Σ_k (100n + 10l + k) = 4n + 600n + 30 + 6, plus 1 for the sample rate.
        Assert.Equal([4 * 4 + 600 * 4 + 36 + 1f, 4 * 1 + 600 * 1 + 36 + 1f], output);
    }

    [Fact]
    public void StateSampleCountsMustAgreeWithTheSignals()
    {
        NpyArray[] arrays = [Floats("input", [5, 4], _ => 0), Floats("state", [2, 3, 3], _ => 0), Scalar("sr", 16000)];
        var e = Assert.Throws<ModelDataException>(() => ModelDataResolver.BindNpz(StreamingModel("batch"), arrays, "vad.npz"));
        Assert.Equal("vad.npz: array 'state' has 3 samples (axis 1) but 'input' has 5 (axis 0)", e.Message);
    }

    [Fact]
    public void AScalarInputTakesAScalarArray()
    {
        NpyArray[] arrays = [Floats("input", [5, 4], _ => 0), Floats("state", [2, 5, 3], _ => 0), Floats("sr", [5], _ => 16000)];
        var e = Assert.Throws<ModelDataException>(() => ModelDataResolver.BindNpz(StreamingModel("batch"), arrays, "vad.npz"));
        Assert.Equal("vad.npz: array 'sr' is float32 [5] but model input 'sr' takes [] int64; the ranks differ (1 and 0)", e.Message);
    }

    // A detector with a learned gain on its score and on its state: score[n] = g · Σ input[n, :] + bias, stateN = state · h.
    static ModelProto DetectorWithState(float gain, float stateGain, float bias = 0)
    {
        var b = new OnnxGraphBuilder("vad");
        b.Input("input", "batch", 4);
        b.Input("state", 2, "batch", 3);
        b.Initializer("g", [4], [gain, gain, gain, gain]);
        b.Initializer("h", [3], [stateGain, stateGain, stateGain]);
        b.Initializer("bias", [1], [bias]);
        b.Int64Initializer("one", [1], 1);
        b.Node("Mul", ["input", "g"], "weighted");
        b.Node("ReduceSum", ["weighted", "one"], "sum", OnnxGraphBuilder.Int("keepdims", 1));
        b.Node("Add", ["sum", "bias"], "output");
        b.Node("Mul", ["state", "h"], "stateN");
        b.Output("output", "batch", 1);
        b.Output("stateN", 2, "batch", 3);
        return b.ToModel("test");
    }

    [Fact]
    public void Fidelity_MeasuresAStateByItsBatchAxis_AndAOneValueScoreOverTheSplit()
    {
        // Scores differ in proportion to the sample (input[n, :] = n + 1), so a uniform gain change keeps their direction
        // over the split (cosine 1) while a state gain change is measured on the state, sample by sample along axis 1.
        NpyArray[] arrays = [Floats("input", [5, 4], i => i / 4 + 1), Floats("state", [2, 5, 3], i => 1 + i % 7)];
        ModelProto original = DetectorWithState(1, 1);
        NpzModelData data = ModelDataResolver.BindNpz(original, arrays, "vad.npz");

        QualityResult same = ModelQuality.Compare(original, DetectorWithState(2, 1), data);
        QualityResult state = ModelQuality.Compare(original, DetectorWithState(1, 0.5f), data);
        QualityResult shifted = ModelQuality.Compare(original, DetectorWithState(1, 1, bias: 10), data);
        // 1,002 samples run as 1,000 and 2 (Accuracy.BatchSize): the last batch's state [2, 2, 3] still has its samples on axis 1.
        NpyArray[] many = [Floats("input", [Accuracy.BatchSize + 2, 4], i => i / 4 % 5 + 1), Floats("state", [2, Accuracy.BatchSize + 2, 3], i => 1 + i % 7)];
        QualityResult lastBatchOfTwo = ModelQuality.Compare(original, DetectorWithState(1, 0.5f), ModelDataResolver.BindNpz(original, many, "vad.npz"));
        Assert.Equal(Accuracy.BatchSize + 2, lastBatchOfTwo.Fidelity.Outputs[1].Measures.Samples);

        Assert.Empty(same.Skipped);
        Assert.Equal(["output", "stateN"], same.Fidelity.Outputs.Select(o => o.Name));
        Assert.Equal(1.0, same.Fidelity.Outputs[0].Measures.CosineMin, 12); // a doubled score keeps its direction over the split
        Assert.Equal(1.0, state.Fidelity.Outputs[1].Measures.CosineMin, 12); // a halved state too, sample by sample
        Assert.Equal(5, state.Fidelity.Outputs[1].Measures.Samples);
        Assert.Equal(0.5, state.Fidelity.Outputs[1].Measures.RelativeL2, 6);
        // Scores 4, 8, …, 20 against 14, 18, …, 30: each sample's cosine of one positive number would be 1.
        double[] a = [4, 8, 12, 16, 20], b = [14, 18, 22, 26, 30];
        double expected = a.Zip(b, (x, y) => x * y).Sum() / Math.Sqrt(a.Sum(x => x * x) * b.Sum(y => y * y));
        Assert.Equal(expected, shifted.Fidelity.Outputs[0].Measures.CosineMin, 6);
        Assert.True(expected < 0.99, $"{expected}");
    }

    [Fact]
    public void GaussNewton_RunsSampleBySample_OnAStateAndAScalarFedAlongTheirOwnAxes()
    {
        // The exact per-sample loop narrows every input to one sample: the state along axis 1; a scalar stays whole.
        NpyArray[] arrays = [Floats("input", [5, 4], i => i / 4 + 1), Floats("state", [2, 5, 3], i => 1 + i % 7)];
        ModelProto model = DetectorWithState(1, 1);
        using var module = new OnnxGraphModule(model);
        var data = Quantize.Torch.Hessian.HessianData.FromModelData(ModelDataResolver.BindNpz(model, arrays, "vad.npz"));
        var options = new Quantize.Torch.Hessian.HessianOptions
        {
            Samples = 0, BatchSize = 2, Mode = Quantize.Torch.Hessian.GaussNewtonMode.Exact, Loss = Quantize.Torch.Hessian.HessianOptions.LossFor(module),
        };

        IReadOnlyList<Quantize.Format.Onnx.ParameterTensor> h = new Quantize.Torch.Hessian.GaussNewtonEstimator().Estimate(module, data, options);

        // Squared error on [score, state]: d stateN[l, n, k] / d h_k = state[l, n, k], so h_k ∝ Σ_n Σ_l state[l, n, k]². Sliced
        // along axis 0 instead (the layers), the per-sample loop would weigh other entries: the ratios tell them apart.
        float State(int l, int n, int k) => 1 + (l * 15 + n * 3 + k) % 7;
        double[] expected = Enumerable.Range(0, 3).Select(k =>
            Enumerable.Range(0, 5).Sum(n => Enumerable.Range(0, 2).Sum(l => (double)State(l, n, k) * State(l, n, k)))).ToArray();
        float[] stateGain = h.Single(p => p.Name == "h").Values;
        Assert.All(stateGain, v => Assert.True(v > 0, $"{v}"));
        for (int k = 1; k < 3; k++) Assert.Equal(expected[k] / expected[0], stateGain[k] / stateGain[0], 4);
    }
}
