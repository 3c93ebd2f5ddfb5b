namespace Quantize.Data.Idx;

/// <summary>Which part of a dataset: training (also the source of calibration slices) or test (evaluation only).</summary>
public enum DatasetSplit
{
    Train,
    Test,
}
