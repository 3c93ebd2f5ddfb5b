using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Data;
using Quantize.Torch.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Torch.Evaluation;

/// <summary>
/// Top-1 accuracy of a classifier on a labelled set, in a fixed batch order so that results repeat exactly.
/// It runs where the model's parameters are (see <see cref="TorchDevices"/>).
/// Batches are cut here; an ONNX graph that declares a fixed batch size runs them that many images at a time
/// (<see cref="OnnxGraphModule.forward"/>), which evaluation, Hessian estimation and training all go through.
/// </summary>
public static class Accuracy
{
    public const int BatchSize = 1000;

    public static AccuracyResult TopOne(nn.Module<Tensor, Tensor> model, ImageTensors data)
    {
        TorchRuntime.EnsureLoaded();
        bool wasTraining = model.training;
        model.eval();
        long correct = 0;
        Device device = TorchDevices.Of(model);
        int classes = ModelInputs.ClassCount(data.Images);
        string output = model is OnnxGraphModule graph ? graph.ScoreOutput : "output";
        using (no_grad())
        {
            foreach ((Tensor pixels, Tensor labels) in data.Sequential(BatchSize, device))
            {
                using var scope = NewDisposeScope();
                using Tensor _ = pixels, __ = labels;
                Tensor scores = model.forward(pixels);
                ModelInputs.CheckScores(scores, output, classes); // sizes the graph left symbolic
                Tensor predicted = scores.argmax(1);
                correct += predicted.eq(labels).sum().item<long>();
            }
        }
        if (wasTraining) model.train();
        return new AccuracyResult(correct, data.Count);
    }

    /// <summary>Top-1 accuracy of a classifier on labelled named inputs (<see cref="IModelData"/>), in file order.</summary>
    public static AccuracyResult TopOne(OnnxGraphModule model, IModelData data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (!data.HasLabels) throw new ArgumentException("accuracy needs labels; the data has none", nameof(data));
        if (!model.HasClassScores)
            throw new IncompatibleModelException($"the model's outputs ({string.Join(", ", model.PrimaryOutputs)}) are not class scores; accuracy needs them");
        TorchRuntime.EnsureLoaded();
        bool wasTraining = model.training;
        model.eval();
        long correct = 0;
        Device device = TorchDevices.Of(model);
        using (no_grad())
        {
            for (int start = 0; start < data.Count; start += BatchSize)
            {
                using var scope = NewDisposeScope();
                int[] positions = Enumerable.Range(start, Math.Min(BatchSize, data.Count - start)).ToArray();
                ModelBatch batch = data.Batch(positions, device);
                Tensor scores = model.Primary(batch);
                if (scores.dim() != 2) throw new IncompatibleModelException($"model output '{model.ScoreOutput}' gave [{string.Join(",", scores.shape)}]; accuracy needs [N,C] class scores");
                correct += scores.argmax(1).eq(batch.Labels!.to(scores.device)).sum().item<long>();
            }
        }
        if (wasTraining) model.train();
        return new AccuracyResult(correct, data.Count);
    }

    /// <summary>Scores an ONNX model by executing it on the device, once <see cref="ModelInputs"/> finds that it takes the images.</summary>
    public static AccuracyResult TopOne(ModelProto model, ImageTensors data, Device device)
    {
        ModelInputs.Check(model, data.Images);
        TorchRuntime.EnsureLoaded();
        using var module = new OnnxGraphModule(model).to(device);
        return TopOne(module, data);
    }
}
