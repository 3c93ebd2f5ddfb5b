using System.Security.Cryptography;
using Google.Protobuf;
using Quantize.Format.Container.Proto;
using Quantize.Format.IO;


namespace Quantize.Format.Container;

/// <summary>
/// The outer layer of a .nqz file: signature, envelope, version and checksum. Everything inside the
/// body is interpreted only after the checksum matched.
/// </summary>
public static class NqzFile
{
    public static void Write(string path, NqzBody body)
    {
        byte[] encoded = EncodeBody(body);
        AtomicFile.Write(path, stream => WriteTo(stream, encoded));
    }

    public static byte[] ToBytes(NqzBody body)
    {
        NqzEnvelope envelope = Envelope(EncodeBody(body));
        var bytes = new byte[NqzLimits.Signature.Length + envelope.CalculateSize()];
        NqzLimits.Signature.CopyTo(bytes);
        envelope.WriteTo(bytes.AsSpan(NqzLimits.Signature.Length));
        return bytes;
    }

    /// <summary>The body's bytes, which a file wraps with signature, version and checksum (<see cref="WriteTo"/>).</summary>
    public static byte[] EncodeBody(NqzBody body) => body.ToByteArray();

    /// <summary>
    /// Writes the file around an encoded body straight to <paramref name="stream"/>, the same bytes as <see cref="ToBytes"/>
    /// without a copy of the whole file in memory.
    /// </summary>
    public static void WriteTo(Stream stream, byte[] encodedBody)
    {
        stream.Write(NqzLimits.Signature);
        Envelope(encodedBody).WriteTo(stream);
    }

    /// <summary>The size of the file <see cref="WriteTo"/> writes.</summary>
    public static long FileLength(byte[] encodedBody) => NqzLimits.Signature.Length + (long)Envelope(encodedBody).CalculateSize();

    /// <summary>The size of the file <paramref name="body"/> makes, without encoding it or hashing its bytes.</summary>
    public static long FileLength(NqzBody body)
    {
        int size = body.CalculateSize();
        var envelope = new NqzEnvelope { FormatVersion = NqzLimits.FormatVersion, BodySha256 = ByteString.CopyFrom(new byte[SHA256.HashSizeInBytes]) };
        return NqzLimits.Signature.Length + (long)envelope.CalculateSize() + 1 + CodedOutputStream.ComputeLengthSize(size) + size;
    }

    // The body bytes are wrapped, not copied: the envelope lives only while it is written.
    static NqzEnvelope Envelope(byte[] encodedBody) => new()
    {
        FormatVersion = NqzLimits.FormatVersion,
        Body = UnsafeByteOperations.UnsafeWrap(encodedBody),
        BodySha256 = UnsafeByteOperations.UnsafeWrap(SHA256.HashData(encodedBody)),
    };

    public static NqzBody Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"container not found: {path}", path);
        if (new FileInfo(path).Length > NqzLimits.MaxFileBytes)
            throw new NqzFormatException($"{path} is larger than the 2 GiB limit of a .nqz file");
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>
    /// The bytes from the current position of <paramref name="stream"/> to its end (the stream is left open), for
    /// <see cref="Parse"/>. No more than the 2 GiB limit of a file is read, seekable or not.
    /// </summary>
    public static ReadOnlyMemory<byte> ReadToEnd(Stream stream, string description)
    {
        if (stream.CanSeek && stream.Length - stream.Position > NqzLimits.MaxFileBytes)
            throw new NqzFormatException($"{description} is larger than the 2 GiB limit of a .nqz file");
        using var copy = stream.CanSeek ? new MemoryStream((int)(stream.Length - stream.Position)) : new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (copy.Length + read > NqzLimits.MaxFileBytes)
                throw new NqzFormatException($"{description} is larger than the 2 GiB limit of a .nqz file");
            copy.Write(buffer, 0, read);
        }
        return copy.GetBuffer().AsMemory(0, (int)copy.Length); // the stream's own buffer: no copy of the file
    }

    public static NqzBody Parse(ReadOnlySpan<byte> bytes, string description)
    {
        ReadOnlySpan<byte> signature = NqzLimits.Signature;
        if (bytes.Length < signature.Length || !bytes[..signature.Length].SequenceEqual(signature))
            throw new NqzFormatException($"{description} is not a .nqz container (missing signature)");

        NqzEnvelope envelope = ParseMessage(NqzEnvelope.Parser, bytes[signature.Length..], description, "envelope");
        if (envelope.FormatVersion != NqzLimits.FormatVersion)
            throw new NqzFormatException(
                $"{description} uses container format version {envelope.FormatVersion}; this build reads version {NqzLimits.FormatVersion} (unsupported version)");
        byte[] actual = SHA256.HashData(envelope.Body.Span);
        if (!envelope.BodySha256.Span.SequenceEqual(actual))
            throw new NqzFormatException($"{description} is corrupt (checksum mismatch)");

        return ParseBody(envelope.Body.Span, description);
    }

    /// <summary>An encoded body (<see cref="EncodeBody"/>), parsed and validated as <see cref="Parse"/> does once the checksum matched.</summary>
    public static NqzBody ParseBody(ReadOnlySpan<byte> encodedBody, string description)
    {
        NqzBody body = ParseMessage(NqzBody.Parser, encodedBody, description, "body");
        NqzValidator.Validate(body, description);
        return body;
    }

    static T ParseMessage<T>(MessageParser<T> parser, ReadOnlySpan<byte> bytes, string description, string part)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new NqzFormatException($"{description} is corrupt (unreadable {part}: {e.Message.TrimEnd('.')})", e);
        }
    }
}
