using System.Buffers.Binary;
using Google.Protobuf;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Tests.Support;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Format.Tests.Onnx;

public class TensorDataTypesTests
{
    static TensorProto Tensor(DataType type, params long[] dims)
    {
        var tensor = new TensorProto { Name = "t", DataType = (int)type };
        tensor.Dims.Add(dims);
        return tensor;
    }

    [Fact]
    public void ReadFloats_Float16RawData_ConvertsEachHalf()
    {
        Half[] halves = [(Half)1.5f, (Half)(-0.333f), Half.MaxValue];
        var bytes = new byte[6];
        for (int i = 0; i < 3; i++) BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(2 * i), halves[i]);
        TensorProto tensor = Tensor(DataType.Float16, 3);
        tensor.RawData = ByteString.CopyFrom(bytes);

        FloatBits.AssertIdentical(halves.Select(h => (float)h), TensorData.ReadFloats(tensor));
    }

    [Fact]
    public void ReadFloats_Float16InInt32Data_ReadsTheLowSixteenBits()
    {
        TensorProto tensor = Tensor(DataType.Float16, 2);
        tensor.Int32Data.Add([BitConverter.HalfToUInt16Bits((Half)2.25f), BitConverter.HalfToUInt16Bits((Half)(-4f))]);

        FloatBits.AssertIdentical([2.25f, -4f], TensorData.ReadFloats(tensor));
    }

    [Fact]
    public void ReadFloats_DoubleData_RoundsToFloat()
    {
        TensorProto tensor = Tensor(DataType.Double, 2);
        tensor.DoubleData.Add([0.1, -1e10]);

        FloatBits.AssertIdentical([0.1f, -1e10f], TensorData.ReadFloats(tensor));
    }

    [Fact]
    public void ReadFloats_BFloat16RawData_IsTheUpperHalfOfAFloat()
    {
        TensorProto tensor = Tensor(DataType.Bfloat16, 2);
        tensor.RawData = ByteString.CopyFrom(0x80, 0x3F, 0x00, 0xC0); // 0x3F80 = 1.0, 0xC000 = -2.0

        FloatBits.AssertIdentical([1f, -2f], TensorData.ReadFloats(tensor));
    }

    [Theory]
    [InlineData(DataType.Float16, 2)]
    [InlineData(DataType.Double, 8)]
    [InlineData(DataType.Bfloat16, 2)]
    public void ReadFloats_RawDataOfWrongLength_NamesTheTensor(DataType type, int size)
    {
        TensorProto tensor = Tensor(type, 3);
        tensor.RawData = ByteString.CopyFrom(new byte[2 * size]);

        var error = Assert.Throws<OnnxFormatException>(() => TensorData.ReadFloats(tensor));

        Assert.Contains("'t'", error.Message);
    }

    [Fact]
    public void ReadFloats_Int64Tensor_IsRefused()
    {
        TensorProto tensor = Tensor(DataType.Int64, 1);
        tensor.Int64Data.Add(3);

        Assert.Throws<OnnxFormatException>(() => TensorData.ReadFloats(tensor));
    }

    [Theory]
    [InlineData(DataType.Float16)]
    [InlineData(DataType.Bfloat16)]
    [InlineData(DataType.Double)]
    public void WriteValues_KeepsTheStoredType_AndReadsBackItsRounding(DataType type)
    {
        float[] values = [0.1f, -3.14159f, 1000.5f, 0f];
        TensorProto tensor = Tensor(type, 4);
        tensor.Int32Data.Add([1, 2, 3, 4]);
        tensor.DoubleData.Add([1, 2, 3, 4]);

        TensorData.WriteValues(tensor, values);

        Assert.Equal((int)type, tensor.DataType);
        Assert.Empty(tensor.Int32Data);
        Assert.Empty(tensor.DoubleData);
        Assert.Equal(4 * FloatingTypes.ElementBytes((int)type), tensor.RawData.Length);
        float[] expected = type switch
        {
            DataType.Float16 => values.Select(v => (float)(Half)v).ToArray(),
            DataType.Double => values,
            _ => values.Select(v => BitConverter.Int32BitsToSingle((int)((BitConverter.SingleToUInt32Bits(v) + 0x7FFF + ((BitConverter.SingleToUInt32Bits(v) >> 16) & 1)) & 0xFFFF0000))).ToArray(),
        };
        FloatBits.AssertIdentical(expected, TensorData.ReadFloats(tensor));
    }

    [Fact]
    public void WriteValues_BFloat16_RoundsHalfwayToEven()
    {
        // 1 + 2^-8 lies halfway between bfloat16 neighbours 1 and 1 + 2^-7; even is 1.
        float halfway = BitConverter.Int32BitsToSingle(0x3F808000);
        TensorProto tensor = Tensor(DataType.Bfloat16, 1);

        TensorData.WriteValues(tensor, [halfway]);

        Assert.Equal([0x80, 0x3F], tensor.RawData.ToByteArray());
    }
}
