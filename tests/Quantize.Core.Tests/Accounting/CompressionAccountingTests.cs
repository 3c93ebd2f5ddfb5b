using Quantize.Core.Accounting;

namespace Quantize.Core.Tests.Accounting;

public class CompressionAccountingTests
{
    [Fact]
    public void HandWorkedExample_OfEquationOne()
    {
        // N = 10 parameters of b = 32 bits; k = 3 clusters of sizes 5, 3, 2 with Huffman lengths 1, 2, 2.
        //   original       N·b             = 10·32         = 320
        //   weights        Σ|C_j|·b_j      = 5·1+3·2+2·2   = 15
        //   codewords      Σ b_j           = 1+2+2         = 5
        //   shared values  k·b             = 3·32          = 96
        //   eq. (1) denominator Σ(|C_j|+1)·b_j + k·b = 6·1+4·2+3·2 + 96 = 20 + 96 = 116 = 15 + 5 + 96
        //   ratio 320 / 116 = 2.7586..., average codeword 15 / 10 = 1.5 bits.
        CompressionBreakdown result = CompressionAccounting.Compute(10, new long[] { 5, 3, 2 }, new[] { 1, 2, 2 });

        Assert.Equal(10, result.ParameterCount);
        Assert.Equal(10, result.CodedParameterCount);
        Assert.Equal(3, result.ClusterCount);
        Assert.Equal(320, result.OriginalBits);
        Assert.Equal(15, result.WeightBits);
        Assert.Equal(5, result.CodewordTableBits);
        Assert.Equal(96, result.SharedValueBits);
        Assert.Equal(101, result.TableBits);
        Assert.Equal(0, result.IndexBits);
        Assert.Equal(0, result.IndexTableBits);
        Assert.Equal(116, result.TotalBits);
        Assert.Equal(320.0 / 116.0, result.Ratio, 12);
        Assert.Equal(2.7586206896551726, result.Ratio, 12);
        Assert.Equal(1.5, result.AverageCodewordBits, 12);
    }

    [Fact]
    public void PrunedModel_AddsIndexTermsAndCountsEveryOriginalParameter()
    {
        // Same clusters, but N = 20 of which 10 survived pruning; positions cost 30 bits plus a 40-bit table.
        //   original 20·32 = 640; total 15 + 5 + 96 + 30 + 40 = 186; ratio 640 / 186.
        CompressionBreakdown result = CompressionAccounting.Compute(
            20, new long[] { 5, 3, 2 }, new[] { 1, 2, 2 }, indexBits: 30, indexTableBits: 40);

        Assert.Equal(640, result.OriginalBits);
        Assert.Equal(10, result.CodedParameterCount);
        Assert.Equal(186, result.TotalBits);
        Assert.Equal(640.0 / 186.0, result.Ratio, 12);
        Assert.Equal(1.5, result.AverageCodewordBits, 12);
    }

    [Fact]
    public void FixedLengthCode_UsesCeilLog2KForEveryCluster()
    {
        // k = 5 clusters -> 3 bits each. N = 1000: weights 3000, codewords 5·3 = 15, values 5·32 = 160.
        //   total 3175, ratio 32000 / 3175.
        CompressionBreakdown result = CompressionAccounting.ComputeFixedLength(1000, new long[] { 400, 300, 200, 90, 10 });

        Assert.Equal(3000, result.WeightBits);
        Assert.Equal(15, result.CodewordTableBits);
        Assert.Equal(160, result.SharedValueBits);
        Assert.Equal(3175, result.TotalBits);
        Assert.Equal(32000.0 / 3175.0, result.Ratio, 12);
        Assert.Equal(3.0, result.AverageCodewordBits, 12);
    }

    [Fact]
    public void FixedLengthCode_SingleClusterCostsOneBitPerParameter()
    {
        // 100 parameters × 1 bit + 1 codeword bit + one 32-bit shared value = 133 bits.
        CompressionBreakdown result = CompressionAccounting.ComputeFixedLength(100, new long[] { 100 });

        Assert.Equal(100, result.WeightBits);
        Assert.Equal(133, result.TotalBits);
        Assert.Equal(3200.0 / 133.0, result.Ratio, 12);
    }

    [Fact]
    public void BitsPerParameterAndSharedValue_AreHonoured()
    {
        // 16-bit originals and 16-bit shared values: 10·16 = 160 over 15 + 5 + 3·16 = 68.
        CompressionBreakdown result = CompressionAccounting.Compute(
            10, new long[] { 5, 3, 2 }, new[] { 1, 2, 2 }, bitsPerParameter: 16, bitsPerSharedValue: 16);

        Assert.Equal(160, result.OriginalBits);
        Assert.Equal(48, result.SharedValueBits);
        Assert.Equal(68, result.TotalBits);
    }

    [Fact]
    public void InvalidInputs_Throw()
    {
        Assert.Throws<ArgumentException>(() => CompressionAccounting.Compute(10, new long[] { 5, 5 }, new[] { 1 }));
        Assert.Throws<ArgumentException>(() => CompressionAccounting.Compute(9, new long[] { 5, 5 }, new[] { 1, 1 }));
        Assert.Throws<ArgumentException>(() => CompressionAccounting.Compute(10, new long[] { 5, -1 }, new[] { 1, 1 }));
        Assert.Throws<ArgumentException>(() => CompressionAccounting.Compute(10, new long[] { 5, 5 }, new[] { 1, -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => CompressionAccounting.Compute(-1, new long[] { 0 }, new[] { 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => CompressionAccounting.Compute(10, new long[] { 5, 5 }, new[] { 1, 1 }, indexBits: -1));
    }

    [Fact]
    public void FromCodedBits_AgreesWithComputeOnAPrefixCode()
    {
        // The hand-worked example: sizes 5, 3, 2 with lengths 1, 2, 2 give 15 stream bits and 5 codeword bits.
        CompressionBreakdown fromLengths = CompressionAccounting.Compute(10, new long[] { 5, 3, 2 }, new[] { 1, 2, 2 });
        CompressionBreakdown fromBits = CompressionAccounting.FromCodedBits(10, clusterCount: 3, weightBits: 15, codewordTableBits: 5);
        Assert.Equal(fromLengths, fromBits);
        Assert.Equal(320.0 / 116.0, fromBits.Ratio, 12);
    }
}
