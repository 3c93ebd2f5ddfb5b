using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Data;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Onnx.Foreign;

/// <summary>
/// ONNX Runtime's top-1 predictions on the images, fed <c>batch</c> at a time (zero images pad the last batch, as a
/// fixed-batch export needs) into the named input, reshaped to its declared shape; every other input gets zeros.
/// </summary>
static class OrtPredictions
{
    public static long[] Of(ModelProto model, ImageTensors images, string imageInput, string scoreOutput, int batch)
    {
        using var session = new InferenceSession(model.ToByteArray());
        (Tensor pixels, Tensor labels) = images.Batch(Enumerable.Range(0, images.Count).ToArray());
        float[] all;
        using (pixels)
        using (labels)
            all = pixels.data<float>().ToArray();
        int perImage = all.Length / images.Count;
        var predictions = new List<long>();
        for (int start = 0; start < images.Count; start += batch)
        {
            int count = Math.Min(batch, images.Count - start);
            var names = new List<string>();
            var values = new List<OrtValue>();
            try
            {
                foreach ((string name, NodeMetadata input) in session.InputMetadata)
                {
                    long[] dims = [batch, .. input.Dimensions.Skip(1).Select(d => (long)d)];
                    var data = new float[dims.Aggregate(1L, (a, b) => a * b)];
                    if (name == imageInput) Array.Copy(all, start * perImage, data, 0, count * perImage);
                    names.Add(name);
                    values.Add(OrtValue.CreateTensorValueFromMemory(data, dims));
                }
                using var runOptions = new RunOptions();
                using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, names, values, [scoreOutput]);
                float[] scores = outputs[0].GetTensorDataAsSpan<float>().ToArray();
                int classes = scores.Length / batch;
                for (int n = 0; n < count; n++)
                    predictions.Add(Array.IndexOf(scores, scores.Skip(n * classes).Take(classes).Max(), n * classes) - n * classes);
            }
            finally
            {
                foreach (OrtValue value in values) value.Dispose();
            }
        }
        return predictions.ToArray();
    }

    /// <summary>How many predictions match the labels.</summary>
    public static long Correct(long[] predictions, ImageTensors images) =>
        predictions.Where((p, n) => p == images.Images.Labels[n]).LongCount();
}
