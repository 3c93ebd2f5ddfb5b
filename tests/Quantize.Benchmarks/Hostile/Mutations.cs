using Google.Protobuf;
using Quantize.Format.Container.Proto;

namespace Quantize.Benchmarks.Hostile;

/// <summary>Ways to damage a file: byte-level damage (the checksum should catch it) and field-level tampering (it cannot).</summary>
static class Mutations
{
    public static byte[] Damage(byte[] file, Random random)
    {
        byte[] copy = (byte[])file.Clone();
        switch (random.Next(4))
        {
            case 0:
                return copy[..random.Next(copy.Length)];
            case 1:
                for (int flips = random.Next(1, 9); flips > 0; flips--) copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                return copy;
            case 2:
                int at = random.Next(copy.Length), length = random.Next(1, 64);
                return [.. copy[..at], .. Enumerable.Range(0, length).Select(_ => (byte)random.Next(256)), .. copy[at..]];
            default:
                int start = random.Next(copy.Length);
                return [.. copy[..start], .. copy[Math.Min(copy.Length, start + random.Next(1, 256))..]];
        }
    }

    /// <summary>One field of the body changed to an extreme or random value; the caller re-wraps it with a valid checksum.</summary>
    public static NqzBody Tamper(NqzBody original, Random random)
    {
        NqzBody body = original.Clone();
        Codebook codebook = body.Codebooks[0];
        ulong[] extremes = [0, 1, ulong.MaxValue, uint.MaxValue, int.MaxValue, (ulong)random.NextInt64()];
        QuantizedTensor? flagged = body.Tensors.FirstOrDefault(t => t.Significance != null);
        switch (random.Next(flagged == null ? 10 : 12))
        {
            case 0: codebook.SymbolCount = extremes[random.Next(extremes.Length)]; break;
            case 1: codebook.StreamBits = extremes[random.Next(extremes.Length)]; break;
            case 2:
                if (codebook.CodeLengths.Count > 0) codebook.CodeLengths[random.Next(codebook.CodeLengths.Count)] = (uint)random.Next(0, 40);
                else codebook.AnsTable = Flip(codebook.AnsTable, random);
                break;
            case 3: codebook.Values.RemoveAt(random.Next(codebook.Values.Count)); break;
            case 4: body.Tensors[random.Next(body.Tensors.Count)].Dims[0] = (long)extremes[random.Next(extremes.Length)]; break;
            case 5: body.Tensors[random.Next(body.Tensors.Count)].Codebook = (uint)random.Next(0, 3); break;
            case 6: codebook.Stream = Flip(codebook.Stream, random); break;
            case 7: codebook.Coding = (SymbolCoding)random.Next(0, 6); break;
            case 8: body.ModelSkeleton = Flip(body.ModelSkeleton, random); break;
            case 10: flagged!.Significance.Stream = Flip(flagged.Significance.Stream, random); break;
            case 11: flagged!.Significance.KeptCount = extremes[random.Next(extremes.Length)]; break;
            default: codebook.Values[random.Next(codebook.Values.Count)] = random.Next(2) == 0 ? float.NaN : float.PositiveInfinity; break;
        }
        return body;
    }

    static ByteString Flip(ByteString bytes, Random random)
    {
        if (bytes.Length == 0) return ByteString.CopyFrom(1, 2, 3);
        byte[] copy = bytes.ToByteArray();
        copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        return ByteString.CopyFrom(copy);
    }
}
