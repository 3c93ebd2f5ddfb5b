using Quantize.Cli.Reports;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Data.Idx;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Evaluation;
using static TorchSharp.torch;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// The evaluation stage: the container is decoded again from its bytes, and what is measured is the model a reader of
/// the file gets, so <c>decompress</c> + <c>eval</c> reproduce it exactly: accuracy where the data has labels and the
/// model gives class scores, and fidelity to the original (agreement, cosine, SQNR) for every floating output, labels
/// or not. Without evaluation the bytes are only checked to decode (<see cref="NqzDecoder.Verify"/>), which needs no
/// second copy of the weights.
/// </summary>
public static class QualityMeasurement
{
    /// <param name="beforeTuning">With fine-tuning: the same container with the shared values as quantized, to report both.</param>
    public static MeasuredQuality Measure(ModelProto original, EncodedContainer container, NqzBody? beforeTuning, DataSplits? data, Device? device,
        string outputPath)
    {
        // Parsed here, so the copy (as large as the file) is gone when this stage returns.
        NqzBody written = NqzFile.ParseBody(container.Encoded, outputPath);
        if (data == null || device == null)
        {
            NqzDecoder.Verify(written, outputPath);
            return new MeasuredQuality(new AccuracyReport(null, null, null, null, null), null);
        }
        QualityResult after = ModelQuality.Compare(original, NqzDecoder.DecodeModel(written, outputPath), data.Test, device);
        string directory = data.Directory(DatasetSplit.Test);
        long samples = data.Test.Count;
        double? quantizedOnly = beforeTuning == null || after.RestoredAccuracy == null ? null
            : ModelEvaluation.TestAccuracy(NqzDecoder.DecodeModel(beforeTuning, outputPath), data.Test, device).Percent;
        AccuracyReport accuracy = beforeTuning == null
            ? new AccuracyReport(after.OriginalAccuracy?.Percent, after.RestoredAccuracy?.Percent, null, samples, directory)
            : new AccuracyReport(after.OriginalAccuracy?.Percent, quantizedOnly, after.RestoredAccuracy?.Percent, samples, directory);
        return new MeasuredQuality(accuracy, FidelityReport.From(after));
    }
}
