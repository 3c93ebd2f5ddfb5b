using System.Buffers.Binary;
using System.Text;
using Quantize.Format.SafeTensors;
using Quantize.Tests.Shared;

namespace Quantize.Format.Tests.SafeTensors;

/// <summary>The strict header reader: what the reference reader accepts comes back entry by entry, what it refuses is refused with the reason.</summary>
public class SafeTensorsHeaderTests
{
    [Fact]
    public void ReadsEntriesInHeaderOrderAndMetadataInFileOrder()
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("m.safetensors");
        SafeTensorsFixture.Tensor[] tensors =
        [
            SafeTensorsFixture.Float("b", "F16", [2, 3], [1, 2, 3, 4, 5, 6]),
            SafeTensorsFixture.Int64("a", [2], [7, 8]),
        ];
        SafeTensorsFixture.Write(path, tensors, [new("z", "1"), new("a", "2")], dataOrder: [1, 0]);

        (byte[] json, SafeTensorsHeader header) = SafeTensorsHeader.Read(path);

        Assert.Equal(0, json.Length % 8); // padding is part of the header bytes
        Assert.Equal(["b", "a"], header.Entries.Select(e => e.Name));
        Assert.Equal(["a", "b"], header.InDataOrder.Select(e => e.Name));
        Assert.Equal([("z", "1"), ("a", "2")], header.Metadata.Select(p => (p.Key, p.Value)));
        SafeTensorsEntry b = header.Entries[0];
        Assert.Equal(("F16", 16L, 28L), (b.DType, b.Begin, b.End)); // after a's 16 bytes
        Assert.Equal([2L, 3L], b.Shape);
        Assert.Equal(28, header.DataLength);
    }

    public static TheoryData<string, string> BadHeaders => new()
    {
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}""", "starts at byte 12 of the data, not at 8" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", "starts at byte 4 of the data, not at 8" },
        { """{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", "has 8 bytes for 3 F32 values" },
        { """{"a":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}""", "has dtype C64" },
        { """{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", "malformed entry 'a'" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}""", "has data offsets [8, 0]" },
        { """{"a":{"dtype":"F32","shape":[2]}}""", "malformed entry 'a'" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "unreadable header" },
        { """{"__metadata__":{"k":3},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "malformed entry '__metadata__'" },
        { """[1,2]""", "unreadable header" },
        { """{"a":""", "unreadable header" },
        { """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "cover 4 bytes of data but the file holds 8" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void RefusesWhatTheReferenceReaderRefuses(string json, string message)
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("bad.safetensors");
        File.WriteAllBytes(path, FileWith(json, dataBytes: 8));
        var error = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsHeader.Read(path));
        Assert.Contains("is not a valid safetensors file", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void RefusesAHeaderLengthPastTheEndOfTheFile()
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("bad.safetensors");
        byte[] file = FileWith("{}", 0);
        BinaryPrimitives.WriteUInt64LittleEndian(file, 1UL << 40);
        File.WriteAllBytes(path, file);
        Assert.Contains("declares a 1099511627776-byte header", Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsHeader.Read(path)).Message);
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Contains("shorter than its 8-byte header length", Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsHeader.Read(path)).Message);
    }

    static byte[] FileWith(string json, int dataBytes)
    {
        byte[] header = Encoding.UTF8.GetBytes(json);
        var file = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        return file;
    }
}
