using Quantize.Cli.Reports;
using Quantize.Data.Idx;
using Quantize.Torch;

namespace Quantize.Cli.Pipeline;

/// <summary><c>eval</c>: a model (ONNX, checkpoint or container) scored on the test split — never on training or calibration data.</summary>
public static class EvaluationPipeline
{
    public static EvaluationReport Run(RunContext context)
    {
        var model = ModelSource.Load(context.ModelPath!);
        var device = TorchDevices.Resolve(context.Device);
        var data = new DataSplits(context, model);
        var accuracy = ModelEvaluation.TestAccuracy(model, data.Test, device);
        return new EvaluationReport(context.ModelPath!, accuracy.Percent, accuracy.Correct, accuracy.Total, data.Directory(DatasetSplit.Test));
    }
}
