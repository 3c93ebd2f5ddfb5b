using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using Quantize.Torch.Onnx;
using Quantize.Torch.Probing;
using static TorchSharp.torch;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Probing;

/// <summary>A voice detector's shape of graph: a speech probability of one value per sample, beside a state output.</summary>
public class ProbabilityOutputsTests
{
    public ProbabilityOutputsTests() => TorchRuntime.EnsureLoaded();

    // x [N, 2] · w [2, 1] → Sigmoid → (an If on `flag`, whose branches squeeze the outer graph's Sigmoid output) →
    // ReduceMean → Unsqueeze → "speech" [N, 1]; x · w also leaves as "state" [N, 1] through a Relu.
    static ModelProto DetectorLike()
    {
        GraphProto Branch(string name)
        {
            var branch = new GraphProto { Name = name };
            branch.Node.Add(OnnxBuilder.Node("Squeeze", name + "_sq", ["p", "axis1"], [name + "_out"]));
            branch.Output.Add(OnnxBuilder.Value(name + "_out", DataType.Float, 1));
            return branch;
        }
        var graph = new GraphProto { Name = "g" };
        graph.Input.Add(OnnxBuilder.Value("x", DataType.Float, 4, 2));
        graph.Input.Add(OnnxBuilder.Value("flag", DataType.Bool));
        graph.Output.Add(OnnxBuilder.Value("speech", DataType.Float, 4, 1));
        graph.Output.Add(OnnxBuilder.Value("state", DataType.Float, 4, 1));
        graph.Initializer.Add(OnnxBuilder.Raw("w", DataType.Float, [2, 1], [2, 1]));
        graph.Node.Add(OnnxBuilder.Constant("axis1", new TensorProto { Name = "axis1", DataType = (int)DataType.Int64, Dims = { 1 }, Int64Data = { 1 } }));
        graph.Node.Add(OnnxBuilder.Node("MatMul", "mm", ["x", "w"], ["z"]));
        graph.Node.Add(OnnxBuilder.Node("Sigmoid", "sig", ["z"], ["p"]));
        graph.Node.Add(OnnxBuilder.Node("If", "branch", ["flag"], ["chosen"], OnnxBuilder.Graph("then_branch", Branch("then")),
            OnnxBuilder.Graph("else_branch", Branch("else"))));
        graph.Node.Add(OnnxBuilder.Node("Unsqueeze", "unsq", ["chosen", "axis1"], ["speech"]));
        graph.Node.Add(OnnxBuilder.Node("Relu", "relu", ["z"], ["state"]));
        return OnnxBuilder.Model(graph);
    }

    [Fact]
    public void ASigmoidThroughViewsAndBranches_IsAProbability_AReluIsNot()
    {
        Assert.Equal(["speech"], ProbabilityOutputs.Of(DetectorLike().Graph));
    }

    [Fact]
    public void AProbabilityNearZero_IsMeasuredOnItsLogit()
    {
        ModelProto model = DetectorLike();
        using var module = new OnnxGraphModule(model);
        module.eval();
        // Logits −4, −5, −6, −3: probabilities 0.018 … 0.047, a detector's answer on noise.
        var inputs = new Dictionary<string, Tensor>
        {
            ["x"] = tensor(new float[] { -2, 0, -2, -1, -3, 0, -1, -1 }).reshape(4, 2),
            ["flag"] = tensor(true),
        };
        float[] Moved(string _) => [2.05f, 1]; // every logit moves by −0.05·x₀: by 0.1, 0.1, 0.15, 0.05
        var probabilities = ProbabilityOutputs.Of(model.Graph);

        double asProbability = OutputSensitivity.Measure(module, inputs, [("w", [2, 1])], Moved)["w"];
        double asLogit = OutputSensitivity.Measure(module, inputs, [("w", [2, 1])], Moved, probabilities: probabilities)["w"];

        // The state (a Relu of the logits: all zero) carries no energy, so the speech output decides both.
        double[] z = [-4, -5, -6, -3], dz = [-0.1, -0.1, -0.15, -0.05];
        double expectedLogit = dz.Sum(d => d * d) / z.Sum(v => v * v);
        double[] p = z.Select(v => 1 / (1 + Math.Exp(-v))).ToArray();
        double expectedProbability = p.Select((v, i) => Math.Pow(1 / (1 + Math.Exp(-(z[i] + dz[i]))) - v, 2)).Sum() / p.Sum(v => v * v);
        Assert.Equal(expectedLogit, asLogit, 2e-5);
        Assert.Equal(expectedProbability, asProbability, 2e-4);
        Assert.True(asProbability > 5 * asLogit, $"{asProbability} vs {asLogit}"); // the hypersensitivity the logit removes
        Assert.Equal(asLogit, OutputSensitivity.MeasureJoint(module, inputs, [("w", [2, 1])], Moved, probabilities), 1e-12);
    }
}
