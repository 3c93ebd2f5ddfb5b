using Google.Protobuf;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Models;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Onnx;

public class OnnxGraphModuleTests
{
    public OnnxGraphModuleTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void ExecutesExportedLeNet5LikeTheModuleItCameFrom()
    {
        manual_seed(7);
        using var module = new LeNet5();
        ModelProto onnx = LeNet5Onnx.Export(module, "test");
        // Through bytes, as a file would go.
        ModelProto reread = OnnxModelFile.Parse(onnx.ToByteArray(), "exported");
        using var graph = new OnnxGraphModule(reread);
        (Tensor pixels, Tensor labels) = TestData.Test.Batch(Enumerable.Range(0, 64).ToArray());
        using (pixels)
        using (labels)
        using (no_grad())
        {
            using Tensor expected = module.forward(pixels);
            using Tensor actual = graph.forward(pixels);
            Assert.Equal(expected.shape, actual.shape);
            Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-6), "graph output differs from the module's");
        }
    }

    [Fact]
    public void ExposesFloatInitializersByOnnxNameInGraphOrder()
    {
        using var module = new LeNet5();
        using var graph = new OnnxGraphModule(LeNet5Onnx.Export(module, "test"));
        Assert.Equal(
            ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"],
            graph.Initializers.Keys);
        Assert.Equal(LeNet5.ParameterCount, graph.Initializers.Values.Sum(p => p.numel()));
    }

    [Fact]
    public void RejectsAnUnsupportedOpNamingOpAndNode()
    {
        var builder = new OnnxGraphBuilder("g");
        builder.Input("x", 1, 4);
        builder.Node("MaxRoiPool", ["x"], "y");
        builder.Output("y", 1, 4);
        var error = Assert.Throws<OnnxExecutionException>(() => new OnnxGraphModule(builder.ToModel("test")));
        Assert.Contains("MaxRoiPool", error.Message);
        Assert.Contains("'y'", error.Message);
    }

    [Fact]
    public void GemmHonoursAlphaBetaAndTransposes()
    {
        var builder = new OnnxGraphBuilder("g");
        builder.Input("a", 3, 2);
        builder.Initializer("b", [4, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        builder.Initializer("c", [4], [1, -1, 2, -2]);
        builder.Node("Gemm", ["a", "b", "c"], "y", OnnxGraphBuilder.Int("transA", 1), OnnxGraphBuilder.Int("transB", 1),
            new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = 0.5f },
            new AttributeProto { Name = "beta", Type = AttributeProto.Types.AttributeType.Float, F = 2f });
        builder.Output("y", 2, 4);
        using var graph = new OnnxGraphModule(builder.ToModel("test"));
        using Tensor a = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [3, 2]);
        using Tensor y = graph.forward(a);
        // Reference by hand: 0.5 · aᵀ·bᵀ + 2 · c.
        float[] at = [1, 3, 5, 2, 4, 6];
        float[] b = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        float[] c = [1, -1, 2, -2];
        float[] actual = y.data<float>().ToArray();
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 4; j++)
            {
                float sum = 0;
                for (int k = 0; k < 3; k++) sum += at[i * 3 + k] * b[j * 3 + k];
                Assert.Equal(0.5f * sum + 2 * c[j], actual[i * 4 + j], 4);
            }
    }

    [Fact]
    public void AsymmetricConvPaddingEqualsExplicitZeroPadding()
    {
        var builder = new OnnxGraphBuilder("g");
        builder.Input("x", 1, 1, 4, 4);
        builder.Initializer("w", [1, 1, 2, 2], [1, 2, 3, 4]);
        builder.Node("Conv", ["x", "w"], "y", OnnxGraphBuilder.Ints("pads", 0, 1, 1, 0));
        builder.Output("y", 1, 1, 4, 4);
        using var graph = new OnnxGraphModule(builder.ToModel("test"));
        using Tensor x = arange(16, dtype: ScalarType.Float32).reshape(1, 1, 4, 4);
        using Tensor y = graph.forward(x);
        // pads = [top 0, left 1, bottom 1, right 0]: pad left and bottom by hand, then convolve unpadded.
        using Tensor padded = nn.functional.pad(x, [1, 0, 0, 1]);
        using Tensor expected = nn.functional.conv2d(padded, tensor(new float[] { 1, 2, 3, 4 }, [1, 1, 2, 2]));
        Assert.True(y.allclose(expected));
    }

    [Fact]
    public void ReshapeCopiesZeroDimensionsAndInfersMinusOne()
    {
        var builder = new OnnxGraphBuilder("g");
        builder.Input("x", 2, 3, 4);
        var shape = new TensorProto { Name = "shape", DataType = (int)TensorProto.Types.DataType.Int64 };
        shape.Dims.Add(2);
        shape.Int64Data.AddRange([0, -1]);
        ModelProto model = builder.ToModel("test");
        model.Graph.Initializer.Add(shape);
        var node = new NodeProto { OpType = "Reshape", Name = "r" };
        node.Input.AddRange(["x", "shape"]);
        node.Output.Add("y");
        model.Graph.Node.Add(node);
        model.Graph.Output.Add(new ValueInfoProto { Name = "y" });
        using var graph = new OnnxGraphModule(model);
        using Tensor y = graph.forward(zeros(2, 3, 4));
        Assert.Equal(new long[] { 2, 12 }, y.shape);
    }
}
