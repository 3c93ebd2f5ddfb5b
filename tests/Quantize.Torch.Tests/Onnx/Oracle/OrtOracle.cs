using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using TensorElementDataType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Onnx.Oracle;

/// <summary>
/// ONNX Runtime as the reference: runs a model there and through <see cref="OnnxGraphModule"/>, and
/// asserts every graph output agrees in shape and (within a tolerance) in value.
/// </summary>
static class OrtOracle
{
    public const double Tolerance = 1e-4;

    public static void AssertMatches(ModelProto model, params (string Name, Tensor Value)[] inputs) =>
        AssertMatches(model, Tolerance, inputs);

    public static void AssertMatches(ModelProto model, double tolerance, params (string Name, Tensor Value)[] inputs)
    {
        byte[] bytes = model.ToByteArray();
        List<Output> expected = Run(bytes, inputs);
        // Through bytes, as a file would go.
        using var graph = new OnnxGraphModule(OnnxModelFile.Parse(bytes, "oracle model"));
        Tensor[] actual;
        using (no_grad()) actual = graph.Run(inputs.ToDictionary(i => i.Name, i => i.Value));
        try
        {
            Assert.Equal(expected.Count, actual.Length);
            for (int o = 0; o < actual.Length; o++)
            {
                string name = graph.OutputNames[o];
                Assert.True(expected[o].Shape.SequenceEqual(actual[o].shape),
                    $"output '{name}': ORT shape [{string.Join(",", expected[o].Shape)}], ours [{string.Join(",", actual[o].shape)}]");
                // Indices (ArgMax, TopK, NonZero) must come back as int64 and masks as bool; every float type computes in float32.
                Assert.True(expected[o].Type == actual[o].dtype, $"output '{name}': ORT type {expected[o].Type}, ours {actual[o].dtype}");
                double[] ours = Doubles(actual[o]);
                for (int i = 0; i < ours.Length; i++)
                {
                    double reference = expected[o].Values[i];
                    Assert.True(Math.Abs(ours[i] - reference) <= tolerance * Math.Max(1, Math.Abs(reference)),
                        $"output '{name}' element {i}: ORT {reference}, ours {ours[i]}");
                }
            }
        }
        finally
        {
            foreach (Tensor t in actual) t.Dispose();
        }
    }

    public sealed record Output(long[] Shape, double[] Values, ScalarType Type);

    /// <summary>Runs the model in ONNX Runtime on float or int64 inputs; outputs come back as doubles in graph order.</summary>
    public static List<Output> Run(byte[] model, (string Name, Tensor Value)[] inputs)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(model, options);
        var values = new List<OrtValue>();
        try
        {
            foreach ((_, Tensor value) in inputs)
            {
                using Tensor cpu = value.detach().cpu().contiguous();
                values.Add(cpu.dtype == ScalarType.Int64
                    ? OrtValue.CreateTensorValueFromMemory(cpu.data<long>().ToArray(), cpu.shape)
                    : OrtValue.CreateTensorValueFromMemory(cpu.data<float>().ToArray(), cpu.shape));
            }
            using var runOptions = new RunOptions();
            using IDisposableReadOnlyCollection<OrtValue> outputs =
                session.Run(runOptions, inputs.Select(i => i.Name).ToArray(), values, session.OutputNames);
            return outputs.Select(ToOutput).ToList();
        }
        finally
        {
            foreach (OrtValue value in values) value.Dispose();
        }
    }

    static Output ToOutput(OrtValue value)
    {
        OrtTensorTypeAndShapeInfo info = value.GetTensorTypeAndShape();
        double[] values = info.ElementDataType switch
        {
            TensorElementDataType.Float => value.GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v).ToArray(),
            TensorElementDataType.Double => value.GetTensorDataAsSpan<double>().ToArray(),
            TensorElementDataType.Int64 => value.GetTensorDataAsSpan<long>().ToArray().Select(v => (double)v).ToArray(),
            TensorElementDataType.Int32 => value.GetTensorDataAsSpan<int>().ToArray().Select(v => (double)v).ToArray(),
            TensorElementDataType.Bool => value.GetTensorDataAsSpan<bool>().ToArray().Select(v => v ? 1.0 : 0.0).ToArray(),
            var other => throw new NotSupportedException($"ORT output of type {other}"),
        };
        ScalarType type = info.ElementDataType switch
        {
            TensorElementDataType.Int64 => ScalarType.Int64,
            TensorElementDataType.Int32 => ScalarType.Int32,
            TensorElementDataType.Bool => ScalarType.Bool,
            _ => ScalarType.Float32,
        };
        return new Output(info.Shape, values, type);
    }

    static double[] Doubles(Tensor tensor)
    {
        // TorchSharp's accessor cannot copy out an empty tensor (NonMaxSuppression selecting nothing).
        if (tensor.numel() == 0) return [];
        using Tensor asDouble = tensor.detach().to_type(ScalarType.Float64);
        using Tensor cpu = asDouble.cpu().contiguous();
        return cpu.data<double>().ToArray();
    }
}
