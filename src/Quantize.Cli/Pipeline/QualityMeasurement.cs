using Quantize.Cli.Reports;
using Quantize.Format.Container.Proto;
using Quantize.Format.Container;
using Quantize.Format.Idx;
using Quantize.Format.Onnx.Proto;
using static TorchSharp.torch;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// The evaluation stage: the container is decoded again from its bytes, and what is measured is the model a reader of
/// the file gets, so <c>decompress</c> + <c>eval</c> reproduce it exactly. Without evaluation the bytes are only checked to
/// decode (<see cref="NqzDecoder.Verify"/>), which needs no second copy of the weights.
/// </summary>
public static class QualityMeasurement
{
    /// <param name="beforeTuning">With fine-tuning: the same container with the shared values as quantized, to report both.</param>
    public static AccuracyReport Measure(ModelProto original, EncodedContainer container, NqzBody? beforeTuning, DataSplits? data, Device? device,
        string outputPath)
    {
        // Parsed here, so the copy (as large as the file) is gone when this stage returns.
        NqzBody written = NqzFile.ParseBody(container.Encoded, outputPath);
        if (data == null || device == null)
        {
            NqzDecoder.Verify(written, outputPath);
            return new AccuracyReport(null, null, null, null, null);
        }
        var test = data.Test;
        double originalAccuracy = ModelEvaluation.TestAccuracy(original, test, device).Percent;
        var after = ModelEvaluation.TestAccuracy(NqzDecoder.DecodeModel(written, outputPath), test, device);
        string directory = data.Directory(DatasetSplit.Test);
        if (beforeTuning == null) return new AccuracyReport(originalAccuracy, after.Percent, null, after.Total, directory);
        double quantizedOnly = ModelEvaluation.TestAccuracy(NqzDecoder.DecodeModel(beforeTuning, outputPath), test, device).Percent;
        return new AccuracyReport(originalAccuracy, quantizedOnly, after.Percent, after.Total, directory);
    }
}
