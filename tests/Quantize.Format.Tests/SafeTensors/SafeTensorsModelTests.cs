using Quantize.Format.Onnx;
using Quantize.Format.SafeTensors;
using Quantize.Tests.Shared;

namespace Quantize.Format.Tests.SafeTensors;

/// <summary>A safetensors model as a graph without nodes: which tensors are weights, their channel axes, and how its files are found.</summary>
public class SafeTensorsModelTests
{
    [Fact]
    public void TheWeightRuleIsTheLearnedParameterRuleOfAGraphWithoutNodes()
    {
        using var temp = new TemporaryFolder();
        var fixture = new SafeTensorsContainerFixture(temp.Path);
        Assert.Equal(fixture.Model.Entries.Where(SafeTensorsWeightRule.IsWeight).Select(e => e.Name), fixture.Parameters.Select(p => p.Name));
        Assert.Empty(fixture.Onnx.Graph.Node);
        Assert.Equal(fixture.Model.Entries.Select(e => (e.Name, SafeTensorsDTypes.OnnxType(e.DType))),
            fixture.Onnx.Graph.Initializer.Select(t => (t.Name, t.DataType)));
    }

    [Fact]
    public void EveryTensorOfRankTwoOrMoreTakesAxisZero()
    {
        using var temp = new TemporaryFolder();
        var fixture = new SafeTensorsContainerFixture(temp.Path);
        Dictionary<string, int?> axes = ChannelAxes.Of(fixture.Onnx);
        Assert.Equal(0, axes["layer.weight"]);
        Assert.Equal(0, axes["embed.weight"]);
        Assert.Null(axes["layer.bias"]);
        Assert.Null(axes["eps"]);
    }

    [Fact]
    public void AnIndexThatDisagreesWithItsShardsIsRefused()
    {
        using var temp = new TemporaryFolder();
        SafeTensorsFixture.Write(temp.File("a.safetensors"), [SafeTensorsFixture.Float("w", "F32", [2], [1, 2])]);
        string index = temp.File("model.safetensors.index.json");
        File.WriteAllText(index, """{"weight_map": {"w": "a.safetensors", "v": "a.safetensors"}}""");
        Assert.Contains("names tensor 'v', which its shard does not hold", Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsModel.Open(index)).Message);
        File.WriteAllText(index, """{"weight_map": {"w": "../a.safetensors"}}""");
        Assert.Contains("not a .safetensors file name in the index's folder", Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsModel.Open(index)).Message);
    }

    [Fact]
    public void AFolderWithoutIndexTakesItsFilesInNameOrderAndRefusesATensorTwice()
    {
        using var temp = new TemporaryFolder();
        SafeTensorsFixture.Write(temp.File("b.safetensors"), [SafeTensorsFixture.Float("w2", "F32", [2], [1, 2])]);
        SafeTensorsFixture.Write(temp.File("a.safetensors"), [SafeTensorsFixture.Float("w1", "F32", [2], [1, 2])]);
        SafeTensorsModel model = SafeTensorsModel.Open(temp.Path);
        Assert.Equal(["a.safetensors", "b.safetensors"], model.Shards.Select(s => s.FileName));
        Assert.Null(model.IndexName);
        SafeTensorsFixture.Write(temp.File("c.safetensors"), [SafeTensorsFixture.Float("w1", "F32", [2], [1, 2])]);
        Assert.Contains("holds tensor 'w1' in two places", Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsModel.Open(temp.Path)).Message);
    }
}
