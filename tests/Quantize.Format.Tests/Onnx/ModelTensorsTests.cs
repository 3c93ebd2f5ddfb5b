using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using static Quantize.Tests.Shared.OnnxBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Format.Tests.Onnx;

public class ModelTensorsTests
{
    [Fact]
    public void Extract_FindsWeightsOfEveryKind_InFileOrder()
    {
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(MixedWeightsModel.Build());

        Assert.Equal(MixedWeightsModel.Learned, parameters.Select(p => p.Name));
    }

    [Fact]
    public void Find_LeavesFixedConstantsAlone()
    {
        IReadOnlyList<TensorSite> sites = ModelTensors.Find(MixedWeightsModel.Build());

        Assert.Equal(MixedWeightsModel.Fixed.Order(StringComparer.Ordinal),
            sites.Where(s => !s.Learned).Select(s => s.Identity).Order(StringComparer.Ordinal));
        TensorSite branchWeight = sites.Single(s => s.Identity == "branch/else_branch/w2e");
        Assert.Equal("branch/else_branch", branchWeight.Graph);
        Assert.Equal(TensorOrigin.ConstantNode, branchWeight.Origin);
    }

    [Fact]
    public void Extract_ReadsValuesOfEachStoredType()
    {
        ModelProto model = MixedWeightsModel.Build();
        Dictionary<string, ParameterTensor> byName = ModelParameters.Extract(model).ToDictionary(p => p.Name);

        Assert.Equal(RandomValues(128, 5, 0.5f).Select(v => (float)(Half)v), byName["w1"].Values);
        Assert.Equal(RandomValues(16, 6), byName["b1"].Values);
        Assert.Equal([16L, 16L], byName["c.weight"].Dims);
        Assert.Equal(RandomValues(64, 12), byName["branch/else_branch/w2e"].Values);
    }

    [Fact]
    public void WithValues_WritesEveryKindBackInItsOwnType_AndWithoutDataClearsItAgain()
    {
        ModelProto model = MixedWeightsModel.Build();
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        var replaced = parameters.Select(p => p with { Values = p.Values.Select(v => MathF.Round(v * 4) / 4).ToArray() }).ToList();

        ModelProto filled = ModelParameters.WithValues(model, replaced);

        Assert.Equal(replaced.Select(p => p.Values), ModelParameters.Extract(filled).Select(p => p.Values));
        Dictionary<string, TensorSite> before = ModelTensors.FloatingByIdentity(model), after = ModelTensors.FloatingByIdentity(filled);
        foreach (string name in MixedWeightsModel.Learned) Assert.Equal(before[name].Tensor.DataType, after[name].Tensor.DataType);
        Assert.Equal(ModelParameters.WithoutData(model, MixedWeightsModel.Learned), ModelParameters.WithoutData(filled, MixedWeightsModel.Learned));
        Assert.Equal(MixedWeightsModel.Build(), model); // the source is never changed, not even while its skeleton is taken
    }

    [Fact]
    public void Find_UnnamedOrRepeatedNodeNames_UseOpTypeAndIndex()
    {
        ModelProto model = MixedWeightsModel.Build();
        NodeProto branch = model.Graph.Node.Single(n => n.OpType == "If");
        branch.Name = "";

        Assert.Contains("If#8/then_branch/w2", ModelParameters.Extract(model).Select(p => p.Name));
        branch.Name = "add1"; // now shared with the Add node
        Assert.Contains("If#8/else_branch/w2e", ModelParameters.Extract(model).Select(p => p.Name));
    }

    [Fact]
    public void Find_TensorOnlyUsedAsResizeScales_IsFixed_ButAlsoUsedAsWeight_IsLearned()
    {
        var graph = new GraphProto { Name = "g" };
        graph.Initializer.Add(Raw("scales", DataType.Float, [4], [1, 1, 2, 2]));
        graph.Node.Add(Node("Resize", "resize", ["x", "", "scales"], ["y"]));
        ModelProto model = Model(graph);
        Assert.False(ModelTensors.Find(model).Single().Learned);

        graph.Node.Add(Node("Mul", "mul", ["y", "scales"], ["z"]));
        Assert.True(ModelTensors.Find(model).Single().Learned);
    }

    [Fact]
    public void Find_BatchNormStatistics_AreFixed_ItsScaleAndBias_AreLearned()
    {
        var graph = new GraphProto { Name = "g" };
        foreach (string name in new[] { "gamma", "beta", "mean", "var" })
            graph.Initializer.Add(Raw(name, DataType.Float, [4], [1, 2, 3, 4]));
        graph.Node.Add(Node("BatchNormalization", "bn", ["x", "gamma", "beta", "mean", "var"], ["y"]));

        Assert.Equal(["gamma", "beta"], ModelTensors.Find(Model(graph)).Where(s => s.Learned).Select(s => s.Identity));
    }

    [Fact]
    public void Find_UnusedConstantNodeBelowTheSizeThreshold_IsFixed()
    {
        var graph = new GraphProto { Name = "g" };
        graph.Node.Add(Constant("small", Raw("", DataType.Float, [LearnedParameterRule.MinConstantElements - 1], new float[LearnedParameterRule.MinConstantElements - 1])));
        graph.Node.Add(Constant("large", Raw("", DataType.Float, [LearnedParameterRule.MinConstantElements], new float[LearnedParameterRule.MinConstantElements])));

        Assert.Equal(["large"], ModelTensors.Find(Model(graph)).Where(s => s.Learned).Select(s => s.Identity));
    }

    [Fact]
    public void Find_TwoTensorsWithTheSameIdentity_AreRefused()
    {
        var graph = new GraphProto { Name = "g" };
        graph.Initializer.Add(Raw("w", DataType.Float, [1], [1]));
        graph.Node.Add(Constant("w", Raw("", DataType.Float, [1], [1])));

        var error = Assert.Throws<OnnxFormatException>(() => ModelTensors.Find(Model(graph)));

        Assert.Contains("'w'", error.Message);
    }
}
