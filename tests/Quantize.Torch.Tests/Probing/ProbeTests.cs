using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using Quantize.Torch.Onnx;
using Quantize.Torch.Probing;
using static TorchSharp.torch;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Probing;

/// <summary>Synthetic inputs from declared ones, and how much each tensor alone moves the outputs.</summary>
public class ProbeTests
{
    public ProbeTests() => TorchRuntime.EnsureLoaded();

    static ValueInfoProto Symbolic(string name, DataType type, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (object dim in dims)
            shape.Dim.Add(dim is string symbol ? new TensorShapeProto.Types.Dimension { DimParam = symbol } : new TensorShapeProto.Types.Dimension { DimValue = (long)(int)dim });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }

    [Fact]
    public void Inputs_FollowTheirDeclarations_AndTheGraphsOwnComparisons()
    {
        var graph = new GraphProto { Name = "g" };
        graph.Input.Add(Symbolic("pixels", DataType.Float, "batch", 3, "height", "width"));
        graph.Input.Add(Symbolic("input_ids", DataType.Int64, "batch", "sequence"));
        graph.Input.Add(Symbolic("attention_mask", DataType.Int64, "batch", "sequence"));
        graph.Input.Add(Symbolic("state", DataType.Float, 2, "", 8));
        graph.Input.Add(Symbolic("sr", DataType.Int64));
        graph.Node.Add(OnnxBuilder.Constant("rate", new TensorProto { Name = "rate", DataType = (int)DataType.Int64, Int64Data = { 8000 } }));
        graph.Node.Add(OnnxBuilder.Node("Equal", "is8k", ["sr", "rate"], ["is8k"]));
        ModelProto model = OnnxBuilder.Model(graph);

        Dictionary<string, Tensor> inputs = ProbeInputs.For(model);

        Assert.Equal([4L, 3, 64, 64], inputs["pixels"].shape);
        Assert.Equal([4L, 32], inputs["input_ids"].shape);
        Assert.Equal(ScalarType.Int64, inputs["input_ids"].dtype);
        Assert.Equal(1L, inputs["attention_mask"].min().item<long>());
        Assert.Equal([2L, 4, 8], inputs["state"].shape); // a state's open size is the batch
        Assert.Equal(0f, inputs["state"].abs().max().item<float>());
        Assert.Equal(8000L, inputs["sr"].item<long>());
        float[] pixels = inputs["pixels"].data<float>().ToArray();
        Assert.All(pixels, p => Assert.InRange(p, 0f, 1f));
        Assert.Equal(pixels, ProbeInputs.For(model)["pixels"].data<float>().ToArray()); // deterministic
    }

    [Fact]
    public void TheImages_AreWhiteNoise_Smooth_AndStrokesOnALightPage()
    {
        var graph = new GraphProto { Name = "g" };
        graph.Input.Add(Symbolic("pixels", DataType.Float, "batch", 3, 64, 64));
        using Tensor pixels = ProbeInputs.For(OnnxBuilder.Model(graph))["pixels"];

        // Mean absolute difference of horizontal neighbours, per sample: about 1/3 for white noise, under 1/20 when smooth.
        double Roughness(int n)
        {
            using Tensor image = pixels[n, 0];
            return (image[.., 1..] - image[.., ..^1]).abs().mean().item<float>();
        }
        Assert.InRange(Roughness(0), 0.25, 0.45);
        Assert.All(new[] { Roughness(1), Roughness(3) }, r => Assert.InRange(r, 0.001, 0.05));
        // Strokes: mostly a light background, with some dark ink, the same in every channel (printed text is not coloured noise).
        using Tensor page = pixels[2];
        float[] values = page[0].data<float>().ToArray();
        double light = values.Count(v => v >= 0.75) / (double)values.Length, ink = values.Count(v => v < 0.25) / (double)values.Length;
        Assert.InRange(light, 0.7, 0.99);
        Assert.InRange(ink, 0.01, 0.3);
        Assert.Equal(values, page[2].data<float>().ToArray());
    }

    [Fact]
    public void TheJointError_OfOneTensor_IsItsErrorAlone_AndTwoTensorsAddUp()
    {
        // y = x · w + b: moving w's first entry by 0.01 moves y by 0.01 in the first output of the sample [1, 0] only;
        // moving b moves every output. Measured alone each is exact arithmetic; together (independent) they add.
        var graph = new GraphProto { Name = "g" };
        graph.Input.Add(Symbolic("x", DataType.Float, "batch", 2));
        graph.Output.Add(Symbolic("y", DataType.Float, "batch", 2));
        graph.Initializer.Add(OnnxBuilder.Raw("w", DataType.Float, [2, 2], [1, 0, 0, 1]));
        graph.Initializer.Add(OnnxBuilder.Raw("b", DataType.Float, [2], [0, 0]));
        graph.Node.Add(OnnxBuilder.Node("MatMul", "mm", ["x", "w"], ["xw"]));
        graph.Node.Add(OnnxBuilder.Node("Add", "add", ["xw", "b"], ["y"]));
        using var module = new OnnxGraphModule(OnnxBuilder.Model(graph));
        module.eval();
        var inputs = new Dictionary<string, Tensor> { ["x"] = tensor(new float[] { 1, 0, 0, 1 }).reshape(2, 2) };
        float[] Moved(string name) => name == "w" ? [1.5f, 0, 0, 1] : [0, 0.5f];

        double w = OutputSensitivity.Measure(module, inputs, [("w", [2, 2])], Moved)["w"];
        double both = OutputSensitivity.MeasureJoint(module, inputs, [("w", [2, 2]), ("b", [2])], Moved);

        Assert.Equal(0.25 / 2, w, 1e-12); // y = identity: energy 2, one output moved by 0.5
        Assert.Equal((0.25 + 2 * 0.25) / 2, both, 1e-12); // b's 0.5 on the other output of each sample, orthogonal to w's
        Assert.Equal(new float[] { 1, 0, 0, 1 }, module.Initializers["w"].data<float>().ToArray()); // put back
        Assert.Equal(new float[] { 0, 0 }, module.Initializers["b"].data<float>().ToArray());
    }

    [Fact]
    public void AStringInput_IsRefused()
    {
        var graph = new GraphProto { Name = "g" };
        graph.Input.Add(Symbolic("text", DataType.String, "batch"));
        Assert.Contains("'text'", Assert.Throws<ProbeException>(() => ProbeInputs.For(OnnxBuilder.Model(graph))).Message);
    }

    [Fact]
    public void Sensitivity_GrowsWithThePerturbation_AndLeavesTheModelAsItWas()
    {
        ModelProto model = OnnxModelFile.Load(RepoPaths.SampleModel);
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        using var module = new OnnxGraphModule(model);
        module.eval();
        Dictionary<string, Tensor> inputs = ProbeInputs.For(model);
        Tensor before = module.Run(inputs)[0];
        ParameterTensor fc2 = parameters.Single(p => p.Name == "fc2.weight");
        float[] Noisy(string name, float amount)
        {
            float[] values = parameters.Single(p => p.Name == name).Values;
            var random = new Random(1);
            return values.Select(v => v + amount * (float)(random.NextDouble() - 0.5)).ToArray();
        }

        var small = OutputSensitivity.Measure(module, inputs, [(fc2.Name, fc2.Dims)], name => Noisy(name, 0.001f));
        var large = OutputSensitivity.Measure(module, inputs, [(fc2.Name, fc2.Dims)], name => Noisy(name, 0.01f));

        Assert.InRange(small[fc2.Name], 1e-12, large[fc2.Name] / 50); // error ∝ noise²: 100x
        Assert.Equal(before.data<float>().ToArray(), module.Run(inputs)[0].data<float>().ToArray());
    }

    [Fact]
    public void AWeightInAConstantNode_IsMeasuredToo_ThroughASubstitute()
    {
        ModelProto model = ForeignModels.LenetWithConstantWeight(out string constant);
        ParameterTensor weight = ModelParameters.Extract(model).Single(p => p.Name == constant);
        using var module = new OnnxGraphModule(model);
        module.eval();
        Dictionary<string, Tensor> inputs = ProbeInputs.For(model);
        float[] before = module.Run(inputs)[0].data<float>().ToArray();

        var errors = OutputSensitivity.Measure(module, inputs, [(weight.Name, weight.Dims)], _ => weight.Values.Select(v => v * 1.1f).ToArray());

        Assert.True(errors[constant] > 0);
        Assert.Empty(module.ConstantSubstitutes);
        Assert.Equal(before, module.Run(inputs)[0].data<float>().ToArray());
    }
}
