using System.Security.Cryptography;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;
using Quantize.Data.Idx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Onnx;
using Quantize.Torch.Data;
using Quantize.Torch;
using static TorchSharp.torch;

namespace Quantize.Cli.Sweep;

/// <summary>
/// What every setting of a sweep shares, made once by compress's own stages: the model, its kept values as one group
/// (all layers at once, pruned positions with compress's defaults), the importance weights, the data and the
/// original accuracy.
/// </summary>
public sealed class SweepInputs
{
    SweepInputs(ModelProto model, string sha256, PreparedValues prepared, DataSplits data, Device device)
    {
        Model = model;
        ModelSha256 = sha256;
        Prepared = prepared;
        Data = data;
        Device = device;
    }

    public ModelProto Model { get; }

    public string ModelSha256 { get; }

    /// <summary>The one group of all kept values and its weights, as compress prepares them.</summary>
    public PreparedValues Prepared { get; }

    public PrunedPositions Pruned => Prepared.Pruned;

    /// <summary>How many parameters the quantizers see.</summary>
    public long KeptCount => Prepared.Values[0].LongLength;

    public HessianReport Hessian => Prepared.Importance;

    public DataSplits Data { get; }

    /// <summary>The test split when the sweep evaluates, else null.</summary>
    public IModelData? Test { get; private set; }

    public string? DataDirectory { get; private set; }

    public double? OriginalAccuracy { get; private set; }

    /// <summary>Where evaluation, Hessian estimation and fine-tuning run (--device).</summary>
    public Device Device { get; }

    /// <summary>The training split fine-tuning reads; null without --fine-tune-epochs.</summary>
    public IModelData? Train { get; private set; }

    public static SweepInputs Load(SweepRequest request)
    {
        ModelProto model = ModelSource.LoadNetwork(request.ModelPath);
        var data = new DataSplits(request.Context, model);
        Device device = TorchDevices.Resolve(request.Device);
        // Find the data before the slow work, so a missing folder fails fast.
        IModelData? test = request.Evaluate ? data.Test : null;
        IModelData? train = request.FineTuning.Enabled ? data.Train : null;

        IReadOnlyList<ParameterTensor> parameters = SourceParameters.Extract(model);
        ImportanceWeights importance = ImportanceWeights.Resolve(request.Importance, request.Context, data, model, parameters);
        PreparedValues prepared = ValuePreparation.Run(model, parameters, importance, perLayer: false,
            Format.Container.PruningRule.DefaultConvGapBits, Format.Container.PruningRule.DefaultFcGapBits, request.Scale);
        return new SweepInputs(model, Sha256(request.ModelPath), prepared, data, device)
        {
            Test = test,
            Train = train,
            DataDirectory = test == null ? null : data.Directory(DatasetSplit.Test),
            OriginalAccuracy = test == null ? null : ModelEvaluation.TestAccuracy(model, test, device).Percent,
        };
    }

    static string Sha256(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
