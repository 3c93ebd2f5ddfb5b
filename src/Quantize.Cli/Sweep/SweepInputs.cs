using System.Security.Cryptography;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;
using Quantize.Format.Idx;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch;
using Quantize.Torch.Data;
using static TorchSharp.torch;

namespace Quantize.Cli.Sweep;

/// <summary>
/// What every setting of a sweep shares, loaded or computed once: the model, its parameters as one vector
/// (all layers at once, as <c>compress</c> does), the importance weights, the test set and the original accuracy.
/// </summary>
public sealed class SweepInputs
{
    SweepInputs(ModelProto model, IReadOnlyList<ParameterTensor> parameters, string sha256)
    {
        Model = model;
        Parameters = parameters;
        ModelSha256 = sha256;
        Group = ParameterGrouping.AllAtOnce(parameters)[0];
        Pruned = PrunedPositions.Find(model, parameters);
        Values = Pruned.Kept(parameters, null).Values;
    }

    public ModelProto Model { get; }

    public IReadOnlyList<ParameterTensor> Parameters { get; }

    public ParameterGroup Group { get; }

    public string ModelSha256 { get; }

    /// <summary>Pruned weights with compress's defaults (positions as index differences, default gap widths).</summary>
    public PrunedPositions Pruned { get; }

    /// <summary>Every kept (unpruned) parameter, in model order: what the quantizers see.</summary>
    public float[] Values { get; }

    /// <summary>h_ii per kept parameter; all ones without --hessian, as compress uses.</summary>
    public float[] Weights { get; private set; } = [];

    public HessianReport Hessian { get; private set; } = new("none", null, null);

    public ImageTensors? Test { get; private set; }

    public string? DataDirectory { get; private set; }

    public double? OriginalAccuracy { get; private set; }

    /// <summary>Where evaluation, Hessian estimation and fine-tuning run (--device).</summary>
    public Device Device { get; private set; } = CPU;

    /// <summary>The training split fine-tuning reads; null without --fine-tune-epochs.</summary>
    public ImageTensors? Train { get; private set; }

    public static SweepInputs Load(SweepRequest request)
    {
        byte[] bytes = File.Exists(request.ModelPath) ? File.ReadAllBytes(request.ModelPath)
            : throw new FileNotFoundException($"model file not found: {request.ModelPath}", request.ModelPath);
        ModelProto model;
        if (CheckpointModels.IsCheckpoint(request.ModelPath)) model = CheckpointModels.Load(request.ModelPath);
        else
        {
            model = OnnxModelFile.Parse(bytes, request.ModelPath);
            OnnxModelFile.ResolveExternalData(model, request.ModelPath);
        }
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        FiniteValues.Check(parameters);
        var inputs = new SweepInputs(model, parameters, Convert.ToHexStringLower(SHA256.HashData(bytes)))
        {
            Device = DeviceChoice.Resolve(request.Device),
        };

        // Find the data before the slow work, so a missing folder fails fast.
        if (request.Evaluate)
        {
            TorchRuntime.EnsureLoaded();
            ImageDataset dataset = ImageDataset.Resolve(request.DataDirectory, request.ModelPath, DatasetSplit.Test);
            inputs.Test = new ImageTensors(dataset.Load(DatasetSplit.Test));
            inputs.DataDirectory = dataset.Directory;
        }
        if (request.FineTuning.Enabled)
        {
            TorchRuntime.EnsureLoaded();
            inputs.Train = SharedValueTuning.TrainingSet(request.DataDirectory, request.ModelPath);
        }

        ImportanceWeights weights = ImportanceWeights.Resolve(new CompressRequest
        {
            ModelPath = request.ModelPath,
            OutputPath = "",
            Quantizer = new(),
            Hessian = request.Hessian,
            HessianSamples = request.HessianSamples,
            HessianDamping = request.HessianDamping,
            DataDirectory = request.DataDirectory,
            Device = request.Device,
            ProgressWriter = request.ProgressWriter,
        }, model, parameters);
        inputs.Hessian = weights.Report;
        inputs.Weights = inputs.Pruned.Kept(parameters, weights.Values).Weights;

        if (inputs.Test != null) inputs.OriginalAccuracy = ModelEvaluation.TestAccuracy(model, inputs.Test, inputs.Device).Percent;
        return inputs;
    }
}
