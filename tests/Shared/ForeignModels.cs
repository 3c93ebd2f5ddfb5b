using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Tests.Shared;

/// <summary>
/// Models shaped as other tools export them, for the checks that the executor runs what fits the
/// Fashion-MNIST images and refuses the rest clearly: an MLP taking [N,784] (PyTorch after a Flatten outside
/// the graph), the sample LeNet-5 in half precision (initializers in float16, Casts at input and output, as
/// float16 converters write it), in NHWC and N×H×W layouts (tf2onnx), a CIFAR-shaped CNN, a token model.
/// </summary>
static class ForeignModels
{
    public static ModelProto Lenet() => OnnxModelFile.Load(RepoPaths.SampleModel);

    /// <summary>784 → 64 → ReLU → 10, random weights large enough that the class scores are well apart.</summary>
    public static ModelProto Mlp(int classes = 10)
    {
        var b = new OnnxGraphBuilder("mlp");
        b.Input("input", "batch", 784);
        b.Initializer("fc1.weight", [64, 784], OnnxBuilder.RandomValues(64 * 784, 1, 0.1f));
        b.Initializer("fc1.bias", [64], OnnxBuilder.RandomValues(64, 2, 0.1f));
        b.Initializer("fc2.weight", [classes, 64], OnnxBuilder.RandomValues(classes * 64, 3, 0.5f));
        b.Initializer("fc2.bias", [classes], OnnxBuilder.RandomValues(classes, 4, 0.1f));
        b.Node("Gemm", ["input", "fc1.weight", "fc1.bias"], "h", Int("transB", 1));
        b.Node("Relu", ["h"], "r");
        b.Node("Gemm", ["r", "fc2.weight", "fc2.bias"], "logits", Int("transB", 1));
        b.Output("logits", "batch", classes);
        return b.ToModel("test");
    }

    /// <summary>A ResNet-style stem for 3×32×32 CIFAR images: Conv, BatchNormalization, ReLU, GlobalAveragePool, Gemm.</summary>
    public static ModelProto Cifar()
    {
        var b = new OnnxGraphBuilder("cifar");
        b.Input("x", "N", 3, 32, 32);
        b.Initializer("conv.weight", [8, 3, 3, 3], OnnxBuilder.RandomValues(216, 5, 0.3f));
        b.Initializer("bn.scale", [8], Enumerable.Repeat(1f, 8).ToArray());
        b.Initializer("bn.bias", [8], new float[8]);
        b.Initializer("bn.mean", [8], new float[8]);
        b.Initializer("bn.var", [8], Enumerable.Repeat(1f, 8).ToArray());
        b.Initializer("fc.weight", [10, 8], OnnxBuilder.RandomValues(80, 6));
        b.Initializer("fc.bias", [10], new float[10]);
        b.Node("Conv", ["x", "conv.weight"], "c", Ints("pads", 1, 1, 1, 1));
        b.Node("BatchNormalization", ["c", "bn.scale", "bn.bias", "bn.mean", "bn.var"], "n");
        b.Node("Relu", ["n"], "r");
        b.Node("GlobalAveragePool", ["r"], "g");
        b.Node("Flatten", ["g"], "f");
        b.Node("Gemm", ["f", "fc.weight", "fc.bias"], "logits", Int("transB", 1));
        b.Output("logits", "N", 10);
        return b.ToModel("test");
    }

    /// <summary>A transformer-like head on int64 token ids [N,16]: embedding Gather, mean over tokens, Gemm.</summary>
    public static ModelProto Tokens()
    {
        var b = new OnnxGraphBuilder("tokens");
        b.Input("input_ids", "batch", 16);
        b.Initializer("embeddings", [100, 8], OnnxBuilder.RandomValues(800, 7));
        b.Initializer("classifier.weight", [10, 8], OnnxBuilder.RandomValues(80, 8));
        b.Node("Gather", ["embeddings", "input_ids"], "e");
        b.Node("ReduceMean", ["e"], "m", Ints("axes", 1), Int("keepdims", 0));
        b.Node("Gemm", ["m", "classifier.weight"], "logits", Int("transB", 1));
        b.Output("logits", "batch", 10);
        ModelProto model = b.ToModel("test");
        model.Graph.Input[0].Type.TensorType.ElemType = (int)DataType.Int64;
        return model;
    }

    /// <summary>
    /// The model in half precision, as float16 converters that keep float32 inputs and outputs write it: every
    /// floating initializer stored as float16, a Cast to float16 after the input and a Cast back before the output.
    /// </summary>
    public static ModelProto HalfPrecision(ModelProto model)
    {
        ModelProto half = model.Clone();
        GraphProto graph = half.Graph;
        for (int i = 0; i < graph.Initializer.Count; i++)
        {
            TensorProto tensor = graph.Initializer[i];
            if (TensorData.IsFloat32(tensor))
                graph.Initializer[i] = OnnxBuilder.Raw(tensor.Name, DataType.Float16, tensor.Dims.ToArray(), TensorData.ReadFloats(tensor));
        }
        string input = graph.Input[0].Name, output = graph.Output[0].Name;
        foreach (NodeProto node in graph.Node)
        {
            for (int i = 0; i < node.Input.Count; i++)
                if (node.Input[i] == input) node.Input[i] = input + "_fp16";
            for (int i = 0; i < node.Output.Count; i++)
                if (node.Output[i] == output) node.Output[i] = output + "_fp16";
        }
        graph.Node.Insert(0, OnnxBuilder.Cast(input, input + "_fp16", DataType.Float16));
        graph.Node.Add(OnnxBuilder.Cast(output + "_fp16", output, DataType.Float));
        return half;
    }

    /// <summary>The model behind another input layout: a new input of the given shape, then a node that turns it into the old input.</summary>
    public static ModelProto WithInput(ModelProto model, object[] dims, NodeProto toOldInput)
    {
        ModelProto copy = model.Clone();
        GraphProto graph = copy.Graph;
        var b = new OnnxGraphBuilder("layout");
        b.Input("images", dims);
        graph.Input[0] = b.ToModel("test").Graph.Input[0];
        graph.Node.Insert(0, toOldInput);
        return copy;
    }

    /// <summary>LeNet-5 taking NHWC images [N,28,28,1], as tf2onnx exports a Keras model: a Transpose to NCHW first.</summary>
    public static ModelProto LenetChannelsLast()
    {
        ModelProto lenet = Lenet();
        return WithInput(lenet, ["N", 28, 28, 1],
            OnnxBuilder.Node("Transpose", "to_nchw", ["images"], [lenet.Graph.Input[0].Name], Ints("perm", 0, 3, 1, 2)));
    }

    /// <summary>
    /// LeNet-5 as torch.onnx.export writes it from a dummy input of <paramref name="batch"/> images without dynamic axes:
    /// input and output declare that batch, and the Flatten is a Reshape whose shape constant hard-codes it ([1,800]).
    /// </summary>
    public static ModelProto LenetWithFixedBatch(int batch)
    {
        ModelProto lenet = Lenet();
        GraphProto graph = lenet.Graph;
        graph.Input[0].Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimValue = batch };
        graph.Output[0].Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimValue = batch };
        int flatten = graph.Node.ToList().FindIndex(n => n.OpType == "Flatten");
        NodeProto old = graph.Node[flatten];
        long features = graph.Initializer.Single(t => t.Name == "fc1.weight").Dims[1];
        graph.Initializer.Add(Int64Tensor("flat_shape", [2], batch, features));
        graph.Node[flatten] = OnnxBuilder.Node("Reshape", "flatten", [old.Input[0], "flat_shape"], [old.Output[0]]);
        return lenet;
    }

    /// <summary>
    /// The MLP as ML.NET exports a pipeline: inputs "Label" [N,1] and "Features" [N,784]; outputs the passthrough
    /// columns ("Features.output", "Label.output"), "PredictedLabel" [N] int64 (an ArgMax, which the scores do not need)
    /// and "Score" [N,10] (Softmax), with passthroughs listed before the scores. With <paramref name="labelInScores"/>
    /// the scores also read the label (as a model that leaks it would), which cannot be run on images alone.
    /// </summary>
    public static ModelProto MlNetMlp(bool labelInScores = false)
    {
        ModelProto mlp = Mlp();
        GraphProto graph = mlp.Graph;
        graph.Input[0].Name = "Features";
        foreach (NodeProto node in graph.Node)
            for (int i = 0; i < node.Input.Count; i++)
                if (node.Input[i] == "input") node.Input[i] = "Features";
        graph.Input.Insert(0, WithBatch(OnnxBuilder.Value("Label", DataType.Float, 1, 1)));
        graph.Output.Clear();
        string logits = "logits";
        if (labelInScores)
        {
            graph.Node.Add(OnnxBuilder.Node("Add", "leak", ["logits", "Label"], ["leaked"]));
            logits = "leaked";
        }
        graph.Node.Add(OnnxBuilder.Node("Softmax", "score", [logits], ["Score"], Int("axis", 1)));
        graph.Node.Add(OnnxBuilder.Node("ArgMax", "predict", ["Score"], ["PredictedLabel"], Int("axis", 1), Int("keepdims", 0)));
        graph.Node.Add(OnnxBuilder.Node("Identity", "features_passthrough", ["Features"], ["Features.output"]));
        graph.Node.Add(OnnxBuilder.Node("Identity", "label_passthrough", ["Label"], ["Label.output"]));
        graph.Output.Add(WithBatch(OnnxBuilder.Value("Features.output", DataType.Float, 1, 784)));
        graph.Output.Add(WithBatch(OnnxBuilder.Value("Label.output", DataType.Float, 1, 1)));
        graph.Output.Add(WithBatch(OnnxBuilder.Value("PredictedLabel", DataType.Int64, 1)));
        graph.Output.Add(WithBatch(OnnxBuilder.Value("Score", DataType.Float, 1, 10)));
        return mlp;
    }

    // ML.NET leaves the batch symbolic (-1 in its shapes); the first dimension given to Value becomes "N".
    static ValueInfoProto WithBatch(ValueInfoProto value)
    {
        value.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "N" };
        return value;
    }

    /// <summary>LeNet-5 with its last weight matrix in a Constant node (as exporters that fold weights write it); its name comes back.</summary>
    public static ModelProto LenetWithConstantWeight(out string constant)
    {
        ModelProto lenet = Lenet();
        TensorProto moved = lenet.Graph.Initializer.Last(t => TensorData.IsFloat32(t) && t.Dims.Count == 2);
        lenet.Graph.Initializer.Remove(moved);
        lenet.Graph.Node.Insert(0, OnnxBuilder.Constant(moved.Name, moved));
        constant = moved.Name;
        return lenet;
    }

    /// <summary>LeNet-5 taking [N,28,28] (a Keras Input(shape=(28,28))): an Unsqueeze adds the channel.</summary>
    public static ModelProto LenetWithoutChannel()
    {
        ModelProto lenet = Lenet();
        lenet.Graph.Initializer.Add(Int64Tensor("channel_axis", [1], 1));
        return WithInput(lenet, ["N", 28, 28], OnnxBuilder.Node("Unsqueeze", "add_channel", ["images", "channel_axis"], [lenet.Graph.Input[0].Name]));
    }
}
