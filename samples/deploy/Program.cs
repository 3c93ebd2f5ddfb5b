using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Quantize.Runtime;

namespace Deploy;

/// <summary>
/// <c>deploy MODEL.nqz [FASHION_MNIST_FOLDER]</c>: opens a compressed LeNet-5 with Quantize.Runtime, restores its ONNX model
/// in memory, and classifies the 10,000 Fashion-MNIST test images with ONNX Runtime, printing the top-1 accuracy in the form
/// <c>quantize eval</c> prints it. Exit code 0, or 1 with one line on stderr for a missing or damaged container.
/// </summary>
public static class Program
{
    const int DefaultBatch = 500;

    public static int Main(string[] args)
    {
        if (args.Length is < 1 or > 2)
        {
            Console.Error.WriteLine("usage: deploy MODEL.nqz [FASHION_MNIST_FOLDER]  (the folder defaults to samples/fashion-mnist)");
            return 2;
        }
        string container = args[0];
        string data = args.Length > 1 ? args[1] : Path.Combine("samples", "fashion-mnist");

        var clock = Stopwatch.StartNew();
        NqzModel model;
        byte[] onnx;
        try
        {
            model = NqzModel.Open(container);
            onnx = model.ToOnnxBytes();
        }
        catch (Exception e) when (e is InvalidContainerException or FileNotFoundException)
        {
            Console.Error.WriteLine($"deploy: {e.Message}");
            return 1;
        }
        Console.WriteLine($"{container}: {model.ParameterCount:N0} parameters in {model.ContainerLength:N0} bytes ({model.CompressionRatio:F1}x), " +
                          $"written by {model.Producer}; restored a {onnx.Length:N0}-byte ONNX model in {clock.Elapsed.TotalMilliseconds:F0} ms");

        using var session = new InferenceSession(onnx);
        FashionMnistTestSet test = FashionMnistTestSet.Load(data);
        int correct = CountCorrect(session, test);
        Console.WriteLine($"{container}: test accuracy {100.0 * correct / test.Count:F2}% ({correct}/{test.Count}) on {data} (ONNX Runtime)");
        return 0;
    }

    /// <summary>Top-1 hits over the whole test set, a batch at a time; pixels scaled to [0, 1] as the model was trained.</summary>
    static int CountCorrect(InferenceSession session, FashionMnistTestSet test)
    {
        string inputName = session.InputMetadata.Keys.Single();
        int[] dims = session.InputMetadata[inputName].Dimensions; // [N, 1, 28, 28]; N may be free (-1)
        int batch = dims[0] > 0 ? dims[0] : DefaultBatch;
        int pixelsPerImage = test.Rows * test.Columns;
        int correct = 0;
        for (int start = 0; start < test.Count; start += batch)
        {
            int count = Math.Min(batch, test.Count - start);
            var pixels = new float[count * pixelsPerImage];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = test.Pixels[start * pixelsPerImage + i] / 255f;
            var input = new DenseTensor<float>(pixels, [count, 1, test.Rows, test.Columns]);
            using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> outputs = session.Run([NamedOnnxValue.CreateFromTensor(inputName, input)]);
            float[] scores = outputs[0].AsTensor<float>().ToArray();
            int classes = scores.Length / count;
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<float> row = scores.AsSpan(i * classes, classes);
                if (row.IndexOf(MaxOf(row)) == test.Labels[start + i]) correct++;
            }
        }
        return correct;
    }

    static float MaxOf(ReadOnlySpan<float> values)
    {
        float max = values[0];
        foreach (float value in values) max = Math.Max(max, value);
        return max;
    }
}
